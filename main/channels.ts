// IPC channel names shared by main and preload.
export const CH = {
  op: 'kubedeck:op',
  watch: 'kubedeck:watch',
  unwatch: 'kubedeck:unwatch',
  watchEvent: 'kubedeck:watch-event',
  logs: 'kubedeck:logs',
  logsStop: 'kubedeck:logs-stop',
  logsEvent: 'kubedeck:logs-event',
} as const;

/** The renderer's origin inside the app (a privileged custom scheme serving dist/renderer). */
export const APP_ORIGIN = 'kubedeck://app';
