// What clients other than kubectl send (issue 13): Python-style query booleans, /scale patches
// carrying the parent's kind, dry runs in bodies and on subresources. In-process server, real TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCa, issueServingCert } from '../../../orchestrator/cluster/pki.js';
import { startControlPlane, type ControlPlane } from '../../../orchestrator/controlplane/control-plane.js';
import { rawRequest } from '../../support/https.js';
import { encodeKubeProtobuf } from '../../../orchestrator/api/protobuf/encode.js';

const TOKEN = 'wire-token';
const NS = '/api/v1/namespaces/default';
const APPS = '/apis/apps/v1/namespaces/default';

describe('wire fidelity (issue 13)', () => {
  let cp: ControlPlane;
  let dir: string;
  let ca: string;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-wire-'));
    const caPair = generateCa('test');
    ca = caPair.cert;
    cp = await startControlPlane({
      name: 'wire',
      stateDir: dir,
      hosts: ['127.0.0.1'],
      port: 0,
      tls: issueServingCert(caPair),
      tokens: { [TOKEN]: 'admin' },
      runtime: undefined,
    });
  });
  afterAll(async () => {
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const req = (method: string, p: string, body?: unknown, contentType = 'application/json') =>
    rawRequest(`${cp.url}${p}`, {
      ca,
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const json = async (method: string, p: string, body?: unknown, contentType?: string) => {
    const r = await req(method, p, body, contentType);
    return { status: r.status, body: r.body ? JSON.parse(r.body) : undefined };
  };

  /** First bytes of a GET: a watch streams events, a list answers one JSON document. */
  function firstEvents(p: string): Promise<any[]> {
    return new Promise((resolve, reject) => {
      const events: any[] = [];
      const r = https.request(`${cp.url}${p}`, { ca, headers: auth }, (res) => {
        let buf = '';
        const timer = setTimeout(() => {
          r.destroy();
          resolve(events);
        }, 3000);
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            events.push(JSON.parse(buf.slice(0, nl)));
            buf = buf.slice(nl + 1);
          }
          if (events.length) {
            clearTimeout(timer);
            r.destroy();
            resolve(events);
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          if (buf.trim()) events.push(JSON.parse(buf));
          resolve(events);
        });
      });
      r.on('error', reject);
      r.end();
    });
  }

  const pod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { test: 'wire' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });

  it('item 1: watch=True, watch= and watch=1 watch; watch=False and watch=0 list', async () => {
    expect((await json('POST', `${NS}/configmaps`, { metadata: { name: 'qb-1' } })).status).toBe(201);
    for (const v of ['True', '', '1', 'yes']) {
      const evs = await firstEvents(`${NS}/configmaps?watch=${v}&resourceVersion=0`);
      expect(evs[0]?.type, `watch=${v}`).toBe('ADDED');
    }
    for (const v of ['False', '0', 'FALSE']) {
      const evs = await firstEvents(`${NS}/configmaps?watch=${v}`);
      expect(evs[0]?.kind, `watch=${v}`).toBe('ConfigMapList');
    }
  });

  it('item 1: allowWatchBookmarks=True with sendInitialEvents=True ends the initial list with a bookmark', async () => {
    const r = await new Promise<any[]>((resolve, reject) => {
      const events: any[] = [];
      const h = https.request(
        `${cp.url}${NS}/configmaps?watch=True&sendInitialEvents=True&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=True`,
        { ca, headers: auth },
        (res) => {
          let buf = '';
          const timer = setTimeout(() => (h.destroy(), resolve(events)), 3000);
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
              events.push(JSON.parse(buf.slice(0, nl)));
              buf = buf.slice(nl + 1);
            }
            if (events.some((e) => e.type === 'BOOKMARK')) {
              clearTimeout(timer);
              h.destroy();
              resolve(events);
            }
          });
        },
      );
      h.on('error', reject);
      h.end();
    });
    expect(r.find((e) => e.type === 'BOOKMARK')?.object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });

  describe('item 5: /scale patches', () => {
    beforeAll(async () => {
      const d = await json('POST', `${APPS}/deployments`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'sc' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'sc' } },
          template: {
            metadata: { labels: { app: 'sc' } },
            spec: { containers: [{ name: 'c', image: 'x' }] },
          },
        },
      });
      expect(d.status).toBe(201);
    });

    it("a strategic merge patch carrying the parent's kind/apiVersion (Ansible k8s_scale) is applied", async () => {
      const r = await json(
        'PATCH',
        `${APPS}/deployments/sc/scale`,
        {
          kind: 'Deployment',
          apiVersion: 'apps/v1',
          metadata: { name: 'sc', namespace: 'default' },
          spec: { replicas: 2 },
        },
        'application/strategic-merge-patch+json',
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 } });
      expect((await json('GET', `${APPS}/deployments/sc`)).body.spec.replicas).toBe(2);
    });

    it('a strategic merge patch naming another kind on the object itself is applied too', async () => {
      const r = await json(
        'PATCH',
        `${APPS}/deployments/sc`,
        { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { labels: { smp: 'yes' } } },
        'application/strategic-merge-patch+json',
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: { labels: { smp: 'yes' } },
      });
    });

    it('a full Scale body (PUT) naming another kind or version is refused', async () => {
      const body = { metadata: { name: 'sc', namespace: 'default' }, spec: { replicas: 1 } };
      const kind = await json('PUT', `${APPS}/deployments/sc/scale`, { ...body, kind: 'Deployment' });
      expect(kind.status).toBe(400);
      expect(kind.body.message).toBe(
        'the kind in the data (Deployment) does not match the expected kind (Scale)',
      );
      const ver = await json('PUT', `${APPS}/deployments/sc/scale`, {
        ...body,
        apiVersion: 'apps/v1',
        kind: 'Scale',
      });
      expect(ver.status).toBe(400);
    });

    it('a merge patch is decoded as the kind it names, so a foreign kind is refused as upstream does', async () => {
      const r = await json(
        'PATCH',
        `${APPS}/deployments/sc/scale`,
        { kind: 'Deployment', apiVersion: 'apps/v1', spec: { replicas: 3 } },
        'application/merge-patch+json',
      );
      expect(r.status).toBe(422);
      expect(r.body.details.causes[0].field).toBe('patch');
      const ok = await json(
        'PATCH',
        `${APPS}/deployments/sc/scale`,
        { spec: { replicas: 3 } },
        'application/merge-patch+json',
      );
      expect(ok.body.spec.replicas).toBe(3);
    });
  });

  describe('item 6: dry run on every write and subresource', () => {
    it('eviction with deleteOptions.dryRun in the body (kubectl drain --dry-run=server) keeps the pod', async () => {
      expect((await json('POST', `${NS}/pods`, pod('ev-1'))).status).toBe(201);
      const ev = await json('POST', `${NS}/pods/ev-1/eviction`, {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'ev-1', namespace: 'default' },
        deleteOptions: { dryRun: ['All'] },
      });
      expect(ev.status, JSON.stringify(ev.body)).toBe(201);
      const still = await json('GET', `${NS}/pods/ev-1`);
      expect(still.status).toBe(200);
      expect(still.body.metadata.deletionTimestamp).toBeUndefined();
    });

    it('eviction with ?dryRun=All keeps the pod; a real one deletes it; bad values and mismatches are refused', async () => {
      expect((await json('POST', `${NS}/pods`, pod('ev-2'))).status).toBe(201);
      const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'ev-2' } };
      expect((await json('POST', `${NS}/pods/ev-2/eviction?dryRun=All`, body)).status).toBe(201);
      expect((await json('GET', `${NS}/pods/ev-2`)).body.metadata.deletionTimestamp).toBeUndefined();
      const bad = await json('POST', `${NS}/pods/ev-2/eviction`, {
        ...body,
        deleteOptions: { dryRun: ['Yes'] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('dryRun: Unsupported value: "Yes"');
      const other = await json('POST', `${NS}/pods/ev-2/eviction`, { ...body, metadata: { name: 'other' } });
      expect(other.status).toBe(400);
      expect((await json('GET', `${NS}/pods/ev-2`)).status).toBe(200);
      expect((await json('POST', `${NS}/pods/ev-2/eviction`, body)).status).toBe(201);
      expect((await json('GET', `${NS}/pods/ev-2`)).status).toBe(404);
    });

    it('binding, scale, status and delete honour ?dryRun=All', async () => {
      expect((await json('POST', `${NS}/pods`, pod('dr-1'))).status).toBe(201);
      const bind = await json('POST', `${NS}/pods/dr-1/binding?dryRun=All`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'dr-1' },
        target: { kind: 'Node', name: 'nowhere' },
      });
      expect(bind.status).toBe(201);
      expect((await json('GET', `${NS}/pods/dr-1`)).body.spec.nodeName).toBeUndefined();

      const before = (await json('GET', `${APPS}/deployments/sc`)).body;
      const sc = await json(
        'PATCH',
        `${APPS}/deployments/sc/scale?dryRun=All`,
        { spec: { replicas: 7 } },
        'application/merge-patch+json',
      );
      expect(sc.body.spec.replicas).toBe(7);
      const put = await json('PUT', `${APPS}/deployments/sc/scale?dryRun=All`, {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name: 'sc', namespace: 'default' },
        spec: { replicas: 8 },
      });
      expect(put.status).toBe(200);
      const st = await json(
        'PATCH',
        `${APPS}/deployments/sc/status?dryRun=All`,
        { status: { observedGeneration: 99 } },
        'application/merge-patch+json',
      );
      expect(st.status).toBe(200);
      const after = (await json('GET', `${APPS}/deployments/sc`)).body;
      expect(after.spec.replicas).toBe(before.spec.replicas);
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

      const created = await json('POST', `${NS}/configmaps?dryRun=All`, { metadata: { name: 'dr-cm' } });
      expect(created.status).toBe(201);
      expect((await json('GET', `${NS}/configmaps/dr-cm`)).status).toBe(404);
      const coll = await json('DELETE', `${NS}/pods?labelSelector=test%3Dwire&dryRun=All`);
      expect(coll.status).toBe(200);
      expect(coll.body.items.map((p: any) => p.metadata.name)).toContain('dr-1');
      const pb = encodeKubeProtobuf({ apiVersion: 'v1', kind: 'DeleteOptions', dryRun: ['All'] } as any);
      const delPb = await rawRequest(`${cp.url}${NS}/pods/dr-1`, {
        ca,
        method: 'DELETE',
        headers: { ...auth, 'Content-Type': 'application/vnd.kubernetes.protobuf' },
        body: pb,
      });
      expect(delPb.status).toBeLessThan(300);
      expect((await json('GET', `${NS}/pods/dr-1`)).body.metadata.deletionTimestamp).toBeUndefined();
      const del = await json('DELETE', `${NS}/pods/dr-1`, { dryRun: ['All'] });
      expect(del.status).toBeLessThan(300);
      expect((await json('GET', `${NS}/pods/dr-1`)).status).toBe(200);
      expect((await json('POST', `${NS}/pods/dr-1/binding?dryRun=Nope`, {})).status).toBe(400);
    });
  });

  describe('item 10: kinds not served yet', () => {
    it('apiextensions.k8s.io/v1 customresourcedefinitions: discovery, an empty list, a Table, 404 and 405', async () => {
      const g = await json('GET', '/apis/apiextensions.k8s.io/v1');
      expect(g.status).toBe(200);
      const crd = g.body.resources.find((x: any) => x.name === 'customresourcedefinitions');
      expect(crd).toMatchObject({
        kind: 'CustomResourceDefinition',
        namespaced: false,
        verbs: ['get', 'list', 'watch'],
      });
      const list = await json('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({
        kind: 'CustomResourceDefinitionList',
        apiVersion: 'apiextensions.k8s.io/v1',
        items: [],
      });
      const table = await rawRequest(`${cp.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
        ca,
        headers: { ...auth, Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
      });
      expect(JSON.parse(table.body)).toMatchObject({ kind: 'Table', rows: [] });
      expect(
        (await json('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com')).status,
      ).toBe(404);
      const create = await json('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
      });
      expect(create.status).toBe(405);
      expect(create.body.reason).toBe('MethodNotAllowed');
      const evs = await firstEvents(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=1&timeoutSeconds=1',
      );
      expect(evs).toEqual([]);
    });

    it("every kind of kubectl's default prune allowlist maps and lists", async () => {
      const allow = [
        ['', 'v1', 'configmaps', true],
        ['', 'v1', 'endpoints', true],
        ['', 'v1', 'namespaces', false],
        ['', 'v1', 'persistentvolumeclaims', true],
        ['', 'v1', 'persistentvolumes', false],
        ['', 'v1', 'pods', true],
        ['', 'v1', 'replicationcontrollers', true],
        ['', 'v1', 'secrets', true],
        ['', 'v1', 'services', true],
        ['batch', 'v1', 'jobs', true],
        ['batch', 'v1', 'cronjobs', true],
        ['networking.k8s.io', 'v1', 'ingresses', true],
        ['apps', 'v1', 'daemonsets', true],
        ['apps', 'v1', 'deployments', true],
        ['apps', 'v1', 'replicasets', true],
        ['apps', 'v1', 'statefulsets', true],
      ] as const;
      for (const [group, version, resource, namespaced] of allow) {
        const gv = group ? `/apis/${group}/${version}` : `/api/${version}`;
        const disc = await json('GET', gv);
        expect(
          disc.body.resources.some((x: any) => x.name === resource),
          `${gv} ${resource}`,
        ).toBe(true);
        const list = await json(
          'GET',
          `${gv}/${namespaced ? 'namespaces/default/' : ''}${resource}?labelSelector=app%3Dx`,
        );
        expect(list.status, `${gv} ${resource}`).toBe(200);
        expect(Array.isArray(list.body.items)).toBe(true);
      }
      const agg = await rawRequest(`${cp.url}/apis`, {
        ca,
        headers: { ...auth, Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
      });
      const groups = JSON.parse(agg.body).items.map((x: any) => x.metadata.name);
      expect(groups).toEqual(expect.arrayContaining(['apiextensions.k8s.io', 'batch', 'networking.k8s.io']));
    });
  });

  describe('item 8: /metrics', () => {
    const scrape = async () => {
      const r = await rawRequest(`${cp.url}/metrics`, { ca, headers: auth });
      expect(r.status).toBe(200);
      expect(String(r.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
      return r.body;
    };

    it('needs a token like other non-resource paths', async () => {
      expect((await rawRequest(`${cp.url}/metrics`, { ca })).status).toBe(401);
    });

    it('counts requests by verb, resource and code, with latencies, storage counts and process figures', async () => {
      await json('GET', `${NS}/configmaps`);
      await json('GET', `${NS}/configmaps/no-such`);
      const body = await scrape();
      const line = (re: RegExp) => body.split('\n').find((l) => re.test(l));
      expect(
        line(
          /^apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver",code="200"\} \d+/,
        ),
      ).toBeDefined();
      expect(
        line(
          /^apiserver_request_total\{verb="GET",.*resource="configmaps".*scope="resource".*code="404"\} [1-9]/,
        ),
      ).toBeDefined();
      expect(
        line(
          /^apiserver_request_total\{verb="PATCH",.*group="apps".*resource="deployments",subresource="scale".*code="200"\}/,
        ),
      ).toBeDefined();
      expect(
        line(/^apiserver_request_duration_seconds_bucket\{le="0\.005",verb="LIST",.*resource="configmaps"/),
      ).toBeDefined();
      expect(line(/^apiserver_request_duration_seconds_count\{verb="LIST"/)).toBeDefined();
      const cms = Number(line(/^apiserver_storage_objects\{resource="configmaps"\}/)?.split(' ')[1]);
      expect(cms).toBeGreaterThanOrEqual(1);
      expect(line(/^apiserver_storage_objects\{resource="deployments\.apps"\} 1$/)).toBeDefined();
      for (const name of [
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
        'process_start_time_seconds',
      ])
        expect(line(new RegExp(`^${name} [0-9.e+]+$`)), name).toBeDefined();
      expect(body).toContain('# TYPE apiserver_request_duration_seconds histogram');
    });

    it('gauges exec/attach/port-forward upgrades as long-running CONNECTs', async () => {
      await new Promise<void>((resolve) => {
        const h = https.request(`${cp.url}${NS}/pods/none/exec?command=true&stdout=1`, {
          ca,
          headers: {
            ...auth,
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
          },
        });
        const done = () => resolve();
        h.on('response', (res) => (res.resume(), res.on('end', done)));
        h.on('upgrade', (_res, socket) => (socket.destroy(), done()));
        h.on('error', done);
        h.end();
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(await scrape()).toMatch(
        /^apiserver_longrunning_requests\{verb="CONNECT",.*resource="pods",subresource="exec".*\} 0$/m,
      );
    });

    it('gauges open watches as long-running requests', async () => {
      const h = https.request(`${cp.url}${NS}/secrets?watch=true`, { ca, headers: auth });
      h.on('error', () => undefined);
      h.end();
      await new Promise((r) => h.once('response', r));
      const open = await scrape();
      expect(open).toMatch(/^apiserver_longrunning_requests\{verb="WATCH",.*resource="secrets".*\} 1$/m);
      h.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect(await scrape()).toMatch(
        /^apiserver_longrunning_requests\{verb="WATCH",.*resource="secrets".*\} 0$/m,
      );
    });
  });
});
