// `kubectl debug POD` (ephemeral containers) with the real kubectl 1.27 (SPDY attach) and 1.33
// (WebSocket attach): the pods/ephemeralcontainers subresource, the container running in the
// pod's namespaces (--target: the target's processes are visible), its status, attach and logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER } from '../support/docker.js';
import type { TestImages } from '../fixtures/images/build.js';
import { startWithWorkers } from '../support/workers.js';
import { TestCluster, eventually, kubectlBinary } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const tmux = (args: string[]) =>
  execFileSync('tmux', args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });

describe.skipIf(SKIP_DOCKER)('kubectl debug with ephemeral containers', () => {
  const name = `dbg-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  const k = (version: string, args: string[], input?: string, timeoutMs = 60_000) =>
    cluster.kubectl(version, args, { input, timeoutMs });
  const pod = async () => JSON.parse((await k('1.33', ['get', 'pod', 'target', '-o', 'json'])).stdout);

  beforeAll(async () => {
    images = await startWithWorkers(cluster);
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: target}
spec:
  containers:
  - name: app
    image: ${images.busybox}
    command: ["sleep", "3600"]
`;
    const a = await k('1.33', ['apply', '-f', '-'], manifest);
    expect(a.code, a.stderr).toBe(0);
    await eventually(async () => (await pod()).status.phase === 'Running', 'target Running', 90_000, 500);
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  for (const v of VERSIONS) {
    const dbg = `dbg-${v.replace('.', '')}`;
    describe(`kubectl ${v}`, () => {
      it("debug -i --target attaches to a shell that sees the target's processes", async () => {
        const r = await k(
          v,
          ['debug', 'target', '-i', `--image=${images.busybox}`, '--target=app', '-c', dbg, '--', 'sh'],
          `ps\necho debug-done-${v}\nexit\n`,
        );
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('sleep 3600');
        expect(r.stdout).toContain(`debug-done-${v}`);
        const p = await pod();
        expect(p.spec.ephemeralContainers.find((c: any) => c.name === dbg)).toMatchObject({
          targetContainerName: 'app',
          stdin: true,
        });
        // It ran once and is never restarted; the pod stays Running and Ready.
        await eventually(
          async () =>
            (await pod()).status.ephemeralContainerStatuses?.find((s: any) => s.name === dbg)?.state
              ?.terminated,
          `${dbg} terminated`,
          30_000,
          500,
        );
        const after = await pod();
        expect(after.status.ephemeralContainerStatuses.find((s: any) => s.name === dbg)).toMatchObject({
          restartCount: 0,
          state: { terminated: { exitCode: 0 } },
        });
        expect(after.status.phase).toBe('Running');
      });

      it('logs -c shows what the ephemeral container wrote', async () => {
        const r = await k(v, ['logs', 'target', '-c', dbg]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain(`debug-done-${v}`);
      });

      it('without --target the debug container has its own process namespace', async () => {
        const own = `own-${v.replace('.', '')}`;
        const r = await k(
          v,
          ['debug', 'target', '-i', `--image=${images.busybox}`, '-c', own, '--', 'sh'],
          'ps\nexit\n',
        );
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('ps');
        expect(r.stdout).not.toContain('sleep 3600');
      });
    });
  }

  it('GET pods/NAME/ephemeralcontainers answers the Pod', async () => {
    const r = await k('1.33', ['get', '--raw', '/api/v1/namespaces/default/pods/target/ephemeralcontainers']);
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.kind).toBe('Pod');
    expect(p.spec.ephemeralContainers.length).toBeGreaterThan(0);
  });

  for (const v of VERSIONS) {
    it(`kubectl ${v}: debug without -i returns at once; exec reaches the running ephemeral container`, async () => {
      const c = `sleeper-${v.replace('.', '')}`;
      const r = await k(v, ['debug', 'target', `--image=${images.busybox}`, '-c', c, '--', 'sleep', '300']);
      expect(r.code, r.stderr).toBe(0);
      await eventually(
        async () =>
          (await pod()).status.ephemeralContainerStatuses?.find((s: any) => s.name === c)?.state?.running,
        `${c} running`,
        30_000,
        500,
      );
      const e = await k(v, ['exec', 'target', '-c', c, '--', 'echo', `exec-in-${c}`]);
      expect(e.code, e.stderr).toBe(0);
      expect(e.stdout.trim()).toBe(`exec-in-${c}`);
    });
  }

  it('kubectl 1.33 debug -it attaches a terminal (tmux)', async () => {
    const session = `kdd-${name}`;
    const cmd =
      `env KUBECONFIG=${shellQuote(cluster.kubeconfig)} HOME=${shellQuote(cluster.home)} ` +
      `${shellQuote(kubectlBinary('1.33'))} debug target -it --image=${images.busybox} --target=app -c tty -- sh`;
    tmux(['new-session', '-d', '-s', session, '-x', '120', '-y', '30', cmd]);
    try {
      await eventually(
        () => tmux(['capture-pane', '-p', '-t', session]).includes('try pressing enter'),
        'attach banner',
        30_000,
      );
      tmux(['send-keys', '-t', session, 'echo tty-$((4+5)); ps', 'Enter']);
      await eventually(
        () => {
          const pane = tmux(['capture-pane', '-p', '-t', session]);
          return /^tty-9$/m.test(pane) && pane.includes('sleep 3600');
        },
        'tty output with the target process',
        15_000,
      );
    } finally {
      try {
        tmux(['kill-session', '-t', session]);
      } catch {
        // already gone
      }
    }
  });

  it('refuses to remove an ephemeral container through the subresource (upstream message)', async () => {
    const current = await pod();
    const body = { ...current, spec: { ...current.spec, ephemeralContainers: [] } };
    const r = await k(
      '1.33',
      ['replace', '--raw', '/api/v1/namespaces/default/pods/target/ephemeralcontainers', '-f', '-'],
      JSON.stringify(body),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('may not be removed');
  });
});
