import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import { D, H, M, NOW, ago, info } from './helpers.js';

describe('nodes', () => {
  const NODES = info('', 'v1', 'nodes');
  const node = (over: any = {}) => ({
    metadata: { name: 'n1', creationTimestamp: ago(10 * D), labels: {}, ...over.metadata },
    spec: { ...over.spec },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      addresses: [
        { type: 'Hostname', address: 'n1' },
        { type: 'InternalIP', address: '172.18.0.2' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.33.1',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.8.0',
        containerRuntimeVersion: 'containerd://1.7.24',
      },
      ...over.status,
    },
  });
  const cells = (n: any) => toTable(NODES, [n], { now: NOW }).rows[0].cells;

  it('columns', () => {
    expect(toTable(NODES, [], { now: NOW }).columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Status', 0],
      ['Roles', 0],
      ['Age', 0],
      ['Version', 0],
      ['Internal-IP', 1],
      ['External-IP', 1],
      ['OS-Image', 1],
      ['Kernel-Version', 1],
      ['Container-Runtime', 1],
    ]);
  });

  it('ready worker', () => {
    expect(cells(node())).toEqual([
      'n1',
      'Ready',
      '<none>',
      '10d',
      'v1.33.1',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0',
      'containerd://1.7.24',
    ]);
  });

  it('roles from both label forms, sorted and de-duplicated', () => {
    const labels = {
      'node-role.kubernetes.io/control-plane': '',
      'node-role.kubernetes.io/': '',
      'kubernetes.io/role': 'master',
      'node-role.kubernetes.io/master': '',
    };
    expect(cells(node({ metadata: { labels } }))[2]).toBe('control-plane,master');
  });

  it('NotReady, Unknown and SchedulingDisabled', () => {
    expect(cells(node({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }))[1]).toBe('NotReady');
    expect(cells(node({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }))[1]).toBe(
      'NotReady',
    );
    expect(cells(node({ status: { conditions: [] } }))[1]).toBe('Unknown');
    expect(cells(node({ spec: { unschedulable: true } }))[1]).toBe('Ready,SchedulingDisabled');
    expect(cells(node({ spec: { unschedulable: true }, status: { conditions: [] } }))[1]).toBe(
      'Unknown,SchedulingDisabled',
    );
  });

  it('<unknown> node info and external IP', () => {
    const n = node({
      status: {
        nodeInfo: { kubeletVersion: 'v1.30.0' },
        addresses: [{ type: 'ExternalIP', address: '1.1.1.1' }],
      },
    });
    expect(cells(n).slice(4)).toEqual([
      'v1.30.0',
      '<none>',
      '1.1.1.1',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

describe('namespaces, configmaps, secrets, serviceaccounts, leases', () => {
  it('namespaces: NAME STATUS AGE', () => {
    const NS = info('', 'v1', 'namespaces');
    const t = toTable(
      NS,
      [{ metadata: { name: 'default', creationTimestamp: ago(2 * H) }, status: { phase: 'Active' } }],
      { now: NOW },
    );
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(t.rows[0].cells).toEqual(['default', 'Active', '120m']);
  });

  it('configmaps count data and binaryData', () => {
    const CM = info('', 'v1', 'configmaps');
    const t = toTable(
      CM,
      [
        {
          metadata: { name: 'kube-root-ca.crt', creationTimestamp: ago(M) },
          data: { 'ca.crt': 'x' },
          binaryData: { b: 'AA==' },
        },
        { metadata: { name: 'empty', creationTimestamp: ago(M) } },
      ],
      { now: NOW },
    );
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['kube-root-ca.crt', 2, '60s'],
      ['empty', 0, '60s'],
    ]);
  });

  it('secrets: NAME TYPE DATA AGE', () => {
    const SEC = info('', 'v1', 'secrets');
    const t = toTable(
      SEC,
      [
        {
          metadata: { name: 'tls', creationTimestamp: ago(M) },
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': 'a', 'tls.key': 'b' },
        },
      ],
      { now: NOW },
    );
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(t.rows[0].cells).toEqual(['tls', 'kubernetes.io/tls', 2, '60s']);
  });

  it('serviceaccounts: NAME SECRETS AGE', () => {
    const SA = info('', 'v1', 'serviceaccounts');
    const t = toTable(
      SA,
      [
        { metadata: { name: 'default', creationTimestamp: ago(M) } },
        { metadata: { name: 'bot', creationTimestamp: ago(M) }, secrets: [{ name: 'bot-token' }] },
      ],
      { now: NOW },
    );
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Secrets', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['default', 0, '60s'],
      ['bot', 1, '60s'],
    ]);
  });

  it('leases: NAME HOLDER AGE', () => {
    const LEASE = info('coordination.k8s.io', 'v1', 'leases');
    const t = toTable(
      LEASE,
      [
        {
          metadata: { name: 'n1', creationTimestamp: ago(M) },
          spec: { holderIdentity: 'n1', leaseDurationSeconds: 40 },
        },
        { metadata: { name: 'free', creationTimestamp: ago(M) }, spec: {} },
      ],
      { now: NOW },
    );
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['n1', 'n1', '60s'],
      ['free', '', '60s'],
    ]);
  });
});
