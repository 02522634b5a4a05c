// @vitest-environment node
// The Electron shell with a mocked `electron` module: window security options, navigation and
// window-open guards, IPC registration with sender validation, and the preload's bridge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations } from '../../../orchestrator/operations/operations.js';
import { guardContents, isExternalAllowed, windowOptions } from '../../../main/security.js';
import { registerIpc } from '../../../main/ipc.js';
import { APP_ORIGIN, CH } from '../../../main/channels.js';

const exposed: Record<string, any> = {};
const invoked: unknown[][] = [];
const sent: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
  ipcRenderer: {
    invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve('ok')),
    send: (...a: unknown[]) => sent.push(a),
    on: () => {},
    removeListener: () => {},
  },
  app: { requestSingleInstanceLock: () => false, quit: vi.fn() },
}));

function fakeContents() {
  const handlers: Record<string, (...a: any[]) => void> = {};
  let openHandler: (d: { url: string }) => { action: string } = () => ({ action: 'allow' });
  let permission: ((...a: any[]) => void) | null = null;
  return {
    handlers,
    open: (url: string) => openHandler({ url }),
    permission: () => permission,
    contents: {
      id: 7,
      on: (ev: string, cb: (...a: any[]) => void) => (handlers[ev] = cb),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      session: { setPermissionRequestHandler: (h: typeof permission) => (permission = h) },
      send: vi.fn(),
      isDestroyed: () => false,
      once: vi.fn(),
    },
  };
}

describe('Electron shell security', () => {
  it('creates windows isolated, sandboxed and without Node', () => {
    const o = windowOptions('/p/preload.cjs').webPreferences!;
    expect(o).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('blocks navigation away from our origins, denies new windows and permissions', () => {
    const f = fakeContents();
    const opened: string[] = [];
    guardContents(f.contents, [APP_ORIGIN], (u) => opened.push(u));
    const nav = (url: string) => {
      const e = { preventDefault: vi.fn() };
      f.handlers['will-navigate'](e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav(`${APP_ORIGIN}/pods`)).toBe(false);
    expect(f.open('http://127.0.0.1:30080/')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['http://127.0.0.1:30080/']);
    const granted: boolean[] = [];
    f.permission()!(null, 'camera', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(isExternalAllowed('http://example.com/')).toBe(false);
    expect(isExternalAllowed('https://example.com/')).toBe(false);
    expect(isExternalAllowed('http://user:pw@localhost:8080/')).toBe(false);
    expect(isExternalAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalAllowed('http://localhost:8080/')).toBe(true);
  });
});

describe('IPC registration', () => {
  let store: Store;
  let handlers: Record<string, (...a: any[]) => any>;
  let ipc: any;
  beforeEach(() => {
    store = Store.open(':memory:');
    const registry = new Registry(store);
    registry.bootstrap();
    handlers = {};
    ipc = {
      handle: (ch: string, fn: any) => (handlers[ch] = fn),
      on: (ch: string, fn: any) => (handlers[ch] = fn),
      removeHandler: vi.fn(),
    };
    registerIpc(ipc, createOperations({ registry, clusterName: 't', watch: { batchMs: 1 } }), [APP_ORIGIN]);
  });
  afterEach(() => store.close());

  const event = (url: string | null) => {
    const f = fakeContents();
    return { sender: f.contents, senderFrame: url === null ? null : { url } };
  };

  it('runs operations for our own page and refuses other senders', async () => {
    const ok = await handlers[CH.op](event(`${APP_ORIGIN}/`), 'createDeployment', {
      namespace: 'default',
      name: 'web',
      image: 'img:1',
    });
    expect(ok.result.kubectl).toBe('kubectl create deployment web --image=img:1');
    // Refusals and failures are answers (`{error}`), not exceptions: IPC would keep only a message.
    expect(await handlers[CH.op](event('https://evil.example/'), 'list', { kind: 'pods' })).toMatchObject({
      error: { code: 403, reason: 'Forbidden' },
    });
    expect(await handlers[CH.op](event(null), 'list', { kind: 'pods' })).toMatchObject({
      error: { reason: 'Forbidden' },
    });
    expect(await handlers[CH.op](event(`${APP_ORIGIN}/`), 'constructor', {})).toMatchObject({
      error: { code: 404, reason: 'NotFound' },
    });
    const dup = await handlers[CH.op](event(`${APP_ORIGIN}/`), 'createDeployment', {
      namespace: 'default',
      name: 'web',
      image: 'i',
    });
    expect(dup).toMatchObject({ error: { code: 409, reason: 'AlreadyExists' } });
  });

  it('streams watch messages to the sender that asked, only for trusted senders', () => {
    const good = event(`${APP_ORIGIN}/`);
    handlers[CH.watch](good, 'w1', 'pods', 'default');
    expect(good.sender.send).toHaveBeenCalledWith(
      CH.watchEvent,
      expect.objectContaining({ id: 'w1', type: 'sync' }),
    );
    const bad = event('https://evil.example/');
    handlers[CH.watch](bad, 'w2', 'pods', 'default');
    expect(bad.sender.send).not.toHaveBeenCalled();
  });
});

describe('preload', () => {
  it('exposes nothing to a page from another origin (an attached dashboard uses HTTP)', async () => {
    vi.stubGlobal('location', { protocol: 'https:' });
    vi.resetModules();
    await import('../../../main/preload/index.js');
    expect(exposed.kubedeck).toBeUndefined();
    vi.unstubAllGlobals();
  });

  it('exposes only call/watch/logs as window.kubedeck, forwarding over IPC', async () => {
    vi.stubGlobal('location', { protocol: 'kubedeck:' });
    vi.resetModules();
    await import('../../../main/preload/index.js');
    vi.unstubAllGlobals();
    expect(Object.keys(exposed.kubedeck).sort()).toEqual(['call', 'logs', 'watch']);
    await exposed.kubedeck.call('list', { kind: 'pods' });
    expect(invoked).toEqual([[CH.op, 'list', { kind: 'pods' }]]);
    const stop = exposed.kubedeck.watch('pods', 'default', () => {});
    stop();
    expect(sent.map((s) => s[0])).toEqual([CH.watch, CH.unwatch]);
  });
});

describe('composition root', () => {
  it('quits when another instance already holds the single-instance lock', async () => {
    const electron = await import('electron');
    const { runShell } = await import('../../../main/app.js');
    await runShell(electron);
    expect((electron as any).app.quit).toHaveBeenCalled();
  });
});
