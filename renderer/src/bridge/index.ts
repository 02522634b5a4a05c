// Picks the bridge for where the renderer runs: Electron (preload present) or a browser.
import { createElectronBridge } from './electron.js';
import type { Bridge, PreloadApi } from './types.js';
import { createWebBridge } from './web.js';

export function detectBridge(): Bridge {
  const api = (window as unknown as { kubedeck?: PreloadApi }).kubedeck;
  return api ? createElectronBridge(api) : createWebBridge();
}
