// The slice of Electron's API the shell uses. The `electron` package (and its binary) is not
// installed in every environment; this declaration lets main/ type-check and be unit tested
// with a mocked module. Where Electron is installed its own, complete types apply instead.
declare module 'electron' {
  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
  }
  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    show?: boolean;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }
  export interface WebFrameMain {
    url: string;
  }
  export interface WebContents {
    id: number;
    on(
      event: 'will-navigate' | 'will-redirect',
      cb: (e: { preventDefault(): void }, url: string) => void,
    ): void;
    on(event: 'will-attach-webview', cb: (e: { preventDefault(): void }) => void): void;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    once(event: 'destroyed', cb: () => void): void;
    session: Session;
  }
  export interface Session {
    setPermissionRequestHandler(
      handler: ((wc: WebContents, permission: string, cb: (granted: boolean) => void) => void) | null,
    ): void;
  }
  export class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    webContents: WebContents;
    loadURL(url: string): Promise<void>;
    once(event: 'ready-to-show', cb: () => void): void;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
  }
  export interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: WebFrameMain | null;
  }
  export interface IpcMainEvent extends IpcMainInvokeEvent {
    returnValue?: unknown;
  }
  export interface IpcMain {
    handle(channel: string, listener: (e: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    on(channel: string, listener: (e: IpcMainEvent, ...args: any[]) => void): void;
    removeHandler(channel: string): void;
  }
  export const ipcMain: IpcMain;
  export interface App {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    on(event: 'second-instance' | 'window-all-closed' | 'before-quit', cb: (...args: any[]) => void): void;
    whenReady(): Promise<void>;
    getPath(name: 'userData' | 'home'): string;
  }
  export const app: App;
  export const shell: { openExternal(url: string): Promise<void> };
  export const protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (req: { url: string }) => Response | Promise<Response>): void;
  };
  export interface IpcRendererEvent {
    sender: unknown;
  }
  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<any>;
    send(channel: string, ...args: unknown[]): void;
    on(channel: string, listener: (e: IpcRendererEvent, ...args: any[]) => void): void;
    removeListener(channel: string, listener: (...args: any[]) => void): void;
  };
  export const contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
}
