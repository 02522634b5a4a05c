// Issue 13 items 6, 8 and 10 as kubectl 1.27 and 1.33 meet them: drain --dry-run=server (dryRun
// inside the Eviction body), apply of a file mixing served and unserved kinds, apply --prune
// with the default allowlist, get --raw /metrics, and a /scale patch shaped like Ansible's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestCluster } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];

describe.each(VERSIONS)('kubectl %s: wire fidelity', (v) => {
  const cluster = new TestCluster();
  const k = (args: string[], input?: string) => cluster.kubectl(v, args, { input });
  const ns = `wire-${v.replace('.', '-')}`;

  beforeAll(async () => {
    await cluster.start();
    expect((await k(['create', 'namespace', ns])).code).toBe(0);
  });
  afterAll(async () => {
    await cluster.destroy();
  });

  it('drain --dry-run=server evicts nothing and cordons nothing', async () => {
    const manifest = `apiVersion: v1
kind: Node
metadata:
  name: fake-${ns}
  labels: {test: wire}
---
apiVersion: v1
kind: Pod
metadata:
  name: stays
  namespace: ${ns}
spec:
  nodeName: fake-${ns}
  containers:
  - name: c
    image: registry.invalid/none
`;
    const a = await k(['apply', '-f', '-'], manifest);
    expect(a.code, a.stderr).toBe(0);
    const d = await k([
      'drain',
      `fake-${ns}`,
      '--dry-run=server',
      '--force',
      '--ignore-daemonsets',
      '--timeout=30s',
    ]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/evicting pod .*stays/);
    expect(d.stdout).toMatch(/\(server dry run\)/);
    const pod = JSON.parse((await k(['get', 'pod', 'stays', '-n', ns, '-o', 'json'])).stdout);
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    const node = JSON.parse((await k(['get', 'node', `fake-${ns}`, '-o', 'json'])).stdout);
    expect(node.spec?.unschedulable).toBeUndefined();
    await k(['delete', 'pod', 'stays', '-n', ns, '--grace-period=0', '--force']);
    await k(['delete', 'node', `fake-${ns}`]);
  });

  it('apply of a mixed file applies what is served and names each unserved kind', async () => {
    const file = path.join(cluster.home, `mixed-${v}.yaml`);
    writeFileSync(
      file,
      `apiVersion: v1
kind: ConfigMap
metadata: {name: first, namespace: ${ns}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: ${ns}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s, namespace: ${ns}}
spec: {}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: last, namespace: ${ns}}
`,
    );
    const a = await k(['apply', '-f', file]);
    expect(a.code).not.toBe(0);
    expect(a.stderr).not.toContain('failed to check CRD');
    expect(a.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
    expect(a.stderr).toContain('statefulsets.apps');
    expect(a.stdout).toContain('configmap/first created');
    expect(a.stdout).toContain('configmap/last created');
    const crds = await k(['get', 'crd']);
    expect(crds.code, crds.stderr).toBe(0);
    expect(crds.stderr).toContain('No resources found');
  });

  it('apply --prune with the default allowlist prunes a removed object', async () => {
    const dir = path.join(cluster.home, `prune-${v}`);
    mkdirSync(dir, { recursive: true });
    const cm = (name: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: prune}}\n`;
    writeFileSync(path.join(dir, 'a.yaml'), cm('keep'));
    writeFileSync(path.join(dir, 'b.yaml'), cm('gone'));
    const first = await k(['apply', '-n', ns, '--prune', '-l', 'app=prune', '-f', dir]);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(path.join(dir, 'b.yaml'), '');
    const second = await k(['apply', '-n', ns, '--prune', '-l', 'app=prune', '-f', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('configmap/gone pruned');
    expect((await k(['get', 'cm', 'keep', '-n', ns])).code).toBe(0);
    expect((await k(['get', 'cm', 'gone', '-n', ns])).code).not.toBe(0);
  });

  it('get --raw /metrics answers Prometheus text', async () => {
    await k(['get', 'cm', '-n', ns]);
    const m = await k(['get', '--raw', '/metrics']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(
      /^apiserver_request_total\{verb="LIST",.*resource="configmaps".*code="200"\} \d+$/m,
    );
    expect(m.stdout).toMatch(/^apiserver_request_duration_seconds_bucket\{/m);
    expect(m.stdout).toMatch(/^apiserver_storage_objects\{resource="namespaces"\} \d+$/m);
    expect(m.stdout).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it("a /scale strategic merge patch carrying the parent's kind (Ansible k8s_scale) applies", async () => {
    expect((await k(['create', 'deployment', 'sc', '--image=registry.invalid/x', '-n', ns])).code).toBe(0);
    const p = await k([
      'patch',
      'deployment',
      'sc',
      '-n',
      ns,
      '--subresource=scale',
      '--type=strategic',
      '-p',
      JSON.stringify({
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: { name: 'sc', namespace: ns },
        spec: { replicas: 0 },
      }),
    ]);
    expect(p.code, p.stderr).toBe(0);
    const d = JSON.parse((await k(['get', 'deploy', 'sc', '-n', ns, '-o', 'json'])).stdout);
    expect(d.spec.replicas).toBe(0);
  });
});
