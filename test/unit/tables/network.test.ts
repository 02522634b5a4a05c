import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { M, NOW, ago, info } from './helpers.js';

const SVC = info('', 'v1', 'services');

function svc(spec: any, status: any = {}): KubeObject {
  return { metadata: { name: 's', creationTimestamp: ago(2 * M) }, spec, status };
}
function svcCells(s: KubeObject): unknown[] {
  return toTable(SVC, [s], { now: NOW }).rows[0].cells;
}

describe('services', () => {
  it('columns', () => {
    expect(toTable(SVC, [], { now: NOW }).columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ]);
  });

  it('ClusterIP service', () => {
    const s = svc({
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    });
    expect(svcCells(s)).toEqual([
      's',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '53/UDP,53/TCP',
      '2m',
      'k8s-app=kube-dns',
    ]);
  });

  it('NodePort with externalIPs and headless service', () => {
    const np = svc({
      type: 'NodePort',
      clusterIPs: ['10.96.1.1'],
      externalIPs: ['1.2.3.4', '5.6.7.8'],
      ports: [{ port: 8080, nodePort: 31234, protocol: 'TCP' }],
    });
    expect(svcCells(np).slice(1, 5)).toEqual(['NodePort', '10.96.1.1', '1.2.3.4,5.6.7.8', '8080:31234/TCP']);
    const headless = svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] });
    expect(svcCells(headless).slice(2, 7)).toEqual(['None', '<none>', '<none>', '2m', '<none>']);
  });

  it('LoadBalancer: <pending>, ingress ip/hostname (sorted, deduplicated) and externalIPs', () => {
    const spec = {
      type: 'LoadBalancer',
      clusterIPs: ['10.96.2.2'],
      ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
    };
    expect(svcCells(svc(spec))[3]).toBe('<pending>');
    const withIngress = svc(spec, {
      loadBalancer: {
        ingress: [
          { ip: '203.0.113.9' },
          { hostname: 'lb.example.com' },
          { ip: '203.0.113.10' },
          { ip: '203.0.113.9' },
        ],
      },
    });
    expect(svcCells(withIngress)[3]).toBe('203.0.113.10,203.0.113.9,lb.example.com');
    const both = svc(
      { ...spec, externalIPs: ['9.9.9.9'] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
    );
    expect(svcCells(both)[3]).toBe('203.0.113.9,9.9.9.9');
    const onlyExternal = svc({ ...spec, externalIPs: ['9.9.9.9'] });
    expect(svcCells(onlyExternal)[3]).toBe('9.9.9.9');
  });

  it('ExternalName service', () => {
    const s = svc({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(svcCells(s).slice(1, 5)).toEqual(['ExternalName', '<none>', 'db.example.com', '<none>']);
  });
});

describe('endpoints', () => {
  const EP = info('', 'v1', 'endpoints');
  const cell = (o: any) =>
    toTable(EP, [{ metadata: { name: 'e', creationTimestamp: ago(M) }, ...o }], { now: NOW }).rows[0].cells;

  it('columns and <none> without subsets', () => {
    expect(toTable(EP, [], { now: NOW }).columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Endpoints',
      'Age',
    ]);
    expect(cell({})).toEqual(['e', '<none>', '60s']);
  });

  it('host:port pairs, IPv6 brackets and "+ N more..."', () => {
    expect(
      cell({ subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }], ports: [{ port: 80 }] }] })[1],
    ).toBe('10.0.0.1:80,[fd00::1]:80');
    const many = {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { name: 'http', port: 80 },
            { name: 'https', port: 443 },
          ],
        },
        { addresses: [{ ip: '10.0.0.3' }], ports: [{ port: 8080 }] },
      ],
    };
    expect(cell(many)[1]).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...');
  });

  it('headless subsets without ports list bare IPs; subsets without addresses print empty', () => {
    expect(cell({ subsets: [{ addresses: [{ ip: '10.0.0.5' }] }] })[1]).toBe('10.0.0.5');
    expect(cell({ subsets: [{ notReadyAddresses: [{ ip: '10.0.0.5' }], ports: [{ port: 80 }] }] })[1]).toBe(
      '',
    );
  });
});

describe('endpointslices', () => {
  const ES = info('discovery.k8s.io', 'v1', 'endpointslices');

  it('columns and cells', () => {
    expect(toTable(ES, [], { now: NOW }).columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'AddressType',
      'Ports',
      'Endpoints',
      'Age',
    ]);
    const es = {
      metadata: { name: 'web-abc', creationTimestamp: ago(M) },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics' }, {}, { port: 9000 }],
      endpoints: [
        { addresses: ['10.0.0.1'] },
        { addresses: ['10.0.0.2', '10.0.0.3'] },
        { addresses: ['10.0.0.4'] },
      ],
    };
    expect(toTable(ES, [es], { now: NOW }).rows[0].cells).toEqual([
      'web-abc',
      'IPv4',
      '80,metrics,* + 1 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
      '60s',
    ]);
  });

  it('<unset> for empty ports and endpoints', () => {
    const es = { metadata: { name: 'e' }, addressType: 'IPv6', endpoints: [] };
    expect(toTable(ES, [es], { now: NOW }).rows[0].cells.slice(1, 5)).toEqual([
      'IPv6',
      '<unset>',
      '<unset>',
      '<unknown>',
    ]);
  });
});
