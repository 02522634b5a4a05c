// Acceptance 1–5 of the control-plane issue, with the real kubectl 1.27 and 1.33 binaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TestCluster, eventually } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];

describe.each(VERSIONS)('kubectl %s against kubedeck start --nodes 0', (v) => {
  const cluster = new TestCluster();
  const k = (args: string[], input?: string) => cluster.kubectl(v, args, { input });

  beforeAll(async () => {
    await cluster.start();
  });
  afterAll(async () => {
    await cluster.destroy();
  });

  it('version, api-resources, cluster-info and get ns', async () => {
    const ver = await k(['version', '-o', 'json']);
    expect(ver.code, ver.stderr).toBe(0);
    const info = JSON.parse(ver.stdout);
    expect(info.serverVersion.major).toBe('1');
    expect(info.serverVersion.minor).toBe('33');

    const res = await k(['api-resources']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
    const row = (name: string) => lines.find((l) => l.split(/\s+/)[0] === name) ?? '';
    expect(row('deployments')).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(row('pods')).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
    expect(row('nodes')).toMatch(/nodes\s+no\s+v1\s+false\s+Node/);
    expect(row('horizontalpodautoscalers')).toMatch(/hpa\s+autoscaling\/v2\s+true/);
    expect(row('leases')).toMatch(/coordination\.k8s\.io\/v1\s+true\s+Lease/);

    const ci = await k(['cluster-info']);
    expect(ci.code, ci.stderr).toBe(0);
    expect(ci.stdout).toMatch(/Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/);

    const ns = await k(['get', 'ns']);
    expect(ns.code, ns.stderr).toBe(0);
    expect(ns.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(ns.stdout).toMatch(new RegExp(`^${n}\\s+Active\\s+\\d+s`, 'm'));
    }
  });

  it('create deployment, get with upstream columns and defaults, scale, set image, label, annotate, pause/resume', async () => {
    const c = await k(['create', 'deployment', 'web', '--image=nginx']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim()).toBe('deployment.apps/web created');

    const get = await k(['get', 'deploy']);
    expect(get.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    // No workers here (--nodes 0): the controller makes the ReplicaSet at once (UP-TO-DATE 0 → 1)
    // but its pod stays Pending, so nothing becomes ready or available.
    expect(get.stdout).toMatch(/^web\s+0\/1\s+[01]\s+0\s+\d+s$/m);
    const wide = await k(['get', 'deploy', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR$/);
    expect(wide.stdout).toMatch(/^web\s+0\/1\s+[01]\s+0\s+\S+\s+nginx\s+nginx\s+app=web$/m);

    const y = await k(['get', 'deploy', 'web', '-o', 'yaml']);
    const d = parseYaml(y.stdout);
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    const pod = d.spec.template.spec;
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.dnsPolicy).toBe('ClusterFirst');
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.schedulerName).toBe('default-scheduler');
    expect(pod.containers[0].imagePullPolicy).toBe('Always');
    expect(pod.containers[0].terminationMessagePath).toBe('/dev/termination-log');
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const sc = await k(['scale', 'deployment/web', '--replicas=3']);
    expect(sc.code, sc.stderr).toBe(0);
    expect(sc.stdout.trim()).toBe('deployment.apps/web scaled');
    const si = await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    expect(si.code, si.stderr).toBe(0);
    expect(si.stdout.trim()).toBe('deployment.apps/web image updated');
    const lb = await k(['label', 'deployment', 'web', 'tier=frontend']);
    expect(lb.stdout.trim()).toBe('deployment.apps/web labeled');
    const an = await k(['annotate', 'deployment', 'web', 'note=hello']);
    // kubectl 1.27 itself prints "annotate" here; later versions print "annotated".
    expect(an.stdout.trim()).toMatch(/^deployment\.apps\/web annotated?$/);
    const pa = await k(['rollout', 'pause', 'deployment/web']);
    expect(pa.stdout.trim()).toBe('deployment.apps/web paused');
    let now = parseYaml((await k(['get', 'deploy', 'web', '-o', 'yaml'])).stdout);
    expect(now.spec.paused).toBe(true);
    expect(now.spec.replicas).toBe(3);
    expect(now.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(now.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(now.metadata.labels.tier).toBe('frontend');
    expect(now.metadata.annotations.note).toBe('hello');
    expect(now.metadata.generation).toBe(4); // scale, set image, pause changed spec; label/annotate did not
    const re = await k(['rollout', 'resume', 'deployment/web']);
    expect(re.stdout.trim()).toBe('deployment.apps/web resumed');
    now = parseYaml((await k(['get', 'deploy', 'web', '-o', 'yaml'])).stdout);
    expect(now.spec.paused).toBeUndefined();
    await k(['delete', 'deployment', 'web']);
  });

  it('apply a multi-document file: created, unchanged, configured, diff, server-side, delete', async () => {
    const file = path.join(cluster.home, `app-${v}.yaml`);
    const manifest = (replicas: number, greeting: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
      - name: shop
        image: shop:v1
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {app: shop}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  greeting: ${greeting}
`;
    writeFileSync(file, manifest(2, 'hello'));
    const a1 = await k(['apply', '-f', file]);
    expect(a1.code, a1.stderr).toBe(0);
    expect(a1.stdout).toContain('deployment.apps/shop created');
    expect(a1.stdout).toContain('service/shop created');
    expect(a1.stdout).toContain('configmap/shop-config created');

    const a2 = await k(['apply', '-f', file]);
    expect(a2.code, a2.stderr).toBe(0);
    expect(a2.stdout).toContain('deployment.apps/shop unchanged');
    expect(a2.stdout).toContain('service/shop unchanged');
    expect(a2.stdout).toContain('configmap/shop-config unchanged');

    writeFileSync(file, manifest(4, 'bonjour'));
    const diff = await k(['diff', '-f', file]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toMatch(/-\s+replicas: 2/);
    expect(diff.stdout).toMatch(/\+\s+replicas: 4/);
    expect(diff.stdout).toMatch(/\+\s+greeting: bonjour/);
    // diff must not persist anything (dryRun=All)
    const still = parseYaml((await k(['get', 'deploy', 'shop', '-o', 'yaml'])).stdout);
    expect(still.spec.replicas).toBe(2);

    const a3 = await k(['apply', '-f', file]);
    expect(a3.code, a3.stderr).toBe(0);
    expect(a3.stdout).toContain('deployment.apps/shop configured');
    expect(a3.stdout).toContain('configmap/shop-config configured');
    expect(a3.stdout).toContain('service/shop unchanged');

    const diff2 = await k(['diff', '-f', file]);
    expect(diff2.code, diff2.stdout + diff2.stderr).toBe(0);

    writeFileSync(file, manifest(5, 'hola'));
    const ss = await k(['apply', '--server-side', '--force-conflicts', '-f', file]);
    expect(ss.code, ss.stderr).toBe(0);
    expect(ss.stdout).toContain('deployment.apps/shop serverside-applied');
    const cm = parseYaml((await k(['get', 'cm', 'shop-config', '-o', 'yaml'])).stdout);
    expect(cm.data.greeting).toBe('hola');
    const dep = parseYaml((await k(['get', 'deploy', 'shop', '-o', 'yaml', '--show-managed-fields'])).stdout);
    expect(dep.spec.replicas).toBe(5);
    expect(
      dep.metadata.managedFields.some((m: any) => m.manager === 'kubectl' && m.operation === 'Apply'),
    ).toBe(true);

    const del = await k(['delete', '-f', file]);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toContain('deployment.apps "shop" deleted');
    expect(del.stdout).toContain('service "shop" deleted');
    expect(del.stdout).toContain('configmap "shop-config" deleted');
    const gone = await k(['get', 'deploy', 'shop']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Error from server (NotFound): deployments.apps "shop" not found');
  });

  it('rejects bad input with a clear error naming the field and stores nothing', async () => {
    const bad = (doc: string) => k(['apply', '-f', '-'], doc);
    const base = (
      name: string,
      extraSpec: string,
      labels = 'app: x',
      container = 'name: c\n        image: nginx',
    ) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${extraSpec}  selector:
    matchLabels: {app: x}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
      - ${container}
`;
    const unknown = await bad(base('unk', '  replicaz: 2\n'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown field "spec.replicaz"/);

    const badName = await bad(base('Bad_Name', ''));
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/metadata.name: Invalid value: "Bad_Name"/);

    const mismatch = await bad(base('mismatch', '', 'app: other'));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`/,
    );

    const dup = await bad(
      base('dup', '', 'app: x', 'name: c\n        image: nginx\n      - name: c\n        image: redis'),
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/spec.template.spec.containers\[1\].name: Duplicate value: "c"/);

    const list = await k(['get', 'deploy', '-o', 'name']);
    expect(list.stdout).not.toMatch(/unk|Bad_Name|mismatch|dup/);
  });

  it('get -w shows changes as they happen; expose creates a LoadBalancer with clusterIP and nodePort', async () => {
    await k(['create', 'deployment', 'watched', '--image=nginx']);
    const w = cluster.kubectlStream(v, ['get', 'deploy', 'watched', '-w']);
    try {
      await eventually(() => /watched\s+0\/1/.test(w.output()), 'initial row');
      await k(['scale', 'deployment/watched', '--replicas=2']);
      await k(['label', 'deployment', 'watched', 'seen=yes']);
      await eventually(
        () =>
          w
            .output()
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('watched')).length >= 2,
        'a second row after scaling',
      );
    } finally {
      w.stop();
    }
    const ex = await k(['expose', 'deployment', 'watched', '--type=LoadBalancer', '--port=8080']);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout.trim()).toBe('service/watched exposed');
    const svc = await k(['get', 'svc', 'watched']);
    expect(svc.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    expect(svc.stdout).toMatch(
      // localhost once the host port is bound; <pending> while it is being bound or is taken.
      /^watched\s+LoadBalancer\s+10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+\s+(localhost|<pending>)\s+8080:3\d{4}\/TCP\s+\d+s$/m,
    );
    const obj = parseYaml((await k(['get', 'svc', 'watched', '-o', 'yaml'])).stdout);
    expect(obj.spec.selector).toEqual({ app: 'watched' });
    expect(obj.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(obj.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    await k(['delete', 'svc,deploy', 'watched']);
  });
});
