// The main window: hardened options, guards, shown once painted.
import type { BrowserWindow as BrowserWindowT } from 'electron';
import { guardContents, windowOptions } from './security.js';

export function createMainWindow(
  BrowserWindow: typeof BrowserWindowT,
  preload: string,
  origins: string[],
  openExternal: (url: string) => void,
): BrowserWindowT {
  const win = new BrowserWindow(windowOptions(preload));
  guardContents(win.webContents, origins, openExternal);
  win.once('ready-to-show', () => win.show());
  return win;
}
