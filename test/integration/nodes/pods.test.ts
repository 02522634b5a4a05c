// The nodes milestone end to end: `kubedeck start` with two worker nodes on the real Docker
// engine, pods as real containers, driven by the real kubectl 1.33 and 1.27 binaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';
import type { DockerRuntime } from '../../../orchestrator/runtime/docker.js';

const V = '1.33';

/** Both pull-failure states were reported (events are durable; polled states can be missed under load). */
async function pullFailureEvents(cluster: TestCluster, pod: string): Promise<boolean> {
  const r = await cluster.kubectl(V, [
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${pod},reason=Failed`,
    '-o',
    'json',
  ]);
  const msgs: string[] = JSON.parse(r.stdout).items.map((e: any) => e.message);
  return msgs.includes('Error: ErrImagePull') && msgs.includes('Error: ImagePullBackOff');
}

describe.skipIf(SKIP_DOCKER)('worker nodes and pods on Docker', () => {
  const name = `it-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  let rt: DockerRuntime;
  const k = (args: string[], input?: string, version = V) => cluster.kubectl(version, args, { input });
  const pod = async (n: string) => JSON.parse((await k(['get', 'pod', n, '-o', 'json'])).stdout);
  const apply = async (yaml: string) => {
    const r = await k(['apply', '-f', '-'], yaml);
    expect(r.code, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    rt = await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(cfg, 'crashLoopBackOff: {base: 1s, cap: 8s}\nimagePullBackOff: {base: 1s, cap: 4s}\n');
    const started = Date.now();
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    console.log(`[nodes] kubedeck start with 2 workers took ${Date.now() - started} ms (images present)`);
  });

  afterAll(async () => {
    await cluster.destroy();
    // `kubedeck delete` leaves no labelled container, network or volume behind.
    if (!rt) return;
    expect(await rt.listContainers({ 'kubedeck.cluster': name })).toEqual([]);
    expect(await rt.listNetworks({ 'kubedeck.cluster': name })).toEqual([]);
    const vols = await rt.docker.listVolumes({
      filters: JSON.stringify({ label: [`kubedeck.cluster=${name}`] }),
    });
    expect(vols.Volumes ?? []).toEqual([]);
  });

  it('shows the control plane and two Ready workers with upstream columns', async () => {
    for (const v of ['1.27', '1.33']) {
      const r = await k(['get', 'nodes', '-o', 'wide'], undefined, v);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(
        /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/,
      );
      expect(r.stdout).toMatch(/^kubedeck-control-plane\s+Ready\s+control-plane\s/m);
      expect(r.stdout).toMatch(
        new RegExp(
          `^${name}-worker\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.33\\.\\S+\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+.+docker://\\S+$`,
          'm',
        ),
      );
      expect(r.stdout).toMatch(new RegExp(`^${name}-worker2\\s+Ready\\s`, 'm'));
    }
    const cp = JSON.parse((await k(['get', 'node', 'kubedeck-control-plane', '-o', 'json'])).stdout);
    expect(cp.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  });

  it('runs a two-container pod that shares an emptyDir and localhost; logs for both', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - name: web
    image: ${images.busybox}
    command: ["sh", "-c", "echo hello-from-web > /shared/index.html; echo web-started; exec httpd -f -p 8080 -h /shared"]
    volumeMounts: [{name: shared, mountPath: /shared}]
  - name: client
    image: ${images.busybox}
    command: ["sh", "-c", "while true; do wget -qO- http://localhost:8080/ || true; sleep 1; done"]
    volumeMounts: [{name: shared, mountPath: /shared}]
`);
    await eventually(async () => (await pod('duo')).status.phase === 'Running', 'duo Running', 60_000);
    for (const v of ['1.27', '1.33']) {
      const wide = await k(['get', 'pod', 'duo', '-o', 'wide'], undefined, v);
      expect(wide.stdout).toMatch(
        new RegExp(
          `^duo\\s+2/2\\s+Running\\s+0\\s+\\S+\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+${name}-worker2?\\s`,
          'm',
        ),
      );
      const described = await k(['describe', 'pod', 'duo'], undefined, v);
      expect(described.code, described.stderr).toBe(0);
      expect(described.stdout).toMatch(/Status:\s+Running/);
      expect(described.stdout).toMatch(/Normal\s+Scheduled\s+.*Successfully assigned default\/duo to /);
      expect(described.stdout).toMatch(/Normal\s+Started\s+.*Started container web/);
    }
    await eventually(
      async () => (await k(['logs', 'duo', '-c', 'client'])).stdout.includes('hello-from-web'),
      'client log',
      20_000,
    );
    for (const v of ['1.27', '1.33']) {
      const web = await k(['logs', 'duo', '-c', 'web'], undefined, v);
      expect(web.stdout).toContain('web-started');
    }
    // Follow streams new lines as they are written; tail and timestamps shape the output.
    const f = cluster.kubectlStream(V, ['logs', '-f', 'duo', '-c', 'client', '--tail=1', '--timestamps']);
    try {
      await eventually(
        () =>
          f
            .output()
            .split('\n')
            .filter((l) => l.includes('hello-from-web')).length >= 3,
        'followed lines',
        20_000,
      );
      expect(f.output().split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z hello-from-web$/);
    } finally {
      f.stop();
    }
    const containers = await rt.listContainers({ 'io.kubernetes.pod.name': 'duo', 'kubedeck.cluster': name });
    expect(containers.map((c) => c.labels['io.kubernetes.container.name']).sort()).toEqual([
      'POD',
      'client',
      'web',
    ]);
    expect(containers.find((c) => c.labels['io.kubernetes.container.name'] === 'web')!.name).toMatch(
      /^k8s_web_duo_default_[0-9a-f-]{36}_0$/,
    );
  });

  it('crash-loops a failing container with doubling back-off; logs --previous works', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - name: c
    image: ${images.busybox}
    command: ["sh", "-c", "echo attempt-$(date +%s%N); exit 1"]
`);
    const starts: number[] = [];
    let sawError = false;
    let sawBackOff = false;
    await eventually(
      async () => {
        const p = await pod('crash');
        const st = p.status.containerStatuses?.[0];
        if (st?.state?.terminated?.reason === 'Error' || st?.lastState?.terminated?.reason === 'Error')
          sawError = true;
        if (st?.state?.waiting?.reason === 'CrashLoopBackOff') sawBackOff = true;
        const t = st?.lastState?.terminated?.startedAt;
        if (t && !starts.includes(Date.parse(t))) starts.push(Date.parse(t));
        return (st?.restartCount ?? 0) >= 4 && sawBackOff;
      },
      'four restarts',
      60_000,
      100,
    );
    expect(sawError).toBe(true);
    const p = await pod('crash');
    const st = p.status.containerStatuses[0];
    expect(st.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(st.ready).toBe(false);
    expect(p.status.phase).toBe('Running');
    const get = await k(['get', 'pod', 'crash']);
    expect(get.stdout).toMatch(/crash\s+0\/1\s+(CrashLoopBackOff|Error)\s+\d+ \(\d+s ago\)/);
    // Docker's start times are whole seconds in status: gaps between starts grow 1s, 2s, 4s.
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => (t - starts[i]) / 1000);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(2);
    for (const v of ['1.27', '1.33']) {
      const prev = await k(['logs', 'crash', '--previous'], undefined, v);
      expect(prev.code, prev.stderr).toBe(0);
      expect(prev.stdout).toMatch(/^attempt-\d+/);
    }
    const ev = await k([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=crash,reason=BackOff',
      '-o',
      'json',
    ]);
    expect(JSON.parse(ev.stdout).items[0].message).toMatch(
      /Back-off restarting failed container c in pod crash_default/,
    );
  });

  it('reports image pull failures, uses local images first, and honours imagePullPolicy Never', async () => {
    await rt.docker.getImage(images.busybox).tag({ repo: `${name}-local-only`, tag: 'latest' });
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: pullfail}
spec:
  containers: [{name: c, image: "does-not-exist:v9"}]
---
apiVersion: v1
kind: Pod
metadata: {name: localonly}
spec:
  containers: [{name: c, image: "${name}-local-only:latest", command: ["sleep", "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: neverpull}
spec:
  containers: [{name: c, image: "nothere:v1", imagePullPolicy: Never}]
`);
    await eventually(
      () => pullFailureEvents(cluster, 'pullfail'),
      'ErrImagePull then ImagePullBackOff',
      30_000,
    );
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(
      (await pod('pullfail')).status.containerStatuses[0].state.waiting.reason,
    );
    const ev = JSON.parse(
      (await k(['get', 'events', '--field-selector', 'involvedObject.name=pullfail', '-o', 'json'])).stdout,
    );
    const msgs = ev.items.map((e: any) => `${e.reason}: ${e.message}`);
    expect(msgs.some((m: string) => m.startsWith('Pulling: Pulling image "does-not-exist:v9"'))).toBe(true);
    expect(msgs.some((m: string) => m.startsWith('Failed: Failed to pull image "does-not-exist:v9"'))).toBe(
      true,
    );
    expect(
      msgs.some((m: string) => m.startsWith('BackOff: Back-off pulling image "does-not-exist:v9"')),
    ).toBe(true);

    await eventually(
      async () => (await pod('localonly')).status.phase === 'Running',
      'local-only image running',
      30_000,
    );
    const lev = JSON.parse(
      (
        await k([
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=localonly,reason=Pulled',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(lev.items[0].message).toMatch(/local images first/);

    await eventually(
      async () =>
        (await pod('neverpull')).status.containerStatuses?.[0]?.state?.waiting?.reason ===
        'ErrImageNeverPull',
      'ErrImageNeverPull',
      30_000,
    );
    const np = (await pod('neverpull')).status.containerStatuses[0].state.waiting.message;
    expect(np).toBe('Container image "nothere:v1" is not present with pull policy of Never');
    await k(['delete', 'pod', 'pullfail', 'localonly', 'neverpull', '--grace-period=1']);
  });

  it('restarts on failing liveness; keeps a pod failing readiness Running but not Ready', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: probes}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: live
    image: ${images.busybox}
    command: ["sleep", "3600"]
    livenessProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 2}
  - name: ready
    image: ${images.busybox}
    command: ["sleep", "3600"]
    readinessProbe: {exec: {command: ["false"]}, periodSeconds: 1}
`);
    await eventually(
      async () =>
        ((await pod('probes')).status.containerStatuses ?? []).find((s: any) => s.name === 'live')
          ?.restartCount >= 1,
      'liveness restart',
      60_000,
    );
    const p = await pod('probes');
    const ready = p.status.containerStatuses.find((s: any) => s.name === 'ready');
    expect(ready.state.running).toBeTruthy();
    expect(ready.ready).toBe(false);
    expect(ready.restartCount).toBe(0);
    expect(p.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('False');
    const ev = JSON.parse(
      (await k(['get', 'events', '--field-selector', 'involvedObject.name=probes', '-o', 'json'])).stdout,
    );
    const byReason = (r: string) => ev.items.filter((e: any) => e.reason === r).map((e: any) => e.message);
    expect(byReason('Unhealthy').some((m: string) => m.startsWith('Liveness probe failed'))).toBe(true);
    expect(byReason('Unhealthy').some((m: string) => m.startsWith('Readiness probe failed'))).toBe(true);
    expect(byReason('Killing')).toContain('Container live failed liveness probe, will be restarted');
    await k(['delete', 'pod', 'probes', '--grace-period=1']);
  });

  it('deletes gracefully: SIGTERM first, SIGKILL after terminationGracePeriodSeconds', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: stubborn}
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - name: c
    image: ${images.busybox}
    command: ["sh", "-c", "trap 'echo got-sigterm' TERM; while true; do sleep 0.2; done"]
`);
    await eventually(
      async () => (await pod('stubborn')).status.phase === 'Running',
      'stubborn Running',
      30_000,
    );
    const [c] = await rt.listContainers({
      'io.kubernetes.pod.name': 'stubborn',
      'io.kubernetes.container.name': 'c',
    });
    // Follow the container's output from before the delete: it is removed once terminated.
    let text = '';
    const follow = await rt.logs(c.id, { follow: true });
    const drained = new Promise<void>((resolve) => {
      follow.on('data', (d) => (text += String(d)));
      follow.on('end', resolve);
      follow.on('close', resolve);
      follow.on('error', () => resolve());
    });
    const started = Date.now();
    const del = cluster.kubectl(V, ['delete', 'pod', 'stubborn'], { timeoutMs: 60_000 });
    await eventually(
      async () => (await k(['get', 'pod', 'stubborn'])).stdout.includes('Terminating'),
      'Terminating',
      10_000,
      100,
    );
    const r = await del;
    expect(r.code, r.stderr).toBe(0);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(30_000);
    await drained;
    expect(text).toContain('got-sigterm');
    expect(await rt.inspectContainer(c.id)).toBeUndefined();
  });

  it('schedules by nodeSelector and taints; an unschedulable pod waits with FailedScheduling', async () => {
    const w1 = `${name}-worker`;
    const w2 = `${name}-worker2`;
    expect((await k(['taint', 'node', w1, 'dedicated=infra:NoSchedule'])).code).toBe(0);
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: picky}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: c, image: ${images.busybox}, command: ["sleep", "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: avoider}
spec:
  containers: [{name: c, image: ${images.busybox}, command: ["sleep", "3600"]}]
`);
    await eventually(async () => (await pod('avoider')).spec.nodeName === w2, 'avoider on worker2', 20_000);
    await eventually(
      async () => {
        const ev = JSON.parse(
          (
            await k([
              'get',
              'events',
              '--field-selector',
              'involvedObject.name=picky,reason=FailedScheduling',
              '-o',
              'json',
            ])
          ).stdout,
        );
        return ev.items[0]?.message;
      },
      'FailedScheduling',
      20_000,
    );
    const ev = JSON.parse(
      (
        await k([
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=picky,reason=FailedScheduling',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(ev.items[0].message).toMatch(
      /^0\/3 nodes are available: .*1 node\(s\) didn't match Pod's node affinity\/selector/,
    );
    expect((await pod('picky')).status.phase).toBe('Pending');
    expect((await k(['label', 'node', w1, 'disk=ssd'])).code).toBe(0);
    expect((await k(['taint', 'node', w1, 'dedicated=infra:NoSchedule-'])).code).toBe(0);
    await eventually(
      async () => (await pod('picky')).spec.nodeName === w1,
      'picky scheduled on worker after label',
      30_000,
    );
    await k(['delete', 'pod', 'picky', 'avoider', '--grace-period=1']);
  });

  it('survives kill -9 of the control plane and of a node agent without duplicating containers', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: steady}
spec:
  containers: [{name: c, image: ${images.busybox}, command: ["sleep", "3600"]}]
`);
    await eventually(async () => (await pod('steady')).status.phase === 'Running', 'steady Running', 30_000);
    const ids = async () =>
      (await rt.listContainers({ 'kubedeck.cluster': name, 'io.kubernetes.pod.name': 'steady' }))
        .map((c) => `${c.id}:${c.state}`)
        .sort();
    const before = await ids();
    const node = (await pod('steady')).spec.nodeName;
    process.kill(cluster.lock().pid, 'SIGKILL');
    const nodeContainer = (await rt.listContainers({ 'kubedeck.cluster': name, 'kubedeck.node': node })).find(
      (c) => c.labels['kubedeck.role'] === 'node',
    )!;
    await rt.killContainer(nodeContainer.id, 'SIGKILL');
    const r = await cluster.cli(['start', '--name', name], 180_000);
    expect(r.code, r.stderr).toBe(0);
    await eventually(
      async () => (await k(['get', 'node', node])).stdout.includes(' Ready'),
      'node Ready again',
      60_000,
    );
    await new Promise((res) => setTimeout(res, 3000)); // a few agent sync rounds
    expect(await ids()).toEqual(before);
    const p = await pod('steady');
    expect(p.status.phase).toBe('Running');
    expect(p.status.containerStatuses[0].restartCount).toBe(0);
  });

  it('stop keeps state and stops nodes and pods; start brings the same cluster back', async () => {
    const stopped = await cluster.cli(['stop', '--name', name], 120_000);
    expect(stopped.code, stopped.stderr).toBe(0);
    const all = await rt.listContainers({ 'kubedeck.cluster': name });
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((c) => c.state === 'running')).toEqual([]);
    const r = await cluster.cli(['start', '--name', name], 180_000);
    expect(r.code, r.stderr).toBe(0);
    // The pod created before the stop runs again on the same node (a new sandbox, as after a reboot).
    await eventually(
      async () =>
        (await pod('steady')).status.phase === 'Running' &&
        (await pod('steady')).status.containerStatuses?.[0]?.ready,
      'steady Running again',
      60_000,
    );
    const nodes = await k(['get', 'nodes']);
    expect(nodes.stdout.match(/\sReady\s/g)?.length).toBe(3);
  });
});

describe.skipIf(SKIP_DOCKER)('local images first switched off', () => {
  const name = `it-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let rt: DockerRuntime;

  beforeAll(async () => {
    rt = await requireDocker();
    const images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    await rt.docker.getImage(images.busybox).tag({ repo: `${name}-local-only`, tag: 'latest' });
    const cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(cfg, 'localImagesFirst: false\nimagePullBackOff: {base: 1s, cap: 2s}\n');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '1', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  });

  afterAll(async () => {
    await cluster.destroy();
    await rt?.removeImage(`${name}-local-only:latest`).catch(() => undefined);
  });

  it('fails a latest-tagged local image like upstream: ErrImagePull / ImagePullBackOff', async () => {
    const r = await cluster.kubectl(V, [
      'run',
      'strict',
      `--image=${name}-local-only:latest`,
      '--',
      'sleep',
      '3600',
    ]);
    expect(r.code, r.stderr).toBe(0);
    await eventually(
      () => pullFailureEvents(cluster, 'strict'),
      'pull failure without local fallback',
      30_000,
    );
    const p = JSON.parse((await cluster.kubectl(V, ['get', 'pod', 'strict', '-o', 'json'])).stdout);
    expect(p.status.phase).toBe('Pending');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(
      p.status.containerStatuses[0].state.waiting.reason,
    );
  });
});
