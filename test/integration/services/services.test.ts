// Services end to end on a real 2-worker cluster with the real kubectl 1.27 and 1.33: endpoints,
// the cluster proxy (ClusterIPs, DNS, headless), LoadBalancer/NodePort from the host, a host port
// conflict, `kubedeck service --url`, and clean-up on delete.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';

const V = '1.33';

/** A free port on 127.0.0.1 (other suites run in parallel: avoid fixed ports like 8080). */
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

/** One HTTP/1.0 GET over a fresh connection: the body, or '' when refused/closed. */
function get(port: number): Promise<string> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    let data = '';
    c.setTimeout(3000, () => c.destroy());
    c.on('connect', () => c.write('GET / HTTP/1.0\r\n\r\n'));
    c.on('data', (d) => (data += String(d)));
    c.on('close', () => resolve(data.split('\r\n\r\n')[1]?.trim() ?? ''));
    c.on('error', () => resolve(''));
  });
}

describe.skipIf(SKIP_DOCKER)('Services on a real cluster', () => {
  const name = `it-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  let lbPort: number;
  const k = (args: string[], input?: string, version = V) => cluster.kubectl(version, args, { input });
  const apply = async (yaml: string) => {
    const r = await k(['apply', '-f', '-'], yaml);
    expect(r.code, r.stderr).toBe(0);
  };
  const json = async (args: string[]) => JSON.parse((await k([...args, '-o', 'json'])).stdout);
  const podYaml = (pod: string, cmd: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: ${images.busybox}
    imagePullPolicy: Never
    command: [sh, -c, ${JSON.stringify(cmd)}]
`;
  /** Runs a one-shot client pod and returns its logs once it has finished. */
  const inPod = async (pod: string, cmd: string): Promise<string> => {
    await apply(podYaml(pod, cmd));
    await eventually(
      async () => ['Succeeded', 'Failed'].includes((await json(['get', 'pod', pod])).status?.phase),
      `client pod ${pod} finished`,
      90_000,
      500,
    );
    return (await k(['logs', pod])).stdout;
  };

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    lbPort = await freePort();
    const httpd = 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www';
    await apply(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web, tier: rs}}
  template:
    metadata: {labels: {app: web, tier: rs}}
    spec:
      containers:
      - name: web
        image: ${images.busybox}
        imagePullPolicy: Never
        command: [sh, -c, ${JSON.stringify(httpd)}]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-unready, labels: {app: web}} # not the ReplicaSet's (it would adopt it)
spec:
  containers:
  - name: web
    image: ${images.busybox}
    imagePullPolicy: Never
    command: [sh, -c, ${JSON.stringify(httpd)}]
    ports: [{name: http, containerPort: 8080}]
    readinessProbe: {tcpSocket: {port: 9999}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: ${lbPort}, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 8080}]
`);
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  });

  const readyPods = async () =>
    (await json(['get', 'pods', '-l', 'app=web'])).items.filter((p: any) =>
      (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
    );

  it('lists ready pods as endpoints and the unready one apart, in Endpoints and EndpointSlices', async () => {
    await eventually(async () => (await readyPods()).length === 3, '3 ready web pods', 120_000, 500);
    const ep = await eventually(
      async () => {
        const e = await json(['get', 'endpoints', 'web']);
        const s = e.subsets?.[0];
        return s?.addresses?.length === 3 && s?.notReadyAddresses?.length === 1 ? e : undefined;
      },
      'endpoints with 3 ready + 1 not ready',
      60_000,
      500,
    );
    expect(ep.subsets[0].notReadyAddresses[0].targetRef).toMatchObject({ kind: 'Pod', name: 'web-unready' });
    expect(ep.subsets[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const slices = await json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    expect(slices.items).toHaveLength(1);
    expect(slices.items[0].metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe(
      'endpointslice-controller.k8s.io',
    );
    const conds = slices.items[0].endpoints.map((e: any) => e.conditions.ready).sort();
    expect(conds).toEqual([false, true, true, true]);
    for (const v of ['1.27', '1.33']) {
      const r = await k(['get', 'endpoints', 'web'], undefined, v);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^web\s+\S+:8080,\S+:8080,\S+:8080\s/m);
    }
  }, 200_000);

  it('serves the LoadBalancer on localhost:<port> from every ready pod and never the unready one', async () => {
    for (const v of ['1.27', '1.33']) {
      const line = await eventually(async () => {
        const r = await k(['get', 'svc', 'web'], undefined, v);
        return /\blocalhost\b/.test(r.stdout) ? r.stdout : undefined;
      }, `EXTERNAL-IP localhost (kubectl ${v})`);
      expect(line).toMatch(
        new RegExp(`^web\\s+LoadBalancer\\s+10\\.\\S+\\s+localhost\\s+${lbPort}:3\\d{4}/TCP\\s`, 'm'),
      );
    }
    const ready = new Set<string>((await readyPods()).map((p: any) => p.metadata.name));
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add(await get(lbPort));
    expect(seen).toEqual(ready);
    expect(seen.has('web-unready')).toBe(false);
    // NodePort too, on localhost.
    const nodePort = (await json(['get', 'svc', 'web'])).spec.ports[0].nodePort;
    expect(ready.has(await get(nodePort))).toBe(true);
    const url = await cluster.cli(['service', 'web', '--url', '--name', name]);
    expect(url.code, url.stderr).toBe(0);
    expect(url.stdout.trim()).toBe(`http://localhost:${lbPort}`);
    const cip = await cluster.cli(['service', 'kubernetes', '--name', name]);
    expect(cip.code).not.toBe(0);
    expect(cip.stderr).toContain('kubectl port-forward service/kubernetes 443:443');
  }, 120_000);

  it('reaches the Service from a pod by short name, namespace, FQDN and ClusterIP; headless lists pod IPs', async () => {
    const svc = await json(['get', 'svc', 'web']);
    const ip = svc.spec.clusterIP;
    const fetch = (h: string) =>
      `printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 3 ${h} ${lbPort} | tail -n 1; echo "<${h}"`;
    const out = await inPod(
      'client',
      [
        'cat /etc/resolv.conf',
        ...['web', 'web.default', 'web.default.svc.cluster.local', ip].map(fetch),
        'nslookup web-headless',
        'nc -w 2 kubernetes.default 443 </dev/null && echo "api reachable"',
      ].join('; '),
    );
    expect(out).toContain('nameserver 10.96.0.10');
    expect(out).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(out).toMatch(/options ndots:5/);
    const ready = new Set<string>((await readyPods()).map((p: any) => p.metadata.name));
    for (const h of ['web', 'web.default', 'web.default.svc.cluster.local', ip]) {
      const m = new RegExp(`^(\\S+)\\n<${h.replace(/\./g, '\\.')}$`, 'm').exec(out);
      expect(m, `answer via ${h} in:\n${out}`).not.toBeNull();
      expect(ready.has(m![1])).toBe(true);
    }
    const podIPs = (await readyPods()).map((p: any) => p.status.podIP).sort();
    const resolved = [...out.matchAll(/^Address:\s+(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]).sort();
    expect(resolved).toEqual(podIPs);
    expect(out).toContain('api reachable');
    const kep = await json(['get', 'endpoints', 'kubernetes']);
    expect(kep.subsets[0].ports[0]).toMatchObject({ name: 'https', port: cluster.lock().port });
  }, 150_000);

  it('keeps a LoadBalancer pending with a Warning while its host port is taken, then binds it', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    await apply(`
apiVersion: v1
kind: Service
metadata: {name: busy}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: ${port}, targetPort: 8080}]
`);
    const ev = await eventually(async () => {
      const r = await json(['get', 'events', '--field-selector', 'involvedObject.name=busy,type=Warning']);
      return r.items.find((e: any) => e.reason === 'SyncLoadBalancerFailed');
    }, 'Warning event for the taken port');
    expect(ev.message).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect((await k(['get', 'svc', 'busy'])).stdout).toMatch(/<pending>/);
    await new Promise<void>((r) => blocker.close(() => r()));
    await eventually(
      async () => /\blocalhost\b/.test((await k(['get', 'svc', 'busy'])).stdout),
      'bound once the port is free',
    );
    expect(await get(port)).toMatch(/^web-/);
    // Deleting the Service frees the host port and the DNS name.
    expect((await k(['delete', 'svc', 'busy'])).code).toBe(0);
    await eventually(() => freePortIs(port), 'host port freed');
    const out = await inPod(
      'client2',
      'nslookup busy.default.svc.cluster.local; nslookup web.default.svc.cluster.local',
    );
    expect(out).toMatch(/can't find busy\.default\.svc\.cluster\.local: NXDOMAIN/);
    expect(out).toMatch(/Name:\s+web\.default\.svc\.cluster\.local/);
  }, 150_000);
});

function freePortIs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
