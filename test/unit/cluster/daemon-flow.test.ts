// The whole lifecycle with real processes: `start` launches a daemon (a fixture running daemonMain
// with a fake HTTPS control plane), status/stop/delete act on it, stale locks are recovered.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runDaemon } from '../../../orchestrator/controlplane/daemon.js';
import { UserError } from '../../../orchestrator/config/errors.js';
import { isPidAlive, readLock, writeLock } from '../../../orchestrator/cluster/lock.js';
import { clusterPaths } from '../../../orchestrator/config/paths.js';
import { RecordingReporter } from '../../../orchestrator/cluster/reporter.js';
import { startCluster } from '../../../orchestrator/cluster/start.js';
import { clusterStatus } from '../../../orchestrator/cluster/status.js';
import { deleteCluster, stopCluster } from '../../../orchestrator/cluster/stop.js';
import { fakeDaemonCommand, tempDir } from './helpers.js';

const OTHER =
  'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://prod.example.com\nusers:\n- name: prod\n  user:\n    token: p\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\n';

function get(url: string, ca: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('error', reject);
  });
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

describe('daemon flow (fake control plane, real processes)', () => {
  let t: ReturnType<typeof tempDir>;
  let home: string;
  let kubeconfigPath: string;
  const name = 'flow';
  let env: NodeJS.ProcessEnv;
  const deps = (mode = 'ok') => ({
    reporter: new RecordingReporter(),
    home,
    kubeconfigPath,
    env: { ...env, FAKE_DAEMON_MODE: mode },
    daemonCommand: fakeDaemonCommand,
    readyTimeoutMs: 15_000,
  });

  beforeAll(() => {
    t = tempDir();
    home = path.join(t.dir, 'home');
    kubeconfigPath = path.join(t.dir, 'kube', 'config');
    mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
    writeFileSync(kubeconfigPath, OTHER);
    env = { ...process.env, KUBECONFIG: kubeconfigPath };
  });
  afterAll(async () => {
    await stopCluster({ name }, { reporter: new RecordingReporter(), home, timeoutMs: 2000 }).catch(() => {});
    t.cleanup();
  });

  it('worker nodes need Docker: a missing engine is one line, before touching anything', async () => {
    const err = (await startCluster(
      { name, nodes: 2 },
      { ...deps(), env: { ...env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } },
    ).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.line()).toMatch(/^Docker is not running.*start Docker/);
    expect(existsSync(path.join(home, 'clusters', name))).toBe(false);
  });

  it('status of a cluster that does not exist is absent', async () => {
    expect((await clusterStatus({ name }, { home })).status).toBe('absent');
  });

  let firstPort = 0;
  it('start launches the daemon, writes the lock, merges the kubeconfig', async () => {
    const d = deps();
    const res = await startCluster({ name, nodes: 0 }, d);
    expect(res.alreadyRunning).toBe(false);
    expect(res.context).toBe('kubedeck-flow');
    const paths = clusterPaths(name, home);
    const lock = readLock(paths.lock)!;
    expect(lock.pid).toBe(res.pid);
    expect(lock.url).toBe(res.url);
    expect(isPidAlive(lock.pid)).toBe(true);
    firstPort = lock.port;
    expect(d.reporter.lines.at(-2)).toBe(`✓ Control plane ready at ${res.url}`);

    const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
    expect(kc['current-context']).toBe('kubedeck-flow');
    expect(kc.contexts.map((c: { name: string }) => c.name)).toEqual(['prod', 'kubedeck-flow']);
    const ca = readFileSync(paths.caCert, 'utf8');
    const token = kc.users.find((u: { name: string }) => u.name === 'kubedeck-flow').user.token;
    expect(await get(`${res.url}/healthz`, ca, token)).toBe(200);
    expect(await get(`${res.url}/healthz`, ca)).toBe(401);

    const st = await clusterStatus({ name }, { home });
    expect(st).toMatchObject({ status: 'running', pid: lock.pid, url: res.url, nodes: 0 });
    expect(st.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it.runIf(hasKubectl)('real kubectl verifies the serving cert with the CA and sends the token', () => {
    const out = execFileSync('kubectl', ['--context', 'kubedeck-flow', 'get', '--raw', '/healthz'], {
      env: { ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(out.trim()).toBe('ok');
  });

  it('start again is idempotent', async () => {
    const d = deps();
    const before = readLock(clusterPaths(name, home).lock)!;
    const res = await startCluster({ name }, d);
    expect(res).toMatchObject({ alreadyRunning: true, pid: before.pid });
    expect(d.reporter.lines.join('\n')).toMatch(/already running/);
  });

  it('stop ends the daemon, removes the lock, keeps state; restart reuses the port', async () => {
    const paths = clusterPaths(name, home);
    const pid = readLock(paths.lock)!.pid;
    expect(await stopCluster({ name }, { reporter: new RecordingReporter(), home })).toBe(true);
    expect(isPidAlive(pid)).toBe(false);
    expect(existsSync(paths.lock)).toBe(false);
    expect(existsSync(paths.caKey)).toBe(true);
    expect(await clusterStatus({ name }, { home })).toMatchObject({ status: 'stopped', port: firstPort });
    expect(await stopCluster({ name }, { reporter: new RecordingReporter(), home })).toBe(false);

    const res = await startCluster({ name }, deps());
    expect(new URL(res.url).port).toBe(String(firstPort));
  });

  it('a crashed daemon leaves a stale lock that status reports and start recovers', async () => {
    const paths = clusterPaths(name, home);
    const lock = readLock(paths.lock)!;
    process.kill(lock.pid, 'SIGKILL');
    while (isPidAlive(lock.pid)) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(paths.lock)).toBe(true);
    const st = await clusterStatus({ name }, { home });
    expect(st.status).toBe('stopped');
    expect(st.staleLock).toMatch(/not running/);

    const d = deps();
    const res = await startCluster({ name }, d);
    expect(d.reporter.lines[0]).toMatch(/stale lock.*recovering/);
    expect(res.pid).not.toBe(lock.pid);
    expect(readLock(paths.lock)!.pid).toBe(res.pid);
  });

  it('a lock held by an unrelated live process is stale (pid reuse) and is not killed', async () => {
    const paths = clusterPaths(name, home);
    await stopCluster({ name }, { reporter: new RecordingReporter(), home });
    writeLock(paths.lock, {
      pid: process.pid,
      url: `https://127.0.0.1:${firstPort}`,
      port: firstPort,
      startedAt: '',
    });
    const r = new RecordingReporter();
    expect(await stopCluster({ name }, { reporter: r, home })).toBe(false);
    expect(r.lines[0]).toMatch(/stale lock/);
    expect(existsSync(paths.lock)).toBe(false);
  });

  it('fails with one clear line when the saved port is taken', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(firstPort, '127.0.0.1', r));
    try {
      const err = await startCluster({ name }, deps()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).line()).toMatch(
        new RegExp(`port ${firstPort} .*in use.*kubedeck delete --name flow`),
      );
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it('a daemon that fails to start is reported with the tail of daemon.log', async () => {
    const err = (await startCluster({ name }, deps('crash')).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.line()).toMatch(/daemon exited with code 1.*daemon\.log/);
    expect(err.details.join('\n')).toMatch(/boom: cannot open state\.db/);
    expect(existsSync(clusterPaths(name, home).lock)).toBe(false);
  });

  it('stop falls back to SIGKILL when the daemon does not exit in time', async () => {
    const res = await startCluster({ name }, deps('hang-stop'));
    const r = new RecordingReporter();
    expect(await stopCluster({ name }, { reporter: r, home, timeoutMs: 300 })).toBe(true);
    expect(r.lines[0]).toMatch(/Killed control plane/);
    expect(isPidAlive(res.pid)).toBe(false);
    expect(existsSync(clusterPaths(name, home).lock)).toBe(false);
  });

  it('delete stops, removes the state dir and our kubeconfig entries only', async () => {
    await startCluster({ name }, deps());
    const pid = readLock(clusterPaths(name, home).lock)!.pid;
    expect(await deleteCluster({ name }, { reporter: new RecordingReporter(), home, env })).toBe(true);
    expect(isPidAlive(pid)).toBe(false);
    expect(existsSync(clusterPaths(name, home).dir)).toBe(false);
    const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
    expect(kc.contexts.map((c: { name: string }) => c.name)).toEqual(['prod']);
    expect(kc.clusters.map((c: { name: string }) => c.name)).toEqual(['prod']);
    expect(kc['current-context']).toBeUndefined();
    expect(await deleteCluster({ name }, { reporter: new RecordingReporter(), home, env })).toBe(false);
    expect((await clusterStatus({ name }, { home })).status).toBe('absent');
  });
});

describe('runDaemon in-process', () => {
  it('passes state to the control plane, writes the lock once listening, removes it on stop', async () => {
    const t = tempDir();
    try {
      const seen: { port: number; hosts: string[]; tokens: Record<string, string>; stateDir: string }[] = [];
      let stopped = false;
      const handle = await runDaemon(
        { name: 'inproc', home: t.dir },
        {
          startControlPlane: (opts) => {
            seen.push(opts);
            expect(existsSync(clusterPaths('inproc', t.dir).lock)).toBe(false);
            return Promise.resolve({
              url: `https://127.0.0.1:${opts.port}`,
              port: opts.port,
              stop: () => ((stopped = true), Promise.resolve()),
            });
          },
        },
      );
      const paths = clusterPaths('inproc', t.dir);
      expect(seen[0].hosts).toEqual(['127.0.0.1']);
      expect(seen[0].stateDir).toBe(paths.dir);
      expect(Object.values(seen[0].tokens)).toEqual(['kubernetes-admin']);
      expect(Object.keys(seen[0].tokens)[0]).toBe(readFileSync(paths.token, 'utf8').trim());
      expect(readLock(paths.lock)).toMatchObject({ pid: process.pid, port: seen[0].port });
      await handle.stop();
      expect(stopped).toBe(true);
      expect(existsSync(paths.lock)).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
