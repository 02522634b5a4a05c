import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations } from '../../../orchestrator/operations/operations.js';
import { startDashboardServer, type DashboardServer } from '../../../orchestrator/dashboard/server.js';
import type { WatchMessage } from '../../../orchestrator/contract/index.js';

describe('dashboard server', () => {
  let store: Store;
  let server: DashboardServer;
  let base: string;
  beforeEach(async () => {
    store = Store.open(':memory:');
    const registry = new Registry(store);
    registry.bootstrap();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Kubedeck</title>');
    const ops = createOperations({ registry, clusterName: 't', watch: { batchMs: 5 } });
    server = await startDashboardServer({ ops, token: 'secret-token', staticDir: dir });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await server.close();
    store.close();
  });

  const login = async () => {
    const res = await fetch(`${base}/pods?token=secret-token`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/pods');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    return cookie.split(';')[0];
  };

  it('swaps the token for a session cookie and refuses requests without one', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
    const cookie = await login();
    const page = await fetch(`${base}/pods`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Kubedeck');
  });

  it('runs operations for same-origin POSTs only and answers {result} or {error} envelopes', async () => {
    const cookie = await login();
    const post = (name: string, body: unknown, origin = base) =>
      fetch(`${base}/api/op/${name}`, {
        method: 'POST',
        headers: { cookie, origin },
        body: JSON.stringify(body),
      });
    const ok = await post('createDeployment', { namespace: 'default', name: 'web', image: 'img:1' });
    expect(await ok.json()).toEqual({
      result: {
        kubectl: 'kubectl create deployment web --image=img:1',
        message: 'deployment.apps/web created',
      },
    });
    const dup = await post('createDeployment', { namespace: 'default', name: 'web', image: 'img:1' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: 409, reason: 'AlreadyExists' } });
    const evil = await post('list', { kind: 'pods' }, 'http://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: 403, reason: 'Forbidden' } });
    const unknown = await post('constructor', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { reason: 'NotFound' } });
    const bad = await fetch(`${base}/api/op/list`, {
      method: 'POST',
      headers: { cookie, origin: base },
      body: '{',
    });
    expect(await bad.json()).toMatchObject({ error: { code: 400, reason: 'BadRequest' } });
  });

  it('streams watch snapshots and changes over one WebSocket', async () => {
    const cookie = await login();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/watch`, {
      headers: { cookie, origin: base },
    });
    const msgs: WatchMessage[] = [];
    ws.on('message', (d) => msgs.push(JSON.parse((d as Buffer).toString('utf8'))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ op: 'watch', id: 'd', kind: 'deployments', namespace: 'default' }));
    await expect.poll(() => msgs.length).toBe(1);
    await fetch(`${base}/api/op/createDeployment`, {
      method: 'POST',
      headers: { cookie, origin: base },
      body: JSON.stringify({ namespace: 'default', name: 'w2', image: 'img:1' }),
    });
    await expect.poll(() => msgs.find((m) => m.type === 'events')).toBeTruthy();
    ws.close();
    const noCookie = new WebSocket(`ws://127.0.0.1:${server.port}/api/watch`, { headers: { origin: base } });
    await expect(new Promise((_, rej) => noCookie.once('error', rej))).rejects.toThrow();
  });
});
