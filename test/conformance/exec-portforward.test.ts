// kubectl exec / attach / port-forward / cp against a real cluster (2 workers, real Docker) with
// the real kubectl 1.27 (SPDY/3.1 for everything) and 1.33 (WebSocket v5 for exec/attach,
// SPDY tunnelled over WebSocket for port-forward).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../support/docker.js';
import { ensureTestImages, type TestImages } from '../fixtures/images/build.js';
import { TestCluster, eventually, kubectlBinary } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function tmux(args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe.skipIf(SKIP_DOCKER)('kubectl exec, attach, port-forward and cp', () => {
  const name = `xs-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  const k = (version: string, args: string[], input?: string, timeoutMs = 30_000) =>
    cluster.kubectl(version, args, { input, timeoutMs });

  /** Runs a long-lived kubectl, collecting output; always killed in the end. */
  const background = (version: string, args: string[]) => {
    const child = spawn(kubectlBinary(version), args, {
      env: cluster.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    return {
      output: () => out,
      stop: () => {
        clearTimeout(killer);
        child.kill('SIGTERM');
      },
    };
  };

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: ${images.busybox}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www"]
---
apiVersion: v1
kind: Pod
metadata: {name: stuck}
spec:
  containers:
  - name: stuck
    image: kubedeck-test/absent:never
    imagePullPolicy: Never
---
apiVersion: v1
kind: Pod
metadata: {name: term}
spec:
  containers:
  - name: term
    image: ${images.busybox}
    command: ["sh"]
    stdin: true
    tty: true
---
apiVersion: v1
kind: Pod
metadata: {name: ticker}
spec:
  containers:
  - name: ticker
    image: ${images.busybox}
    command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
`;
    const a = await k('1.33', ['apply', '-f', '-'], manifest);
    expect(a.code, a.stderr).toBe(0);
    for (const p of ['web', 'ticker', 'term']) {
      await eventually(
        async () =>
          JSON.parse((await k('1.33', ['get', 'pod', p, '-o', 'json'])).stdout).status.phase === 'Running',
        `${p} Running`,
        90_000,
        500,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  for (const v of VERSIONS) {
    describe(`kubectl ${v}`, () => {
      it('execs a command and returns its output', async () => {
        const r = await k(v, ['exec', 'web', '--', 'cat', '/etc/hostname']);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.trim()).toBe('web');
      });

      it('propagates a non-zero exit code and separates stderr', async () => {
        const r = await k(v, ['exec', 'web', '--', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
        expect(r.code).toBe(3);
        expect(r.stdout).toBe('to-out\n');
        expect(r.stderr).toContain('to-err');
        expect(r.stderr).toContain('command terminated with exit code 3');
      });

      it('pipes stdin with -i and ends it at EOF', async () => {
        const r = await k(v, ['exec', '-i', 'web', '--', 'sh', '-c', 'cat; echo done'], 'line-1\nline-2\n');
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('line-1\nline-2\ndone\n');
      });

      it('rejects an unknown container like upstream', async () => {
        const r = await k(v, ['exec', 'web', '-c', 'nope', '--', 'true']);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('container nope is not valid for pod web');
      });

      it('runs an interactive shell with -it in a terminal (tmux)', async () => {
        const session = `kd-${name}-${v.replace('.', '')}`;
        const marker = path.join(cluster.home, `tty-exit-${v}`);
        const cmd =
          `env KUBECONFIG=${shellQuote(cluster.kubeconfig)} HOME=${shellQuote(cluster.home)} ` +
          `${shellQuote(kubectlBinary(v))} exec -it web -- sh; echo "exit=$?" > ${shellQuote(marker)}`;
        tmux(['new-session', '-d', '-s', session, '-x', '120', '-y', '30', cmd]);
        try {
          await eventually(
            () => tmux(['capture-pane', '-p', '-t', session]).includes('#'),
            'shell prompt',
            20_000,
          );
          tmux(['send-keys', '-t', session, 'echo hi-$((1+2))', 'Enter']);
          await eventually(
            () => /^hi-3$/m.test(tmux(['capture-pane', '-p', '-t', session])),
            'hi-3 output',
            15_000,
          );
          tmux(['send-keys', '-t', session, 'exit', 'Enter']);
          await eventually(() => existsSync(marker), 'kubectl to exit', 15_000);
          expect(readFileSync(marker, 'utf8').trim()).toBe('exit=0');
        } finally {
          try {
            tmux(['kill-session', '-t', session]);
          } catch {
            // already gone
          }
        }
      });

      it('attaches -it to a container started with stdin and tty (tmux)', async () => {
        const session = `kda-${name}-${v.replace('.', '')}`;
        const cmd =
          `env KUBECONFIG=${shellQuote(cluster.kubeconfig)} HOME=${shellQuote(cluster.home)} ` +
          `${shellQuote(kubectlBinary(v))} attach -it term`;
        tmux(['new-session', '-d', '-s', session, '-x', '120', '-y', '30', cmd]);
        try {
          await eventually(
            () => tmux(['capture-pane', '-p', '-t', session]).includes('try pressing enter'),
            'attach banner',
            20_000,
          );
          tmux(['send-keys', '-t', session, 'echo att-$((2+3))', 'Enter']);
          await eventually(
            () => /^att-5$/m.test(tmux(['capture-pane', '-p', '-t', session])),
            'att-5 output',
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

      it('forwards a local port to the pod (HTTP through port-forward)', async () => {
        const port = await freePort();
        const pf = background(v, ['port-forward', 'pod/web', `${port}:8080`]);
        try {
          await eventually(
            () => pf.output().includes('Forwarding from 127.0.0.1'),
            'port-forward ready',
            20_000,
          );
          for (let i = 0; i < 2; i++) {
            const res = await fetch(`http://127.0.0.1:${port}/`);
            expect(res.status).toBe(200);
            expect(await res.text()).toBe('hello-from-httpd\n');
          }
        } finally {
          pf.stop();
        }
      });

      it('reports a refused pod port on the error stream', async () => {
        const port = await freePort();
        const pf = background(v, ['port-forward', 'pod/web', `${port}:9`]);
        try {
          await eventually(
            () => pf.output().includes('Forwarding from 127.0.0.1'),
            'port-forward ready',
            20_000,
          );
          await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
          await eventually(
            () =>
              /error forwarding port 9 to pod web, uid [0-9a-f-]+: .*connection refused/.test(pf.output()),
            'forwarding error',
            15_000,
          );
        } finally {
          pf.stop();
        }
      });

      it('copies files both ways with kubectl cp', async () => {
        const dir = path.join(cluster.home, `cp-${v}`);
        mkdirSync(dir, { recursive: true });
        const src = path.join(dir, 'up.txt');
        writeFileSync(src, `payload for ${v}\n`);
        const up = await k(v, ['cp', src, `web:/tmp/up-${v}.txt`]);
        expect(up.code, up.stderr).toBe(0);
        const check = await k(v, ['exec', 'web', '--', 'cat', `/tmp/up-${v}.txt`]);
        expect(check.stdout).toBe(`payload for ${v}\n`);
        const back = path.join(dir, 'down.txt');
        const down = await k(v, ['cp', `web:/tmp/up-${v}.txt`, back]);
        expect(down.code, down.stderr).toBe(0);
        expect(readFileSync(back, 'utf8')).toBe(`payload for ${v}\n`);
      });

      it('runs -i --rm with stdin attached (kubectl run)', async () => {
        const pod = `runner-${v.replace('.', '')}`;
        const r = await k(
          v,
          [
            'run',
            pod,
            `--image=${images.busybox}`,
            '--image-pull-policy=IfNotPresent',
            '--restart=Never',
            '--rm',
            '-i',
            '--',
            'sh',
            '-c',
            'read x; echo got-$x',
          ],
          'abc\n',
          90_000,
        );
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('got-abc');
        expect(r.stdout + r.stderr).toContain(`pod "${pod}" deleted`);
      });

      it('refuses exec into a container that is not running', async () => {
        const r = await k(v, ['exec', 'stuck', '--', 'true']);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('container not found ("stuck")');
      });

      it('attaches to a running container and sees its output', async () => {
        const at = background(v, ['attach', 'ticker']);
        try {
          // Only output written after attaching arrives: wait for two fresh ticks.
          await eventually(
            () => (at.output().match(/^tick$/gm) ?? []).length >= 2,
            'ticks via attach',
            15_000,
          );
        } finally {
          at.stop();
        }
      });
    });
  }
});
