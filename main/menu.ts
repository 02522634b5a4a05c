// The application menu (Reload, DevTools in development only, Quit) and the "keep the cluster
// running after quitting" preference: the cluster outlives the app by default, like one started
// with `kubedeck start`; unticked, quitting stops it first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../orchestrator/cluster/fs-atomic.js';
import type { MenuItem } from './tray.js';

export interface MenuElectron {
  Menu: { buildFromTemplate(items: MenuItem[]): unknown; setApplicationMenu(menu: unknown): void };
}
export interface QuitApp {
  quit(): void;
  on(event: 'before-quit', cb: (e: { preventDefault(): void }) => void): void;
}

export interface Preferences {
  keepClusterRunning: boolean;
}
const DEFAULT_PREFS: Preferences = { keepClusterRunning: true };

/** Preferences in <userData>/preferences.json; a missing or broken file means the defaults. */
export function preferencesStore(dir: string): {
  get(): Preferences;
  set(p: Partial<Preferences>): Preferences;
} {
  const file = path.join(dir, 'preferences.json');
  const get = (): Preferences => {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Preferences>;
      return {
        keepClusterRunning:
          typeof raw.keepClusterRunning === 'boolean'
            ? raw.keepClusterRunning
            : DEFAULT_PREFS.keepClusterRunning,
      };
    } catch {
      return { ...DEFAULT_PREFS };
    }
  };
  return {
    get,
    set(p) {
      const next = { ...get(), ...p };
      writeFileAtomic(file, JSON.stringify(next, null, 2) + '\n', 0o600);
      return next;
    },
  };
}

export interface MenuOptions {
  appName?: string;
  platform?: string;
  /** Development build: DevTools in the menu. */
  isDev: boolean;
  keepRunning(): boolean;
  setKeepRunning(v: boolean): void;
  quit(): void;
}

export function appMenuTemplate(o: MenuOptions): MenuItem[] {
  const mac = (o.platform ?? process.platform) === 'darwin';
  const name = o.appName ?? 'Kubedeck';
  const keep: MenuItem = {
    label: 'Keep Cluster Running After Quit',
    type: 'checkbox',
    checked: o.keepRunning(),
    click: () => o.setKeepRunning(!o.keepRunning()),
  };
  const quit: MenuItem = { label: `Quit ${name}`, accelerator: 'CmdOrCtrl+Q', click: () => o.quit() };
  const view: MenuItem[] = [
    { label: 'Reload', role: 'reload', accelerator: 'CmdOrCtrl+R' },
    ...(o.isDev
      ? [{ label: 'Toggle Developer Tools', role: 'toggleDevTools', accelerator: 'Alt+CmdOrCtrl+I' }]
      : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    mac
      ? {
          label: name,
          submenu: [{ role: 'about' }, { type: 'separator' }, keep, { type: 'separator' }, quit],
        }
      : { label: 'File', submenu: [keep, { type: 'separator' }, quit] },
    { label: 'Edit', role: 'editMenu' },
    { label: 'View', submenu: view },
    { label: 'Window', role: 'windowMenu' },
  ];
}

/** Installs the menu, and makes every quit (menu, tray, last window) honour the preference. */
export function installAppMenu(
  e: MenuElectron,
  app: QuitApp,
  o: Omit<MenuOptions, 'quit'> & { stopCluster(): Promise<void> },
): void {
  let stopped = false;
  app.on('before-quit', (ev) => {
    if (stopped || o.keepRunning()) return;
    // Stop first, then quit for real (the second before-quit passes through).
    ev.preventDefault();
    stopped = true;
    void o
      .stopCluster()
      .catch(() => {})
      .finally(() => app.quit());
  });
  const rebuild = () =>
    e.Menu.setApplicationMenu(
      e.Menu.buildFromTemplate(
        appMenuTemplate({
          ...o,
          setKeepRunning: (v) => {
            o.setKeepRunning(v);
            rebuild();
          },
          quit: () => app.quit(),
        }),
      ),
    );
  rebuild();
}
