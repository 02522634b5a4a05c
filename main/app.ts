// Composition root of the desktop app. It wires, it does not think:
// - one instance (a second launch focuses the first window);
// - attach to the cluster the CLI runs (via its lock) and show its dashboard, or, when none runs,
//   start it the way `kubedeck start` does and then attach;
// - with KUBEDECK_IN_PROCESS=1 the control plane runs inside this process instead and the renderer
//   talks to it over IPC (window.kubedeck from the preload).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { dashboardUrl } from '../orchestrator/cli/dashboard-command.js';
import { startCluster } from '../orchestrator/cluster/start.js';
import { stopCluster } from '../orchestrator/cluster/stop.js';
import { RecordingReporter } from '../orchestrator/cluster/reporter.js';
import { DEFAULT_CLUSTER_NAME } from '../orchestrator/config/paths.js';
import { rendererDir } from '../orchestrator/dashboard/static-files.js';
import { createOperations } from '../orchestrator/operations/operations.js';
import { APP_ORIGIN } from './channels.js';
import { registerIpc } from './ipc.js';
import { serveRenderer } from './renderer-protocol.js';
import { isExternalAllowed } from './security.js';
import { createMainWindow } from './window.js';
import { installAppMenu, preferencesStore, type MenuElectron } from './menu.js';
import { clusterTrayActions, createTray, type TrayElectron } from './tray.js';

type Electron = typeof electron;

export interface ShellOptions {
  cluster?: string;
  inProcess?: boolean;
  /** dist/ (holds cli.mjs, renderer/, preload.cjs). */
  distDir?: string;
}

export async function runShell(e: Electron = electron, opts: ShellOptions = {}): Promise<void> {
  const { app } = e;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const name = opts.cluster ?? process.env.KUBEDECK_CLUSTER ?? DEFAULT_CLUSTER_NAME;
  const dist = opts.distDir ?? path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const preload = path.join(dist, 'preload.cjs');
  const openExternal = (url: string) => void (isExternalAllowed(url) && e.shell.openExternal(url));
  e.protocol.registerSchemesAsPrivileged([
    { scheme: 'kubedeck', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  let win: electron.BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  await app.whenReady();
  // Tray and menu: Electron's own types cover them where it is installed; the shim does not.
  const chrome = e as unknown as TrayElectron & MenuElectron;
  const prefs = preferencesStore(app.getPath('userData'));
  const isDev = process.env.KUBEDECK_DEV === '1' || !(app as { isPackaged?: boolean }).isPackaged;
  const show = () => {
    if (win?.isMinimized()) win.restore();
    win?.show();
    win?.focus();
  };
  const menuFor = (stopCluster: () => Promise<void>) =>
    installAppMenu(chrome, app, {
      isDev,
      keepRunning: () => prefs.get().keepClusterRunning,
      setKeepRunning: (v) => void prefs.set({ keepClusterRunning: v }),
      stopCluster,
    });

  if (opts.inProcess ?? process.env.KUBEDECK_IN_PROCESS === '1') {
    const { runDaemon } = await import('../orchestrator/controlplane/daemon.js');
    const { startControlPlane } = await import('../orchestrator/controlplane/control-plane.js');
    let registry: import('../orchestrator/api/registry/registry.js').Registry | undefined;
    const handle = await runDaemon(
      { name },
      {
        startControlPlane: async (o) => {
          const cp = await startControlPlane(o);
          registry = cp.registry; // the operations API works on this very registry
          return cp;
        },
      },
    );
    app.on('before-quit', () => void handle.stop());
    menuFor(() => handle.stop());
    // The control plane lives in this process: the tray shows it, quitting stops it.
    createTray(chrome, { name, actions: clusterTrayActions(name, { show, quit: () => app.quit() }) });
    const dir = rendererDir() ?? path.join(dist, 'renderer');
    e.protocol.handle('kubedeck', (req) => serveRenderer(dir, req.url));
    const hooks = await import('../orchestrator/controlplane/node-hooks.js');
    const ops = createOperations({
      registry: registry!,
      clusterName: name,
      nodePower: hooks.clusterNodePower(name),
      nodeMembership: hooks.clusterNodeMembership(name),
    });
    registerIpc(e.ipcMain, ops, [APP_ORIGIN]);
    win = createMainWindow(e.BrowserWindow, preload, [APP_ORIGIN], openExternal);
    await win.loadURL(`${APP_ORIGIN}/`);
    return;
  }

  // Attach (or start, then attach): the window shows the cluster's own dashboard.
  const start = async () => {
    process.env.ELECTRON_RUN_AS_NODE = '1'; // the daemon child runs our CLI bundle as plain Node
    await startCluster(
      { name },
      {
        reporter: new RecordingReporter(),
        daemonCommand: (n) => ({
          command: process.execPath,
          args: [path.join(dist, 'cli.mjs'), '__daemon', '--name', n],
        }),
      },
    );
    return dashboardUrl(name);
  };
  const url = await dashboardUrl(name).catch(start);
  const stop = async () => void (await stopCluster({ name }, { reporter: new RecordingReporter() }));
  menuFor(stop);
  createTray(chrome, {
    name,
    actions: clusterTrayActions(name, {
      show,
      quit: () => app.quit(),
      start: async () => void (await start()),
      stop,
      // A control plane started again (tray, CLI, the dashboard's Restart) serves its dashboard
      // on a new port: load that.
      onRunning: () => void dashboardUrl(name).then((u) => win?.loadURL(u)),
    }),
  });
  win = createMainWindow(e.BrowserWindow, preload, [new URL(url).origin], openExternal);
  await win.loadURL(url);
}
