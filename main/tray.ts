// The tray icon: the cluster's state at a glance, and Start / Stop without opening a terminal.
// The state is polled (cheap: the lock file and a probe); actions show their progress in the
// state line ("Starting…") and refresh it when done.

/** The slice of Electron's Tray/Menu/nativeImage the tray uses (main/electron.d.ts omits them). */
export interface MenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  accelerator?: string;
  role?: string;
  visible?: boolean;
  submenu?: MenuItem[];
  click?: () => void;
}
export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', cb: () => void): void;
  destroy(): void;
}
export interface TrayElectron {
  Tray: new (icon: unknown) => TrayLike;
  Menu: { buildFromTemplate(items: MenuItem[]): unknown };
  nativeImage: { createFromDataURL(url: string): unknown };
}

export type ClusterState = 'running' | 'stopped' | 'absent' | 'starting' | 'stopping' | 'unknown';

export interface TrayActions {
  /** running / stopped / absent, as `kubedeck status` says. */
  status: () => Promise<'running' | 'stopped' | 'absent'>;
  /** Absent when this shell cannot start/stop the cluster (the control plane runs in-process). */
  start?: () => Promise<void>;
  stop?: () => Promise<void>;
  show: () => void;
  quit: () => void;
  /** The cluster went from not running to running (started here or elsewhere). */
  onRunning?: () => void;
}

/** A 32×32 PNG of the wheel, inline so the tray needs no file next to the bundle. */
export const TRAY_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAfUlEQVR42u1XwRHAIAxyJudy7c5hR1CQHmjNnS8xYswlpJRrgNX29Jllu1hOhL1YQoRxKCOheAXtQ/mXlC823Ks4GPwJFgkVGtohdsWhBB9FgMlw9Mz0prIKXgJ7ErAk4T/rgL0URzQjezuOECR2SRYhSiNkecRgEjOaHW0vIA6vHiSrWmAAAAAASUVORK5CYII=';

const LABEL: Record<ClusterState, string> = {
  running: 'running',
  stopped: 'stopped',
  absent: 'not created yet',
  starting: 'starting…',
  stopping: 'stopping…',
  unknown: 'unknown',
};

/** The tray menu for a state: Start only when stopped, Stop only when running. */
export function trayMenu(
  name: string,
  state: ClusterState,
  actions: TrayActions,
  run: (what: 'start' | 'stop') => void,
  error?: string,
): MenuItem[] {
  const idle = state === 'stopped' || state === 'absent';
  return [
    { label: `Cluster '${name}': ${LABEL[state]}`, enabled: false },
    ...(error ? [{ label: `Last error: ${error}`, enabled: false }] : []),
    { type: 'separator' },
    { label: 'Open Kubedeck', click: () => actions.show() },
    ...(actions.start ? [{ label: 'Start cluster', enabled: idle, click: () => run('start') }] : []),
    ...(actions.stop
      ? [{ label: 'Stop cluster', enabled: state === 'running', click: () => run('stop') }]
      : []),
    { type: 'separator' },
    { label: 'Quit Kubedeck', click: () => actions.quit() },
  ];
}

export interface ShellTray {
  readonly state: ClusterState;
  refresh(): Promise<void>;
  /** Runs start/stop as the menu does (the menu items call this). */
  run(what: 'start' | 'stop'): Promise<void>;
  destroy(): void;
}

export function createTray(
  e: TrayElectron,
  opts: { name: string; actions: TrayActions; pollMs?: number },
): ShellTray {
  const tray = new e.Tray(e.nativeImage.createFromDataURL(TRAY_ICON));
  const { actions, name } = opts;
  let state: ClusterState = 'unknown';
  let error: string | undefined;
  let busy = false;

  const render = () => {
    tray.setToolTip(`Kubedeck — cluster '${name}' ${LABEL[state]}`);
    tray.setContextMenu(e.Menu.buildFromTemplate(trayMenu(name, state, actions, (w) => void run(w), error)));
  };
  const refresh = async () => {
    if (busy) return; // the action in flight owns the state line
    const before = state;
    try {
      state = await actions.status();
    } catch {
      state = 'unknown';
    }
    render();
    if (state === 'running' && before !== 'running' && before !== 'unknown') actions.onRunning?.();
  };
  const run = async (what: 'start' | 'stop') => {
    const fn = what === 'start' ? actions.start : actions.stop;
    if (!fn || busy) return;
    busy = true;
    state = what === 'start' ? 'starting' : 'stopping';
    error = undefined;
    render();
    try {
      await fn();
    } catch (err) {
      error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    } finally {
      busy = false;
    }
    await refresh();
  };

  tray.on('click', () => actions.show());
  render();
  void refresh();
  const timer = setInterval(() => void refresh(), opts.pollMs ?? 5000);
  timer.unref?.();
  return {
    get state() {
      return state;
    },
    refresh,
    run,
    destroy() {
      clearInterval(timer);
      tray.destroy();
    },
  };
}

type StatusFn = (name: string) => Promise<{ status: 'running' | 'stopped' | 'absent'; pid?: number }>;

const cliStatus: StatusFn = async (name) => {
  const { daemonStatus } = await import('../orchestrator/cluster/status.js');
  return daemonStatus({ name });
};

/**
 * Tray actions for a cluster the CLI manages: its state is what `kubedeck status` reports.
 * onRunning fires when a new control-plane process is seen (started here, by the CLI, or by the
 * dashboard's Restart, which can be too quick for a poll to see it stopped).
 */
export function clusterTrayActions(
  name: string,
  o: Omit<TrayActions, 'status'>,
  status: StatusFn = cliStatus,
): TrayActions {
  let last: number | undefined | null = null; // null: nothing seen yet
  return {
    ...o,
    onRunning: undefined, // fired here, by pid, not by createTray's state change
    status: async () => {
      const s = await status(name);
      const pid = s.status === 'running' ? (s.pid ?? -1) : undefined;
      if (last !== null && pid !== undefined && pid !== last) o.onRunning?.();
      last = pid;
      return s.status;
    },
  };
}
