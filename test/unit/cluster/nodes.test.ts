// Naming, settings, node image hash and the node container spec (pure parts of the Docker lifecycle).
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../orchestrator/cluster/config-file.js';
import { listenHosts } from '../../../orchestrator/controlplane/daemon.js';
import { networkName, nodeName, nodeNames, nodeUser } from '../../../orchestrator/config/names.js';
import { nodeContainerSpec, type NodeContainerInput } from '../../../orchestrator/cluster/node-containers.js';
import { nodeImageHash, nodeImageTag } from '../../../orchestrator/cluster/node-image.js';
import { readiness } from '../../../orchestrator/cluster/node-ready.js';
import {
  defaultNodeCapacity,
  parseDuration,
  resolveSettings,
  validateSettings,
} from '../../../orchestrator/config/settings.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers.js';

describe('names', () => {
  it('workers are named like kind; network kubedeck-<cluster>; node users', () => {
    expect(nodeNames('kubedeck', 3)).toEqual(['kubedeck-worker', 'kubedeck-worker2', 'kubedeck-worker3']);
    expect(nodeName('dev', 1)).toBe('dev-worker');
    expect(() => nodeName('dev', 0)).toThrow(RangeError);
    expect(networkName('dev')).toBe('kubedeck-dev');
    expect(nodeUser('dev-worker2')).toBe('system:node:dev-worker2');
  });
});

describe('settings', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('10s', 'x')).toBe(10_000);
    expect(parseDuration('1m30s', 'x')).toBe(90_000);
    expect(parseDuration('500ms', 'x')).toBe(500);
    expect(parseDuration(2, 'x')).toBe(2000);
    expect(() => parseDuration('10 sec', 'x')).toThrow(/duration/);
  });

  it('defaults are upstream values and a fair share of the host', () => {
    const s = resolveSettings({}, 2, { cpus: 2, memoryBytes: 8 * 1024 ** 3 });
    expect(s).toEqual({
      crashLoopBackOff: { initialMs: 10_000, maxMs: 300_000 },
      imagePullBackOff: { initialMs: 10_000, maxMs: 300_000 },
      localImagesFirst: true,
      nodeCapacity: { cpu: '1', memory: `${4 * 1024 * 1024}Ki`, pods: 110 },
    });
    expect(defaultNodeCapacity(3, { cpus: 2, memoryBytes: 3 * 1024 }).cpu).toBe('666m');
  });

  it('validates and keeps what the file sets', () => {
    const v = validateSettings({
      crashLoopBackOff: { base: '1s', cap: '8s' },
      localImagesFirst: false,
      nodeCapacity: { cpu: '500m', pods: 10 },
    });
    expect(resolveSettings(v, 1, { cpus: 4, memoryBytes: 1024 ** 3 })).toMatchObject({
      crashLoopBackOff: { initialMs: 1000, maxMs: 8000 },
      imagePullBackOff: { initialMs: 10_000, maxMs: 300_000 },
      localImagesFirst: false,
      nodeCapacity: { cpu: '500m', memory: `${1024 * 1024}Ki`, pods: 10 },
    });
    expect(() => validateSettings({ crashLoopBackOff: { base: '20s', cap: '10s' } })).toThrow(
      /must not exceed/,
    );
    expect(() => validateSettings({ nodeCapacity: { memory: 'lots' } })).toThrow(/memory/);
    expect(() => validateSettings({ imagePullBackOff: { bsae: '1s' } })).toThrow(/unknown field/);
  });

  it('config file: settings next to nodes; unknown keys named', () => {
    const t = tempDir();
    try {
      const f = path.join(t.dir, 'c.yaml');
      writeFileSync(f, 'nodes: 3\ncrashLoopBackOff:\n  base: 1s\n  cap: 4s\nlocalImagesFirst: false\n');
      expect(loadConfigFile(f)).toEqual({
        nodes: 3,
        settings: { crashLoopBackOff: { base: '1s', cap: '4s' }, localImagesFirst: false },
      });
      writeFileSync(f, 'crashLoopBackOff:\n  base: soon\n');
      expect(() => loadConfigFile(f)).toThrow(/crashLoopBackOff.base must be a duration/);
    } finally {
      t.cleanup();
    }
  });
});

describe('node image hash', () => {
  it('changes with each input and tags with 12 hex digits', () => {
    const a = nodeImageHash('sha256:base', Buffer.from('agent'), 'FROM x');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(nodeImageHash('sha256:base', Buffer.from('agent'), 'FROM x')).toBe(a);
    expect(nodeImageHash('sha256:other', Buffer.from('agent'), 'FROM x')).not.toBe(a);
    expect(nodeImageHash('sha256:base', Buffer.from('agent2'), 'FROM x')).not.toBe(a);
    expect(nodeImageHash('sha256:base', Buffer.from('agent'), 'FROM y')).not.toBe(a);
    // Length prefixes: moving bytes between inputs changes the hash.
    expect(nodeImageHash('ab', Buffer.from('c'), '')).not.toBe(nodeImageHash('a', Buffer.from('bc'), ''));
    expect(nodeImageTag(a)).toBe(`kubedeck/node:${a.slice(0, 12)}`);
  });
});

describe('node container spec', () => {
  const input: NodeContainerInput = {
    cluster: 'dev',
    node: 'dev-worker2',
    image: 'kubedeck/node:abc',
    network: 'kubedeck-dev',
    apiPort: 23456,
    caFile: '/h/pki/ca.crt',
    tokenFile: '/h/nodes/dev-worker2/token',
    podDir: '/h/nodes/dev-worker2/pods',
    dockerSocket: '/var/run/docker.sock',
    pauseImage: 'registry.k8s.io/pause:3.10',
    settings: resolveSettings({}, 2, { cpus: 2, memoryBytes: 2 ** 30 }),
    hostGateway: '172.18.0.1',
  };

  it('mounts, env, labels and restart policy', () => {
    const s = nodeContainerSpec(input);
    expect(s).toMatchObject({
      name: 'dev-worker2',
      hostname: 'dev-worker2',
      networkMode: 'kubedeck-dev',
      restartPolicy: 'unless-stopped',
      extraHosts: ['host.docker.internal:172.18.0.1'],
      binds: [
        '/var/run/docker.sock:/var/run/docker.sock',
        '/h/pki/ca.crt:/kubedeck/ca.crt:ro',
        '/h/nodes/dev-worker2/token:/kubedeck/token:ro',
        '/h/nodes/dev-worker2/pods:/h/nodes/dev-worker2/pods',
      ],
    });
    expect(s.labels).toMatchObject({
      'kubedeck.cluster': 'dev',
      'kubedeck.role': 'node',
      'kubedeck.node': 'dev-worker2',
    });
    expect(s.env).toContain('KUBEDECK_API_URL=https://host.docker.internal:23456');
    expect(s.env).toContain('KUBEDECK_POD_DIR=/h/nodes/dev-worker2/pods');
    const settings = s
      .env!.find((e) => e.startsWith('KUBEDECK_SETTINGS='))!
      .slice('KUBEDECK_SETTINGS='.length);
    expect(JSON.parse(settings)).toEqual(input.settings);
  });

  it('the spec hash label changes when the spec does (so start recreates the container)', () => {
    const a = nodeContainerSpec(input).labels['kubedeck.spec'];
    expect(nodeContainerSpec(input).labels['kubedeck.spec']).toBe(a);
    expect(nodeContainerSpec({ ...input, apiPort: 1 }).labels['kubedeck.spec']).not.toBe(a);
    expect(nodeContainerSpec({ ...input, image: 'kubedeck/node:def' }).labels['kubedeck.spec']).not.toBe(a);
  });
});

describe('daemon listen hosts and node readiness', () => {
  it('adds the gateway only when this host owns it; loopback stays first', async () => {
    expect(await listenHosts('172.18.0.1', () => Promise.resolve(true))).toEqual(['127.0.0.1', '172.18.0.1']);
    expect(await listenHosts('172.18.0.1', () => Promise.resolve(false))).toEqual(['127.0.0.1']);
    expect(await listenHosts(undefined)).toEqual(['127.0.0.1']);
    expect(await listenHosts('192.0.2.250')).toEqual(['127.0.0.1']); // TEST-NET address: not ours
  });

  it('reports which node is not Ready and why', () => {
    const r = readiness(
      {
        items: [
          { metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
          {
            metadata: { name: 'b' },
            status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] },
          },
        ],
      },
      ['a', 'b', 'c'],
    );
    expect(r.map((n) => [n.name, n.ready, n.why])).toEqual([
      ['a', true, 'Ready=True'],
      ['b', false, 'KubeletNotReady'],
      ['c', false, 'not registered'],
    ]);
  });
});
