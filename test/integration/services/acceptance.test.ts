// Issue 5 acceptance items not covered by services.test.ts, on a real 2-worker cluster with the
// real kubectl 1.27 and 1.33: a Deployment behind `kubectl expose --type=LoadBalancer` (spread,
// readiness, zero errors during a rolling update), resolv.conf via `kubectl exec`, NodePort,
// `kubedeck service --url`, and what deleting a Service frees (ClusterIP, host port, DNS name).
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** One GET over a new connection (agent: false): the body (a pod name) or an Error. */
function get(port: number): Promise<string | Error> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve(res.statusCode === 200 ? body.trim() : new Error(`HTTP ${res.statusCode}`)),
      );
      res.on('error', resolve);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', resolve);
  });
}

/** n requests, `par` at a time; the count per answer (errors under their message). */
async function spread(port: number, n: number, par = 10): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i += par) {
    const rs = await Promise.all(Array.from({ length: Math.min(par, n - i) }, () => get(port)));
    for (const r of rs) {
      const key = r instanceof Error ? `ERR ${r.message}` : r;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

describe.skipIf(SKIP_DOCKER)('Services acceptance (issue 5)', () => {
  const name = `ia-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  let P: number;
  const k = (v: string, args: string[], input?: string) =>
    cluster.kubectl(v, args, { input, timeoutMs: 90_000 });
  const ok = async (v: string, args: string[], input?: string) => {
    const r = await k(v, args, input);
    expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const json = async (args: string[]) => JSON.parse(await ok('1.33', [...args, '-o', 'json']));
  const isReady = (p: any) =>
    !p.metadata.deletionTimestamp &&
    (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  const webPods = async () => (await json(['get', 'pods', '-l', 'app=web'])).items;
  const readyNames = async () =>
    (await webPods())
      .filter(isReady)
      .map((p: any) => p.metadata.name)
      .sort();
  const readyAddrs = async (svc: string) =>
    ((await json(['get', 'endpoints', svc])).subsets ?? []).flatMap((s: any) => s.addresses ?? []);

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    P = (await portFree(8080)) ? 8080 : await freePort();
    console.log(`LoadBalancer port: ${P}${P === 8080 ? '' : ' (8080 is taken on 127.0.0.1)'}`);
    const httpd = 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www';
    await ok(
      '1.33',
      ['apply', '-f', '-'],
      `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: ${images.busybox}
        imagePullPolicy: Never
        command: [sh, -c, ${JSON.stringify(httpd)}]
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1, failureThreshold: 1}
`,
    );
    await ok('1.27', [
      'expose',
      'deployment',
      'web',
      '--type=LoadBalancer',
      `--port=${P}`,
      '--target-port=8080',
    ]);
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  it('spreads 300 requests to localhost:P over all 3 pods; an unready pod gets none', async () => {
    await eventually(async () => (await readyNames()).length === 3, '3 ready pods', 120_000, 500);
    await eventually(async () => (await readyAddrs('web')).length === 3, '3 ready endpoints', 60_000, 500);
    await eventually(async () => typeof (await get(P)) === 'string', `localhost:${P} answers`, 60_000, 500);
    const names = await readyNames();
    const counts = await spread(P, 300);
    expect([...counts.keys()].sort()).toEqual(names);
    for (const n of names)
      expect(counts.get(n)!, `${n}: ${JSON.stringify([...counts])}`).toBeGreaterThanOrEqual(45);

    // Fail one pod's readiness (the httpGet probe gets a 404) → it leaves the endpoints.
    const victim = names[0];
    await ok('1.33', ['exec', victim, '--', 'rm', '/www/index.html']);
    await eventually(async () => (await readyAddrs('web')).length === 2, 'unready pod removed', 30_000, 300);
    const after = await spread(P, 60);
    expect(after.has(victim), JSON.stringify([...after])).toBe(false);
    expect([...after.keys()].sort()).toEqual(names.slice(1));
    // Ready again once the file is back.
    await ok('1.27', ['exec', victim, '--', 'sh', '-c', 'hostname > /www/index.html']);
    await eventually(async () => (await readyAddrs('web')).length === 3, 'pod ready again', 30_000, 300);
  }, 200_000);

  it('sees zero connection errors during a rolling update', async () => {
    const before = await readyNames();
    let stop = false;
    const errors: string[] = [];
    let served = 0;
    const loop = (async () => {
      for (let i = 0; i < 20_000 && !stop; i++) {
        const r = await get(P);
        if (r instanceof Error) errors.push(r.message);
        else served++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    await ok('1.33', ['rollout', 'restart', 'deployment/web']);
    await ok('1.27', ['rollout', 'status', 'deployment/web', '--timeout=150s']);
    // Old pods are gone (not just terminating) before the loop stops.
    await eventually(
      async () => (await webPods()).every((p: any) => !before.includes(p.metadata.name)),
      'old pods gone',
      60_000,
      500,
    );
    stop = true;
    await loop;
    console.log(`rolling update: ${served} requests served, ${errors.length} errors`);
    expect(errors, `errors after ${served} good requests`).toEqual([]);
    expect(served).toBeGreaterThan(20);
    const names = await readyNames();
    expect(names.some((n: string) => before.includes(n))).toBe(false);
    await eventually(async () => (await readyAddrs('web')).length === 3, '3 new endpoints', 30_000, 300);
    const counts = await spread(P, 30);
    expect(
      [...counts.keys()].every((n) => names.includes(n)),
      JSON.stringify([...counts]),
    ).toBe(true);
  }, 240_000);

  it('writes the cluster resolv.conf into pods (kubectl exec, 1.27 and 1.33)', async () => {
    const pod = (await readyNames())[0];
    for (const v of ['1.27', '1.33']) {
      const out = await ok(v, ['exec', pod, '--', 'cat', '/etc/resolv.conf']);
      expect(out).toMatch(/^nameserver 10\.96\.0\.10$/m);
      expect(out).toMatch(/^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local$/m);
      expect(out).toMatch(/^options ndots:5$/m);
    }
  }, 60_000);

  it('serves a NodePort at localhost:<nodePort>; `kubedeck service --url` prints the URLs', async () => {
    await ok('1.33', [
      'expose',
      'deployment',
      'web',
      '--type=NodePort',
      '--name=web-np',
      '--port=80',
      '--target-port=8080',
    ]);
    const nodePort = (await json(['get', 'svc', 'web-np'])).spec.ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    const names = await readyNames();
    const r = await eventually(
      async () => {
        const b = await get(nodePort);
        return typeof b === 'string' ? b : undefined;
      },
      `localhost:${nodePort} answers`,
      30_000,
      300,
    );
    expect(names).toContain(r);

    const lb = await cluster.cli(['service', 'web', '--url', '--name', name]);
    expect(lb.code, lb.stderr).toBe(0);
    expect(lb.stdout.trim()).toBe(`http://localhost:${P}`);
    const np = await cluster.cli(['service', 'web-np', '--url', '--name', name]);
    expect(np.code, np.stderr).toBe(0);
    expect(np.stdout.trim()).toBe(`http://localhost:${nodePort}`);
    await ok('1.27', ['expose', 'deployment', 'web', '--name=web-cip', '--port=80', '--target-port=8080']);
    const cip = await cluster.cli(['service', 'web-cip', '--url', '--name', name]);
    expect(cip.code).not.toBe(0);
    expect(cip.stderr).toContain('kubectl port-forward service/web-cip');
  }, 90_000);

  it('frees the ClusterIP, host port and DNS name of a deleted Service', async () => {
    const Q = await freePort();
    await ok('1.33', [
      'expose',
      'deployment',
      'web',
      '--type=LoadBalancer',
      '--name=gone',
      `--port=${Q}`,
      '--target-port=8080',
    ]);
    const ip = (await json(['get', 'svc', 'gone'])).spec.clusterIP;
    await eventually(async () => typeof (await get(Q)) === 'string', `localhost:${Q} answers`, 30_000, 300);
    const pod = (await readyNames())[0];
    const lookup = (v: string) => k(v, ['exec', pod, '--', 'nslookup', 'gone']);
    // busybox nslookup also tries the other search suffixes (and exits 1 when one of them is
    // NXDOMAIN), so judge by what it printed for the Service's own name.
    const found = await lookup('1.27');
    expect(found.stdout, found.stderr).toMatch(
      /Name:\s+gone\.default\.svc\.cluster\.local\s+Address:\s+(\S+)/,
    );
    expect(found.stdout).toContain(`Address: ${ip}`);

    await ok('1.27', ['delete', 'svc', 'gone']);
    await eventually(() => portFree(Q), `host port ${Q} freed`, 30_000, 300);
    const after = await get(Q);
    expect(after).toBeInstanceOf(Error);
    const gone = (await eventually(
      async () => {
        const r = await lookup('1.33');
        return /Name:\s+gone\./.test(r.stdout) ? undefined : r;
      },
      'nslookup gone finds nothing',
      30_000,
      500,
    ))!;
    expect(gone.code).not.toBe(0);
    expect(gone.stdout + gone.stderr).toMatch(/can't find gone\.default\.svc\.cluster\.local: NXDOMAIN/);
    expect(gone.stdout).not.toContain(ip);
    // The exact ClusterIP can be asked for again.
    await ok(
      '1.33',
      ['apply', '-f', '-'],
      `
apiVersion: v1
kind: Service
metadata: {name: reuse}
spec:
  clusterIP: ${ip}
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
    );
    expect((await json(['get', 'svc', 'reuse'])).spec.clusterIP).toBe(ip);
  }, 120_000);
});
