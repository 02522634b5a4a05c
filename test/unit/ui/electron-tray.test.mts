// @vitest-environment node
// The tray and the app menu with a mocked `electron` module: the state line, Start/Stop enabled by
// state, progress while an action runs, reload after a restart; Reload/DevTools/Quit in the menu,
// and quitting honouring "keep the cluster running".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clusterTrayActions,
  createTray,
  trayMenu,
  type MenuItem,
  type TrayActions,
} from '../../../main/tray.js';
import { appMenuTemplate, installAppMenu, preferencesStore } from '../../../main/menu.js';

const trays: any[] = [];
let appMenu: MenuItem[] | undefined;
vi.mock('electron', () => ({
  Tray: class {
    tooltip = '';
    menu: MenuItem[] = [];
    handlers: Record<string, () => void> = {};
    destroyed = false;
    constructor(readonly icon: unknown) {
      trays.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: MenuItem[]) {
      this.menu = m;
    }
    on(ev: string, cb: () => void) {
      this.handlers[ev] = cb;
    }
    destroy() {
      this.destroyed = true;
    }
  },
  Menu: {
    buildFromTemplate: (t: MenuItem[]) => t,
    setApplicationMenu: (m: MenuItem[]) => (appMenu = m),
  },
  nativeImage: { createFromDataURL: (u: string) => ({ dataUrl: u }) },
}));

const item = (menu: MenuItem[], label: string) => menu.find((i) => i.label === label);
const flush = () => new Promise((r) => setTimeout(r, 5));

describe('tray', () => {
  let state: 'running' | 'stopped' | 'absent';
  let actions: TrayActions & { calls: string[] };
  beforeEach(() => {
    trays.length = 0;
    state = 'stopped';
    const calls: string[] = [];
    actions = {
      calls,
      status: () => Promise.resolve(state),
      start: async () => {
        calls.push('start');
        await flush();
        state = 'running';
      },
      stop: async () => {
        calls.push('stop');
        await flush();
        state = 'stopped';
      },
      show: () => calls.push('show'),
      quit: () => calls.push('quit'),
      onRunning: () => calls.push('onRunning'),
    };
  });

  it('menu per state: Start only when stopped or absent, Stop only when running', () => {
    const run = vi.fn();
    const stopped = trayMenu('kubedeck', 'stopped', actions, run);
    expect(stopped[0]).toEqual({ label: "Cluster 'kubedeck': stopped", enabled: false });
    expect(item(stopped, 'Start cluster')!.enabled).toBe(true);
    expect(item(stopped, 'Stop cluster')!.enabled).toBe(false);
    const running = trayMenu('kubedeck', 'running', actions, run);
    expect(item(running, 'Start cluster')!.enabled).toBe(false);
    expect(item(running, 'Stop cluster')!.enabled).toBe(true);
    expect(item(trayMenu('k', 'absent', actions, run), 'Start cluster')!.enabled).toBe(true);
    const busy = trayMenu('k', 'starting', actions, run);
    expect(busy[0].label).toBe("Cluster 'k': starting…");
    expect(item(busy, 'Start cluster')!.enabled).toBe(false);
    expect(item(busy, 'Stop cluster')!.enabled).toBe(false);
    // A shell that cannot start/stop (control plane in-process) offers neither.
    const inProcess = trayMenu('k', 'running', { ...actions, start: undefined, stop: undefined }, run);
    expect(item(inProcess, 'Start cluster')).toBeUndefined();
    item(running, 'Start cluster')!.click!();
    expect(run).toHaveBeenCalledWith('start');
    item(running, 'Quit Kubedeck')!.click!();
    item(running, 'Open Kubedeck')!.click!();
    expect(actions.calls).toEqual(['quit', 'show']);
  });

  it('shows the polled state, runs Start with progress, then reloads the window', async () => {
    const electron = (await import('electron')) as any;
    const t = createTray(electron, { name: 'kubedeck', actions, pollMs: 60_000 });
    const tray = trays[0];
    expect(tray.icon.dataUrl).toMatch(/^data:image\/png;base64,/);
    await flush();
    expect(t.state).toBe('stopped');
    expect(tray.tooltip).toBe("Kubedeck — cluster 'kubedeck' stopped");
    item(tray.menu, 'Start cluster')!.click!();
    expect(tray.menu[0].label).toBe("Cluster 'kubedeck': starting…");
    expect(item(tray.menu, 'Stop cluster')!.enabled).toBe(false);
    await flush();
    await flush();
    expect(t.state).toBe('running');
    expect(tray.menu[0].label).toBe("Cluster 'kubedeck': running");
    expect(actions.calls).toEqual(['start', 'onRunning']);
    await t.run('stop');
    expect(t.state).toBe('stopped');
    tray.handlers.click();
    expect(actions.calls).toEqual(['start', 'onRunning', 'stop', 'show']);
    t.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it('a failed action shows its error in the menu and the real state after', async () => {
    const electron = (await import('electron')) as any;
    actions.start = () => Promise.reject(new Error('Docker is not running — start Docker\nmore'));
    const t = createTray(electron, { name: 'dev', actions, pollMs: 60_000 });
    await flush();
    await t.run('start');
    const menu = trays[0].menu as MenuItem[];
    expect(menu[0].label).toBe("Cluster 'dev': stopped");
    expect(menu[1].label).toBe('Last error: Docker is not running — start Docker');
    t.destroy();
  });

  it('a cluster started elsewhere (CLI, dashboard restart) reloads the window once', async () => {
    const electron = (await import('electron')) as any;
    const t = createTray(electron, { name: 'k', actions, pollMs: 60_000 });
    await flush();
    state = 'running';
    await t.refresh();
    await t.refresh();
    expect(actions.calls).toEqual(['onRunning']);
    t.destroy();
  });
});

describe('tray actions for a CLI-managed cluster', () => {
  it('reloads the window whenever a new control-plane process runs, also after a quick restart', async () => {
    const seen: { status: 'running' | 'stopped' | 'absent'; pid?: number }[] = [
      { status: 'running', pid: 10 }, // already running at launch: the window loads it anyway
      { status: 'running', pid: 10 },
      { status: 'running', pid: 11 }, // the dashboard's Restart, never seen stopped
      { status: 'stopped' },
      { status: 'running', pid: 12 }, // started again
      { status: 'absent' },
    ];
    const reloads: number[] = [];
    let i = 0;
    const a = clusterTrayActions(
      'k',
      { show: () => {}, quit: () => {}, onRunning: () => reloads.push(i) },
      () => Promise.resolve(seen[i++]),
    );
    expect(a.onRunning).toBeUndefined();
    const states = [];
    for (let n = 0; n < seen.length; n++) states.push(await a.status());
    expect(states).toEqual(['running', 'running', 'running', 'stopped', 'running', 'absent']);
    expect(reloads).toEqual([3, 5]);
  });
});

describe('app menu', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kd-prefs-'));
    appMenu = undefined;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const labels = (m: MenuItem[]) => m.map((i) => i.label ?? i.role);
  const view = (m: MenuItem[]) => item(m, 'View')!.submenu!;

  it('Reload always, DevTools only in development, Quit with its accelerator', () => {
    const base = {
      keepRunning: () => true,
      setKeepRunning: vi.fn(),
      quit: vi.fn(),
      platform: 'linux',
    };
    const prod = appMenuTemplate({ ...base, isDev: false });
    expect(labels(prod)).toEqual(['File', 'Edit', 'View', 'Window']);
    expect(item(view(prod), 'Reload')!.role).toBe('reload');
    expect(item(view(prod), 'Toggle Developer Tools')).toBeUndefined();
    expect(item(view(appMenuTemplate({ ...base, isDev: true })), 'Toggle Developer Tools')!.role).toBe(
      'toggleDevTools',
    );
    const quit = item(item(prod, 'File')!.submenu!, 'Quit Kubedeck')!;
    expect(quit.accelerator).toBe('CmdOrCtrl+Q');
    quit.click!();
    expect(base.quit).toHaveBeenCalled();
    const mac = appMenuTemplate({ ...base, isDev: false, platform: 'darwin' });
    expect(labels(mac)[0]).toBe('Kubedeck');
  });

  it('preferences: keep running by default, remembered in preferences.json, broken file = defaults', () => {
    const prefs = preferencesStore(dir);
    expect(prefs.get()).toEqual({ keepClusterRunning: true });
    prefs.set({ keepClusterRunning: false });
    expect(JSON.parse(readFileSync(path.join(dir, 'preferences.json'), 'utf8'))).toEqual({
      keepClusterRunning: false,
    });
    expect(preferencesStore(dir).get().keepClusterRunning).toBe(false);
    writeFileSync(path.join(dir, 'preferences.json'), '{oops');
    expect(prefs.get().keepClusterRunning).toBe(true);
  });

  it('quit keeps the cluster running unless the preference is off; then it stops it first', async () => {
    const electron = (await import('electron')) as any;
    const prefs = preferencesStore(dir);
    let beforeQuit: (e: { preventDefault(): void }) => void = () => {};
    const app = { quit: vi.fn(), on: (_: string, cb: typeof beforeQuit) => (beforeQuit = cb) };
    const stopCluster = vi.fn(() => Promise.resolve());
    installAppMenu(electron, app, {
      isDev: false,
      platform: 'linux',
      keepRunning: () => prefs.get().keepClusterRunning,
      setKeepRunning: (v) => void prefs.set({ keepClusterRunning: v }),
      stopCluster,
    });
    const ev = { preventDefault: vi.fn() };
    beforeQuit(ev);
    expect(ev.preventDefault).not.toHaveBeenCalled();
    expect(stopCluster).not.toHaveBeenCalled();
    // Untick "Keep Cluster Running After Quit" in the menu: the menu is rebuilt with it unchecked.
    const keep = () => item(item(appMenu!, 'File')!.submenu!, 'Keep Cluster Running After Quit')!;
    expect(keep().checked).toBe(true);
    keep().click!();
    expect(keep().checked).toBe(false);
    beforeQuit(ev);
    expect(ev.preventDefault).toHaveBeenCalledTimes(1);
    expect(stopCluster).toHaveBeenCalledTimes(1);
    await flush();
    expect(app.quit).toHaveBeenCalledTimes(1);
    beforeQuit(ev); // the second quit goes through
    expect(ev.preventDefault).toHaveBeenCalledTimes(1);
  });
});
