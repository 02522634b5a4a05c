// Endpoint selection (round-robin, ClientIP affinity with timeout, failover) and real forwarding
// over loopback sockets: every new connection goes to a ready backend, none when there is none.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Balancer } from '../../../orchestrator/proxy/balancer.js';
import { listenTcp, type Listener } from '../../../orchestrator/proxy/forwarder.js';
import { buildProxyTable } from '../../../orchestrator/proxy/table.js';
import { wantedHostPorts } from '../../../orchestrator/controllers/service/host-ports.js';
import { serviceUrls } from '../../../orchestrator/cli/service-command.js';

const A = { ip: '10.0.0.1', port: 80 };
const B = { ip: '10.0.0.2', port: 80 };

describe('Balancer', () => {
  it('round-robins over the backends and skips one that just failed', () => {
    const b = new Balancer([A, B]);
    expect([b.pick(), b.pick(), b.pick()]).toEqual([A, B, A]);
    expect(b.pick(undefined, A)).toEqual(B);
    expect(new Balancer([]).pick()).toBeUndefined();
  });

  it('keeps a client on its backend with ClientIP affinity until the timeout passes', () => {
    let now = 0;
    const b = new Balancer([A, B], 'ClientIP', 1000, () => now);
    const first = b.pick('1.1.1.1');
    expect(b.pick('1.1.1.1')).toEqual(first);
    expect(b.pick('2.2.2.2')).not.toEqual(first);
    now += 1001;
    b.pick('3.3.3.3'); // moves the round-robin on
    expect(b.pick('1.1.1.1')).toBeDefined();
    // The sticky backend disappears (rollout): the client moves to a live one.
    b.update([B], 'ClientIP', 1000);
    expect(b.pick('1.1.1.1')).toEqual(B);
  });
});

describe('service table and host ports', () => {
  const svc = (name: string, type: string, ports: any[], created = '2024-01-01T00:00:00Z') => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', creationTimestamp: created },
    spec: { type, clusterIP: type === 'Headless' ? 'None' : '10.96.1.1', ports },
  });

  it('takes ready addresses per port name from Endpoints', () => {
    const t = buildProxyTable(
      [svc('web', 'ClusterIP', [{ name: 'http', port: 80, protocol: 'TCP' }])],
      () => ({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'web' },
        subsets: [
          {
            addresses: [{ ip: '172.18.0.5' }],
            notReadyAddresses: [{ ip: '172.18.0.6' }],
            ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          },
        ],
      }),
      { clusterDomain: 'cluster.local', dnsIP: '10.96.0.10', serviceCIDR: '10.96.0.0/12' },
    );
    expect(t.services[0]).toMatchObject({
      clusterIP: '10.96.1.1',
      podIPs: ['172.18.0.5'],
      ports: [{ port: 80, backends: [{ ip: '172.18.0.5', port: 8080 }] }],
    });
  });

  it('gives LoadBalancers their port and node port, first Service first', () => {
    const w = wantedHostPorts([
      svc('late', 'LoadBalancer', [{ port: 8080, nodePort: 30002 }], '2024-01-02T00:00:00Z'),
      svc('early', 'LoadBalancer', [{ port: 8080, nodePort: 30001 }]),
      svc('np', 'NodePort', [{ port: 80, nodePort: 30003 }]),
      svc('cip', 'ClusterIP', [{ port: 81 }]),
    ]);
    expect([...w.entries()].map(([p, x]) => [p, x.svcKey, x.kind]).sort()).toEqual([
      [30001, 'default/early', 'nodePort'],
      [30002, 'default/late', 'nodePort'],
      [30003, 'default/np', 'nodePort'],
      [8080, 'default/early', 'loadBalancer'],
    ]);
  });

  it('prints localhost URLs for LoadBalancer and NodePort Services only', () => {
    const lb = {
      ...svc('a', 'LoadBalancer', [{ port: 8080, nodePort: 30001 }]),
      status: { loadBalancer: { ingress: [{ hostname: 'localhost' }] } },
    };
    expect(serviceUrls(lb)).toEqual(['http://localhost:8080']);
    expect(serviceUrls(svc('a', 'LoadBalancer', [{ port: 8080, nodePort: 30001 }]))).toEqual([
      'http://localhost:30001',
    ]);
    expect(serviceUrls(svc('b', 'NodePort', [{ port: 80, nodePort: 30003 }]))).toEqual([
      'http://localhost:30003',
    ]);
    expect(serviceUrls(svc('c', 'ClusterIP', [{ port: 80 }]))).toEqual([]);
  });
});

describe('TCP forwarding', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  const backend = async (name: string) => {
    const srv = net.createServer((s) => s.end(name));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    closers.push(() => srv.close());
    return { ip: '127.0.0.1', port: (srv.address() as net.AddressInfo).port };
  };
  const fetchOnce = (port: number) =>
    new Promise<string>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      let data = '';
      c.on('data', (d) => (data += String(d)));
      c.on('close', () => resolve(data));
      c.on('error', () => resolve('ERR'));
    });

  it('spreads new connections over ready backends, retries past a dead one, refuses with none', async () => {
    const one = await backend('one');
    const two = await backend('two');
    const dead = { ip: '127.0.0.1', port: 1 };
    const b = new Balancer([one, two]);
    const l: Listener = await new Promise((resolve, reject) => {
      const x = listenTcp('127.0.0.1', 0, b, reject, () => resolve(x));
    });
    closers.push(() => l.close());
    const port = l.port()!;
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add(await fetchOnce(port));
    expect([...seen].sort()).toEqual(['one', 'two']);
    // A backend that refuses: the connection is retried once on another backend.
    b.update([dead, one], 'None', 0);
    for (let i = 0; i < 4; i++) expect(await fetchOnce(port)).toBe('one');
    // No ready backend: the connection is closed without data.
    b.update([], 'None', 0);
    expect(await fetchOnce(port)).toBe('');
  });

  it('passes a half-close through: a client that shuts down its side still gets the answer', async () => {
    const srv = net.createServer({ allowHalfOpen: true }, (sock) => {
      sock.resume();
      sock.on('end', () => setTimeout(() => sock.end('late answer'), 50));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    closers.push(() => srv.close());
    const b = new Balancer([{ ip: '127.0.0.1', port: (srv.address() as net.AddressInfo).port }]);
    const l: Listener = await new Promise((resolve, reject) => {
      const x = listenTcp('127.0.0.1', 0, b, reject, () => resolve(x));
    });
    closers.push(() => l.close());
    const body = await new Promise<string>((resolve) => {
      const c = net.connect({ port: l.port()!, host: '127.0.0.1', allowHalfOpen: true });
      let data = '';
      c.on('connect', () => c.end('request'));
      c.on('data', (d) => (data += String(d)));
      c.on('close', () => resolve(data));
    });
    expect(body).toBe('late answer');
  });
});
