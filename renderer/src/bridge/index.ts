// Picks the bridge for where the renderer runs: Electron IPC on the app's own origin (preload
// present, control plane in-process), else HTTP+WS (a browser, or an Electron window showing the
// dashboard of a cluster the CLI runs).
import { createElectronBridge } from './electron.js';
import type { Bridge, PreloadApi } from './types.js';
import { createWebBridge } from './web.js';

export function detectBridge(): Bridge {
  const api = (window as unknown as { kubedeck?: PreloadApi }).kubedeck;
  return api && location.protocol === 'kubedeck:' ? createElectronBridge(api) : createWebBridge();
}
