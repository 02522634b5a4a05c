// HTTP-level behaviour of the API server that kubectl alone does not pin down: watch-list,
// in-stream 410, Table watches, aggregated discovery, auth. In-process server, real TLS and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCa, issueServingCert } from '../../../orchestrator/cluster/pki.js';
import { startControlPlane, type ControlPlane } from '../../../orchestrator/controlplane/control-plane.js';
import { rawRequest } from '../../support/https.js';

const TOKEN = 'test-token';

describe('API server over HTTPS', () => {
  let cp: ControlPlane;
  let dir: string;
  let ca: string;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-apiserver-'));
    const caPair = generateCa('test');
    ca = caPair.cert;
    const server = issueServingCert(caPair);
    cp = await startControlPlane({
      name: 'test',
      stateDir: dir,
      hosts: ['127.0.0.1'],
      port: 0,
      tls: server,
      tokens: { [TOKEN]: 'admin' },
      watch: { bookmarkIntervalMs: 200 },
      eventLogSize: 20,
    });
  });
  afterAll(async () => {
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, headers: Record<string, string> = {}) =>
    rawRequest(`${cp.url}${p}`, { ca, headers: { ...auth, ...headers } });
  const post = (p: string, body: unknown) =>
    rawRequest(`${cp.url}${p}`, {
      ca,
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Reads newline-delimited watch events until `until` says stop or the bound passes. */
  function watchLines(
    p: string,
    until: (events: any[]) => boolean,
    headers: Record<string, string> = {},
  ): Promise<{ events: any[]; contentType: string }> {
    return new Promise((resolve, reject) => {
      const events: any[] = [];
      const req = https.request(`${cp.url}${p}`, { ca, headers: { ...auth, ...headers } }, (res) => {
        let buf = '';
        const done = () => {
          req.destroy();
          resolve({ events, contentType: String(res.headers['content-type']) });
        };
        const timer = setTimeout(done, 5000);
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, nl)));
            buf = buf.slice(nl + 1);
          }
          if (until(events)) {
            clearTimeout(timer);
            done();
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ events, contentType: String(res.headers['content-type']) });
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers 401 without a token but serves /version and /healthz', async () => {
    expect((await rawRequest(`${cp.url}/api/v1/pods`, { ca })).status).toBe(401);
    const v = await rawRequest(`${cp.url}/version`, { ca });
    expect(v.status).toBe(200);
    expect(JSON.parse(v.body)).toMatchObject({ major: '1', minor: '33' });
    expect((await rawRequest(`${cp.url}/healthz`, { ca })).body).toBe('ok');
  });

  it('serves aggregated discovery with categories and subresources', async () => {
    const r = await get('/apis', {
      Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(r.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const doc = JSON.parse(r.body);
    const apps = doc.items.find((g: any) => g.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
    expect(deploy.categories).toEqual(['all']);
    expect(deploy.subresources.find((s: any) => s.subresource === 'scale').responseKind.kind).toBe('Scale');
    const legacy = JSON.parse(
      (
        await get('/api', {
          Accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
        })
      ).body,
    );
    expect(legacy.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(legacy.items[0].versions[0].resources.some((x: any) => x.resource === 'pods')).toBe(true);
  });

  it('sendInitialEvents streams the current state then a bookmark marking its end', async () => {
    expect((await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'wl-1' } })).status).toBe(
      201,
    );
    const { events } = await watchLines(
      '/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
      (evs) => evs.some((e) => e.type === 'BOOKMARK'),
    );
    const names = events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name);
    expect(names).toContain('wl-1');
    const bm = events.find((e) => e.type === 'BOOKMARK');
    expect(bm.object.metadata.annotations['k8s.io/initial-events-end']).toBe('true');
    expect(Number(bm.object.metadata.resourceVersion)).toBeGreaterThan(0);
    // without resourceVersionMatch the server answers 422 so clients fall back to list+watch
    const bad = await get('/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true');
    expect(bad.status).toBe(422);
  });

  it('resumes from a resourceVersion and reports a too-old one as an in-stream 410', async () => {
    const list = JSON.parse((await get('/api/v1/namespaces/default/configmaps')).body);
    const rv = list.metadata.resourceVersion;
    const watching = watchLines(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
      (evs) => evs.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 100));
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'wl-2' } });
    const { events } = await watching;
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'wl-2' } } });

    // The log keeps 20 changes: push rev 2 out of it, then resuming from it must be Expired.
    for (let i = 0; i < 25; i++)
      await post('/api/v1/namespaces/default/configmaps', { metadata: { name: `fill-${i}` } });
    const { events: expired } = await watchLines(
      '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2',
      (evs) => evs.length >= 1,
    );
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('watches as Table send one-row tables with column definitions first', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const watching = watchLines(
      '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwl-3',
      (evs) => evs.length >= 2,
      { Accept: accept },
    );
    await new Promise((r) => setTimeout(r, 100));
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'wl-3' }, data: { a: '1' } });
    await rawRequest(`${cp.url}/api/v1/namespaces/default/configmaps/wl-3`, {
      ca,
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ data: { b: '2' } }),
    });
    const { events, contentType } = await watching;
    expect(contentType).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(events[0].object.rows[0].cells.slice(0, 2)).toEqual(['wl-3', 1]);
    expect(events[1].type).toBe('MODIFIED');
    expect(events[1].object.rows[0].cells[1]).toBe(2);
  });

  it('sends bookmarks when allowed', async () => {
    const { events } = await watchLines(
      '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=' +
        JSON.parse((await get('/api/v1/namespaces/default/configmaps')).body).metadata.resourceVersion,
      (evs) => evs.some((e) => e.type === 'BOOKMARK'),
    );
    expect(events.some((e) => e.type === 'BOOKMARK')).toBe(true);
  });

  it('a label selector watch turns objects leaving the selection into DELETED', async () => {
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'sel', labels: { tier: 'a' } } });
    const rv = JSON.parse((await get('/api/v1/namespaces/default/configmaps')).body).metadata.resourceVersion;
    const watching = watchLines(
      `/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Da&resourceVersion=${rv}`,
      (evs) => evs.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 100));
    await rawRequest(`${cp.url}/api/v1/namespaces/default/configmaps/sel`, {
      ca,
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { tier: 'b' } } }),
    });
    const { events } = await watching;
    expect(events[0]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'sel' } } });
  });
});
