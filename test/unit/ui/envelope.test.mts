// @vitest-environment node
// The `{result} | {error}` envelope end to end: a Kubernetes Invalid error with field causes leaves
// the operations, crosses Electron IPC (main's handler → preload → electron bridge) or HTTP (the
// dashboard → web bridge) and reaches the UI as a BridgeError that still has its reason, code and
// causes (before the envelope, IPC kept only a message with JSON inside it).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations } from '../../../orchestrator/operations/operations.js';
import { startDashboardServer, type DashboardServer } from '../../../orchestrator/dashboard/server.js';
import { registerIpc } from '../../../main/ipc.js';
import { APP_ORIGIN } from '../../../main/channels.js';
import { createElectronBridge } from '../../../renderer/src/bridge/electron.js';
import { createWebBridge } from '../../../renderer/src/bridge/web.js';
import { BridgeError, type Bridge } from '../../../renderer/src/bridge/types.js';
import { describeOpError } from '@kubedeck/contract';

// main's ipcMain handlers, and a preload whose invoke reaches them as Electron would.
const handlers: Record<string, (...a: any[]) => any> = {};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => ((globalThis as any)[k] = v) },
  ipcRenderer: {
    invoke: async (ch: string, ...args: unknown[]) =>
      // structuredClone: what crosses IPC is a copy of plain data, never the main side's objects.
      structuredClone(await handlers[ch]({ senderFrame: { url: `${APP_ORIGIN}/` }, sender: {} }, ...args)),
    send: () => {},
    on: () => {},
  },
}));

let store: Store;
let ops: ReturnType<typeof createOperations>;
beforeEach(() => {
  store = Store.open(':memory:');
  const registry = new Registry(store);
  registry.bootstrap();
  ops = createOperations({ registry, clusterName: 't', watch: { batchMs: 1 } });
});
afterEach(() => store.close());

const IMAGE = 'spec.template.spec.containers[0].image';

/** An update the API server refuses: an image with blanks around it (Invalid, one field cause). */
async function invalidImage(bridge: Bridge): Promise<BridgeError> {
  await bridge.call('createDeployment', { namespace: 'default', name: 'web', image: 'img:1' });
  const err = await bridge
    .call('setImage', { namespace: 'default', name: 'web', container: 'img', image: ' ' })
    .catch((e) => e);
  expect(err).toBeInstanceOf(BridgeError);
  return err as BridgeError;
}

function expectInvalid(err: BridgeError): void {
  expect(err.code).toBe(422);
  expect(err.reason).toBe('Invalid');
  expect(err.name).toBe('Invalid');
  expect(err.causes).toEqual([
    {
      field: IMAGE,
      reason: 'FieldValueInvalid',
      message: 'Invalid value: " ": must not have leading or trailing whitespace',
    },
  ]);
  expect(err.message).toBe(`Deployment.apps "web" is invalid: ${IMAGE}: ${err.causes[0].message}`);
  expect(err.message).not.toMatch(/^\{|"reason"/); // no JSON left for the UI to slice
}

describe('over Electron IPC', () => {
  it('keeps the Status reason, code and field causes', async () => {
    registerIpc(
      { handle: (ch: string, fn: any) => (handlers[ch] = fn), on: () => {}, removeHandler: () => {} } as any,
      ops,
      [APP_ORIGIN],
    );
    vi.stubGlobal('location', { protocol: 'kubedeck:' });
    const { api } = await import('../../../main/preload/index.js');
    vi.unstubAllGlobals();
    const bridge = createElectronBridge(api);
    expectInvalid(await invalidImage(bridge));
    const missing = await bridge
      .call('scale', { namespace: 'default', name: 'nope', replicas: 1 })
      .catch((e) => e);
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound' });
    const answer = await bridge.call('list', { kind: 'deployments', namespace: 'default' });
    expect(answer.items.map((d) => d.metadata.name)).toEqual(['web']);
  });
});

describe('over HTTP', () => {
  let server: DashboardServer;
  afterEach(async () => {
    vi.unstubAllGlobals();
    await server.close();
  });

  it('keeps the Status reason, code and field causes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Kubedeck</title>');
    server = await startDashboardServer({ ops, token: 'tok', staticDir: dir });
    const base = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${base}/?token=tok`, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    // What the browser adds to a same-origin fetch: the session cookie and the Origin header.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) =>
      realFetch(url, { ...init, headers: { ...(init.headers as object), cookie, origin: base } }),
    );
    const bridge = createWebBridge(base);
    expectInvalid(await invalidImage(bridge));
    const dup = await bridge
      .call('createDeployment', { namespace: 'default', name: 'web', image: 'img:1' })
      .catch((e) => e);
    expect(dup).toMatchObject({ code: 409, reason: 'AlreadyExists' });
  });
});

describe('describeOpError', () => {
  it('adds the field causes the message does not already name', () => {
    expect(
      describeOpError({
        code: 422,
        reason: 'Invalid',
        message: 'Deployment.apps "web" is invalid',
        causes: [{ field: 'spec.replicas', message: 'must be greater than or equal to 0' }],
      }),
    ).toBe('Deployment.apps "web" is invalid (spec.replicas: must be greater than or equal to 0)');
    const named = 'x is invalid: spec.replicas: must be greater than or equal to 0';
    expect(
      describeOpError({
        code: 422,
        reason: 'Invalid',
        message: named,
        causes: [{ field: 'spec.replicas', message: 'must be greater than or equal to 0' }],
      }),
    ).toBe(named);
  });
});
