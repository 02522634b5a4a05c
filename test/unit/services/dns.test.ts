// Cluster DNS: wire codec round trips, the cluster zone's answers, forwarding and SERVFAIL offline.
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import {
  buildQuery,
  buildResponse,
  parseQuery,
  parseResponse,
  RCODE,
  TYPE,
} from '../../../orchestrator/node/proxy/dns-codec.js';
import { resolve, ServiceIndex } from '../../../orchestrator/node/proxy/dns-resolver.js';
import { answer } from '../../../orchestrator/node/proxy/dns-server.js';
import type { ProxyTable } from '../../../orchestrator/proxy/table.js';

const table: ProxyTable = {
  clusterDomain: 'cluster.local',
  dnsIP: '10.96.0.10',
  serviceCIDR: '10.96.0.0/12',
  services: [
    {
      namespace: 'default',
      name: 'web',
      clusterIP: '10.96.5.5',
      podIPs: ['172.18.0.5'],
      affinity: 'None',
      affinityTimeoutSec: 10800,
      ports: [{ name: 'http', port: 80, protocol: 'TCP', backends: [] }],
    },
    {
      namespace: 'shop',
      name: 'db',
      podIPs: ['172.18.0.7', '172.18.0.8'],
      affinity: 'None',
      affinityTimeoutSec: 10800,
      ports: [],
    },
  ],
};
const index = new ServiceIndex(table);
const q = (name: string, type: number = TYPE.A) => resolve(index, { name, type, cls: 1 });

describe('DNS wire codec', () => {
  it('parses a query and round-trips A and SRV answers', () => {
    const query = parseQuery(buildQuery(0x1234, 'Web.Default.svc.cluster.local', TYPE.A));
    expect(query).toEqual({
      id: 0x1234,
      flags: 0x0100,
      question: { name: 'web.default.svc.cluster.local', type: 1, cls: 1 },
    });
    const res = buildResponse(query, RCODE.NOERROR, [
      { type: 'A', name: 'web.default.svc.cluster.local', ttl: 30, ip: '10.96.5.5' },
      {
        type: 'SRV',
        name: '_http._tcp.web',
        ttl: 30,
        priority: 0,
        weight: 100,
        port: 80,
        target: 'web.default.svc.cluster.local',
      },
    ]);
    const parsed = parseResponse(res);
    expect(parsed.id).toBe(0x1234);
    expect(parsed.rcode).toBe(0);
    expect(parsed.answers).toEqual([
      { type: 'A', name: 'web.default.svc.cluster.local', ttl: 30, ip: '10.96.5.5' },
      {
        type: 'SRV',
        name: '_http._tcp.web',
        ttl: 30,
        priority: 0,
        weight: 100,
        port: 80,
        target: 'web.default.svc.cluster.local',
      },
    ]);
    // QR, AA, RD (copied), RA
    expect(res.readUInt16BE(2)).toBe(0x8580);
  });

  it('rejects malformed packets', () => {
    expect(() => parseQuery(Buffer.alloc(5))).toThrow();
    const bad = buildQuery(1, 'a.b', TYPE.A).subarray(0, 15);
    expect(() => parseQuery(bad)).toThrow();
  });
});

describe('cluster zone', () => {
  it('answers service names with the ClusterIP, headless names with every ready pod IP', () => {
    expect(q('web.default.svc.cluster.local')).toEqual({
      rcode: 0,
      answers: [{ type: 'A', name: 'web.default.svc.cluster.local', ttl: 30, ip: '10.96.5.5' }],
    });
    const headless = q('db.shop.svc.cluster.local.');
    expect(headless !== 'forward' && headless.answers.map((a) => (a.type === 'A' ? a.ip : ''))).toEqual([
      '172.18.0.7',
      '172.18.0.8',
    ]);
  });

  it('answers AAAA with no data, SRV for named ports, and pod names from their dashed IP', () => {
    expect(q('web.default.svc.cluster.local', TYPE.AAAA)).toEqual({ rcode: 0, answers: [] });
    expect(q('_http._tcp.web.default.svc.cluster.local', TYPE.SRV)).toMatchObject({
      rcode: 0,
      answers: [{ type: 'SRV', port: 80, target: 'web.default.svc.cluster.local' }],
    });
    expect(q('172-18-0-9.default.pod.cluster.local')).toMatchObject({ answers: [{ ip: '172.18.0.9' }] });
    expect(q('300-1-1-1.default.pod.cluster.local')).toMatchObject({ rcode: RCODE.NXDOMAIN });
  });

  it('is authoritative NXDOMAIN for unknown cluster names (search-path misses) and forwards the rest', () => {
    expect(q('nope.default.svc.cluster.local')).toMatchObject({ rcode: RCODE.NXDOMAIN });
    expect(q('web.default.svc.cluster.local.default.svc.cluster.local')).toMatchObject({
      rcode: RCODE.NXDOMAIN,
    });
    expect(q('web.cluster.local')).toMatchObject({ rcode: RCODE.NXDOMAIN });
    expect(q('example.com')).toBe('forward');
  });
});

describe('forwarding', () => {
  it('relays other names to the upstream resolver and replies SERVFAIL when none answers', async () => {
    const upstream = dgram.createSocket('udp4');
    upstream.on('message', (msg, r) => {
      const query = parseQuery(msg);
      upstream.send(
        buildResponse(
          query,
          0,
          [{ type: 'A', name: query.question.name, ttl: 5, ip: '93.184.216.34' }],
          false,
        ),
        r.port,
        r.address,
      );
    });
    await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', r));
    const relayed = await answer(buildQuery(6, 'example.com', TYPE.A), index, [
      `127.0.0.1:${upstream.address().port}`,
    ]);
    expect(parseResponse(relayed!)).toMatchObject({ id: 6, rcode: 0, answers: [{ ip: '93.184.216.34' }] });
    upstream.close();
    const started = Date.now();
    const res = await answer(buildQuery(7, 'example.com', TYPE.A), index, ['127.0.0.254']);
    expect(parseResponse(res!).rcode).toBe(RCODE.SERVFAIL);
    expect(Date.now() - started).toBeLessThan(5000);
    const none = await answer(buildQuery(8, 'example.com', TYPE.A), index, []);
    expect(parseResponse(none!).rcode).toBe(RCODE.SERVFAIL);
  });
});
