// Deployments end to end on a real two-worker cluster, driven by the real kubectl 1.27 and 1.33:
// the course walkthrough (create, scale, set image, rollout status/undo/history, a broken image and
// an exceeded progress deadline), a 10-replica rolling update watched for its surge/unavailable
// bounds, and a kill -9 of the control plane in the middle of a rollout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';
import { countPods, watchPods } from '../../bench/rollout-watch.js';

const OLD = '1.27';
const NEW = '1.33';

describe.skipIf(SKIP_DOCKER)('deployment rollouts', () => {
  const name = `dep-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  const V2 = `kubedeck-test/busybox:v2-${name}`;
  let images: TestImages;
  let cfg: string;
  const k = (args: string[], version = NEW, input?: string, timeoutMs?: number) =>
    cluster.kubectl(version, args, { input, timeoutMs });
  const ok = async (args: string[], version = NEW, input?: string, timeoutMs?: number) => {
    const r = await k(args, version, input, timeoutMs);
    expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
  const rsOf = async (deploy: string) =>
    (await json(['get', 'rs'])).items.filter((r: any) =>
      r.metadata.ownerReferences?.some((o: any) => o.kind === 'Deployment' && o.name === deploy),
    );
  const rev = (o: any) => Number(o.metadata.annotations?.['deployment.kubernetes.io/revision']);
  const target = () => ({ url: cluster.lock().url, token: cluster.token(), ca: cluster.caCert() });

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    execFileSync('docker', ['tag', images.busybox, V2]);
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(cfg, 'imagePullBackOff: {base: 1s, cap: 4s}\n');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
    try {
      execFileSync('docker', ['rmi', V2], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }, 120_000);

  describe('the course walkthrough', () => {
    const app = 'first-app';
    const status = (v = NEW, timeout = '120s') =>
      k(['rollout', 'status', `deployment/${app}`, `--timeout=${timeout}`], v, undefined, 150_000);

    it('creates a deployment from a local image and rolls it out', async () => {
      expect(
        await ok(
          ['create', 'deployment', app, `--image=${images.busybox}`, '--', 'httpd', '-f', '-p', '8080'],
          OLD,
        ),
      ).toBe(`deployment.apps/${app} created\n`);
      const r = await status(OLD);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`deployment "${app}" successfully rolled out`);
      const [rs] = await rsOf(app);
      expect(rs.metadata.name).toBe(`${app}-${rs.metadata.labels['pod-template-hash']}`);
      expect(rev(rs)).toBe(1);
    }, 180_000);

    it('scales to 3 and shows upstream columns for deploy, rs and pods', async () => {
      expect(await ok(['scale', `deployment/${app}`, '--replicas=3'])).toBe(
        `deployment.apps/${app} scaled\n`,
      );
      expect((await status()).code).toBe(0);
      for (const v of [OLD, NEW]) {
        expect(await ok(['get', 'deploy', app], v)).toMatch(
          new RegExp(
            `^NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\n${app}\\s+3/3\\s+3\\s+3\\s+\\S+\\n$`,
          ),
        );
        expect(await ok(['get', 'rs', '-l', `app=${app}`], v)).toMatch(
          new RegExp(`^NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE\\n${app}-\\w+\\s+3\\s+3\\s+3\\s+\\S+\\n$`),
        );
        const pods = (await ok(['get', 'pods', '-l', `app=${app}`, '--no-headers'], v)).trim().split('\n');
        expect(pods).toHaveLength(3);
        for (const p of pods) expect(p).toMatch(new RegExp(`^${app}-\\w+-\\w{5}\\s+1/1\\s+Running\\s+0\\s`));
      }
    }, 180_000);

    it('set image to a second local tag rolls out revision 2', async () => {
      expect(await ok(['set', 'image', `deployment/${app}`, `busybox=${V2}`])).toBe(
        `deployment.apps/${app} image updated\n`,
      );
      await ok(['annotate', `deployment/${app}`, 'kubernetes.io/change-cause=image v2', '--overwrite']);
      const r = await status(OLD);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`deployment "${app}" successfully rolled out`);
      const rss = await rsOf(app);
      expect(rss.map(rev).sort()).toEqual([1, 2]);
      const v2 = rss.find((r: any) => rev(r) === 2);
      expect(v2.spec.replicas).toBe(3);
      expect(v2.metadata.annotations['kubernetes.io/change-cause']).toBe('image v2');
      const v1 = rss.find((r: any) => rev(r) === 1);
      for (const v of [OLD, NEW]) {
        const describe = await ok(['describe', 'deployment', app], v);
        expect(describe).toContain(`NewReplicaSet:   ${v2.metadata.name} (3/3 replicas created)`);
        expect(describe).toContain(`OldReplicaSets:  ${v1.metadata.name} (0/0 replicas created)`);
        expect(describe).toMatch(
          /Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable/,
        );
        expect(describe).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
        expect(describe).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
        expect(describe).toMatch(
          /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set /,
        );
        expect(describe).toContain(`Scaled up replica set ${v2.metadata.name} to 1\n`);
        expect(describe).toContain(`Scaled down replica set ${v1.metadata.name} to 0 from 1\n`);
      }
    }, 180_000);

    it('a missing image leaves the old pods Running and exceeds a shortened progress deadline', async () => {
      await ok(['set', 'image', `deployment/${app}`, 'busybox=kubedeck-test/busybox:not-exist']);
      await ok([
        'annotate',
        `deployment/${app}`,
        'kubernetes.io/change-cause=image not-exist',
        '--overwrite',
      ]);
      await eventually(
        async () => {
          const out = await ok(['get', 'pods', '-l', `app=${app}`, '--no-headers']);
          const lines = out.trim().split('\n');
          const running = lines.filter((l) => /\s1\/1\s+Running\s/.test(l)).length;
          const failing = lines.filter((l) => /\s0\/1\s+(ErrImagePull|ImagePullBackOff)\s/.test(l)).length;
          return running === 3 && failing === 1;
        },
        'three old pods Running and one new pod failing to pull',
        90_000,
        1000,
      );
      await ok(['patch', `deployment/${app}`, '-p', '{"spec":{"progressDeadlineSeconds":10}}']);
      for (const v of [OLD, NEW]) {
        const r = await status(v, '90s');
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(`error: deployment "${app}" exceeded its progress deadline`);
      }
      const d = await json(['get', 'deploy', app]);
      const cond = d.status.conditions.find((c: any) => c.type === 'Progressing');
      expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
      expect(cond.message).toMatch(/^ReplicaSet "first-app-\w+" has timed out progressing\.$/);
      expect(d.status).toMatchObject({
        replicas: 4,
        updatedReplicas: 1,
        availableReplicas: 3,
        unavailableReplicas: 1,
      });
    }, 240_000);

    it('rollout undo restores the previous image as a new revision', async () => {
      expect(await ok(['rollout', 'undo', `deployment/${app}`])).toBe(`deployment.apps/${app} rolled back\n`);
      const r = await status();
      expect(r.code, r.stderr).toBe(0);
      await ok(['patch', `deployment/${app}`, '-p', '{"spec":{"progressDeadlineSeconds":600}}']);
      const rss = await rsOf(app);
      expect(rss.map(rev).sort()).toEqual([1, 3, 4]);
      const current = rss.find((r: any) => rev(r) === 4);
      expect(current.spec.template.spec.containers[0].image).toBe(V2);
      expect(current.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('2');
      const pods = (await ok(['get', 'pods', '-l', `app=${app}`, '--no-headers'])).trim().split('\n');
      expect(pods.filter((l) => /\sRunning\s/.test(l))).toHaveLength(3);
    }, 180_000);

    it('rollout history lists revisions with change causes (and one revision in detail)', async () => {
      for (const v of [OLD, NEW]) {
        const out = await ok(['rollout', 'history', `deployment/${app}`], v);
        expect(out).toMatch(
          new RegExp(
            `^deployment.apps/${app} \\nREVISION\\s+CHANGE-CAUSE\\n1\\s+<none>\\n3\\s+image not-exist\\n4\\s+image v2\\n\\n$`,
          ),
        );
        const one = await ok(['rollout', 'history', `deployment/${app}`, '--revision=4'], v);
        expect(one).toContain(`deployment.apps/${app} with revision #4`);
        expect(one).toContain(`Image:\t${V2}`);
      }
    }, 120_000);

    it('undo --to-revision=1 brings revision 1 back under a new number', async () => {
      expect(await ok(['rollout', 'undo', `deployment/${app}`, '--to-revision=1'], OLD)).toBe(
        `deployment.apps/${app} rolled back\n`,
      );
      expect((await status()).code).toBe(0);
      const rss = await rsOf(app);
      expect(rss.map(rev).sort()).toEqual([3, 4, 5]);
      const latest = rss.find((r: any) => rev(r) === 5);
      expect(latest.spec.template.spec.containers[0].image).toBe(images.busybox);
      expect(latest.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
      expect(await ok(['rollout', 'undo', `deployment/${app}`, '--to-revision=5'])).toContain(
        'skipped rollback (current template already matches revision 5)',
      );
    }, 180_000);

    it('pause stops rollouts, resume and restart roll out new revisions', async () => {
      expect(await ok(['rollout', 'pause', `deployment/${app}`])).toBe(`deployment.apps/${app} paused\n`);
      await ok(['set', 'env', `deployment/${app}`, 'FOO=bar']);
      await eventually(
        async () =>
          (await json(['get', 'deploy', app])).status.conditions.some(
            (c: any) => c.type === 'Progressing' && c.reason === 'DeploymentPaused',
          ),
        'the DeploymentPaused condition',
      );
      expect((await rsOf(app)).map(rev).sort()).toEqual([3, 4, 5]);
      const undo = await k(['rollout', 'undo', `deployment/${app}`]);
      expect(undo.stderr).toContain('you cannot rollback a paused deployment; resume it first');
      expect(await ok(['rollout', 'resume', `deployment/${app}`])).toBe(`deployment.apps/${app} resumed\n`);
      expect((await status()).code).toBe(0);
      expect((await rsOf(app)).map(rev).sort()).toEqual([3, 4, 5, 6]);
      expect(await ok(['rollout', 'restart', `deployment/${app}`], OLD)).toBe(
        `deployment.apps/${app} restarted\n`,
      );
      expect((await status()).code).toBe(0);
      const rss = await rsOf(app);
      expect(rss.map(rev).sort((a: number, b: number) => a - b)).toEqual([3, 4, 5, 6, 7]);
      const r7 = rss.find((r: any) => rev(r) === 7);
      expect(r7.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
      expect(r7.spec.template.spec.containers[0].env).toEqual([{ name: 'FOO', value: 'bar' }]);
    }, 240_000);
  });

  it('a 10-replica rolling update stays within maxSurge 3 / maxUnavailable 2', async () => {
    const app = 'roll';
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}}
spec:
  replicas: 10
  selector: {matchLabels: {app: ${app}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: c, image: ${images.busybox}, command: [sleep, '3600']}]
`;
    await ok(['apply', '-f', '-'], NEW, manifest);
    expect(
      (await k(['rollout', 'status', `deployment/${app}`, '--timeout=180s'], NEW, undefined, 200_000)).code,
    ).toBe(0);
    let maxLive = 0;
    let minReady = Infinity;
    const w = await watchPods(target(), 'default', `app=${app}`, (pods) => {
      const c = countPods(pods.values());
      maxLive = Math.max(maxLive, c.live);
      minReady = Math.min(minReady, c.ready);
    });
    try {
      expect(minReady).toBe(10);
      await ok(['set', 'image', `deployment/${app}`, `c=${V2}`]);
      const r = await k(
        ['rollout', 'status', `deployment/${app}`, '--timeout=240s'],
        NEW,
        undefined,
        260_000,
      );
      expect(r.code, r.stderr).toBe(0);
    } finally {
      w.stop();
    }
    expect(maxLive).toBeGreaterThan(10);
    expect(maxLive).toBeLessThanOrEqual(13);
    expect(minReady).toBeGreaterThanOrEqual(8);
    const rss = await rsOf(app);
    expect(rss).toHaveLength(2);
    expect(rss.find((r: any) => rev(r) === 2).spec.replicas).toBe(10);
    expect(rss.find((r: any) => rev(r) === 1).spec.replicas).toBe(0);
    await ok(['delete', 'deployment', app]);
  }, 600_000);

  it('survives kill -9 of the control plane mid-rollout: no extra RS, no lost revision, no duplicate pod', async () => {
    const app = 'crash';
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}}
spec:
  replicas: 6
  selector: {matchLabels: {app: ${app}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: c, image: ${images.busybox}, command: [sleep, '3600']}]
`;
    await ok(['apply', '-f', '-'], NEW, manifest);
    expect(
      (await k(['rollout', 'status', `deployment/${app}`, '--timeout=180s'], NEW, undefined, 200_000)).code,
    ).toBe(0);
    await ok(['set', 'image', `deployment/${app}`, `c=${V2}`]);
    // Mid-rollout: the new RS exists and has started, the old one still has pods.
    await eventually(
      async () => {
        const rss = await rsOf(app);
        const n = rss.find((r: any) => rev(r) === 2);
        const o = rss.find((r: any) => rev(r) === 1);
        return n && o && n.spec.replicas >= 2 && o.spec.replicas >= 2;
      },
      'the rollout to be half way',
      120_000,
      100,
    );
    process.kill(cluster.lock().pid, 'SIGKILL');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    expect(r.code, `${r.stderr}\n${cluster.daemonLog()}`).toBe(0);
    // Straight after the restart the controller picks up where it was: same two RSs, same revisions.
    expect((await rsOf(app)).map(rev).sort()).toEqual([1, 2]);
    const st = await k(['rollout', 'status', `deployment/${app}`, '--timeout=150s'], OLD, undefined, 170_000);
    // The pods' states say which part got stuck if this fails.
    if (st.code !== 0) console.error(await ok(['get', 'pods', '-l', `app=${app}`, '-o', 'wide']));
    expect(st.code, st.stderr).toBe(0);
    const rss = await rsOf(app);
    expect(rss.map(rev).sort()).toEqual([1, 2]);
    expect(
      (await json(['get', 'deploy', app])).metadata.annotations['deployment.kubernetes.io/revision'],
    ).toBe('2');
    const hash = rss.find((x: any) => rev(x) === 2).metadata.labels['pod-template-hash'];
    await eventually(
      async () => {
        const pods = (await json(['get', 'pods', '-l', `app=${app}`])).items;
        return pods.length === 6 && pods.every((p: any) => p.metadata.labels['pod-template-hash'] === hash);
      },
      'exactly six pods, all of the new revision',
      60_000,
      500,
    );
    // One running container per pod in Docker, none left over. Pods deleted with grace 0 leave the
    // API at once and their containers stop just after, so give the agents a moment.
    const running = () =>
      execFileSync('docker', [
        'ps',
        '--filter',
        `label=kubedeck.cluster=${name}`,
        '--filter',
        'label=io.kubernetes.container.name=c',
        '--format',
        '{{.Label "io.kubernetes.pod.name"}}',
      ])
        .toString()
        .trim()
        .split('\n')
        .filter((l) => l.startsWith(`${app}-`));
    await eventually(() => running().length === 6, 'six running app containers', 30_000, 500);
    const out = running();
    expect(out.sort()).toEqual([...new Set(out)].sort());
    const podNames = (await json(['get', 'pods', '-l', `app=${app}`])).items.map((p: any) => p.metadata.name);
    expect(out.sort()).toEqual(podNames.sort());
  }, 600_000);
});
