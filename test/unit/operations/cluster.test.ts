// The Cluster screen's operations over a real in-process registry and a temp state dir: info with
// the settings in effect, saving settings for the next start (validated, atomic, read back by
// `--config`), stop/restart/reset through the lifecycle hook, and Docker status on the real engine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import {
  RUNNER_SCRIPT,
  daemonLifecycle,
  type CliRun,
  type ClusterLifecycle,
} from '../../../orchestrator/operations/cluster-lifecycle.js';
import { dockerStatus } from '../../../orchestrator/operations/docker-status.js';
import { kindInfo } from '../../../orchestrator/operations/kinds.js';
import { clusterPaths } from '../../../orchestrator/config/paths.js';
import { readClusterConfig, writeClusterConfig } from '../../../orchestrator/cluster/cluster-config.js';
import { loadConfigFile } from '../../../orchestrator/cluster/config-file.js';
import { writeLock } from '../../../orchestrator/cluster/lock.js';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';

const NAME = 'cl-test';

describe('cluster operations', () => {
  let home: string;
  let store: Store;
  let registry: Registry;
  let ops: Operations;
  let runs: string[];
  const lifecycle: ClusterLifecycle = {
    endsConnection: false,
    // eslint-disable-next-line @typescript-eslint/require-await
    async run(action) {
      runs.push(action);
      return [`✓ ${action} done`];
    },
  };
  const paths = () => clusterPaths(NAME, home);
  const node = (name: string, ready: boolean, cp = false) =>
    registry.create(
      kindInfo('nodes'),
      '',
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: cp ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
        status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
      },
      {},
    );

  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kd-cluster-ops-'));
    writeClusterConfig(paths().config, {
      name: NAME,
      port: 24999,
      nodes: 2,
      createdAt: '2026-01-01T00:00:00Z',
      mergedKubeconfigs: ['/tmp/kc'],
      settings: { crashLoopBackOff: { base: '1s' }, nodeMonitorGracePeriod: '4s' },
    });
    store = Store.open(':memory:');
    registry = new Registry(store);
    registry.bootstrap();
    runs = [];
    ops = createOperations({ registry, clusterName: NAME, home, lifecycle });
  });
  afterEach(() => {
    store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('clusterInfo: name, API URL, version, nodes and the settings in effect with defaults', async () => {
    node('kd-control-plane', true, true);
    node('kd-worker', true);
    node('kd-worker2', false);
    writeLock(paths().lock, { pid: 4242, url: 'https://127.0.0.1:24999', port: 24999, startedAt: 'x' });
    const info = await ops.clusterInfo({});
    expect(info).toMatchObject({
      name: NAME,
      state: 'running',
      apiServer: 'https://127.0.0.1:24999',
      version: 'v1.33.0-kubedeck',
      pid: 4242,
      kubectl: 'kubectl cluster-info',
      nodes: { configured: 2, registered: 2, ready: 1 },
      settings: { crashLoopBackOff: { base: '1s' }, nodeMonitorGracePeriod: '4s' },
      restartNeeded: false,
      lifecycle: { available: true, endsConnection: false },
      configFile: path.join(paths().dir, 'cluster.yaml'),
    });
    expect(info.commands.status).toBe(`kubedeck status --name ${NAME}`);
    expect(info.commands.containers).toBe(`docker ps -a --filter label=kubedeck.cluster=${NAME}`);
    const eff = Object.fromEntries(info.effective.map((e) => [e.key, e]));
    expect(eff['crashLoopBackOff.base']).toEqual({
      key: 'crashLoopBackOff.base',
      value: '1s',
      default: '10s',
      set: true,
      // How the Cluster screen draws it: the settings table's row.
      type: 'duration',
      label: 'CrashLoopBackOff first delay',
      help: 'doubles after each crash',
      group: 'Restart back-off (kubelet)',
    });
    expect(eff['crashLoopBackOff.cap']).toMatchObject({ value: '300s', set: false });
    expect(eff['nodeMonitorGracePeriod']).toMatchObject({ value: '4s', default: '50s', set: true });
    expect(eff['defaultTolerationSeconds']).toMatchObject({ value: '300', set: false });
    expect(eff['localImagesFirst']).toMatchObject({ value: 'true', set: false });
    expect(eff['horizontalPodAutoscaler.downscaleStabilization']).toMatchObject({ value: '5m' });
    expect(typeof info.docker.reachable).toBe('boolean');
  });

  it('saveClusterSettings writes config.json and a --config file that round-trips', async () => {
    const r = await ops.saveClusterSettings({
      nodes: 3,
      settings: {
        crashLoopBackOff: { base: '2s', cap: '20s' },
        imagePullBackOff: { base: '', cap: '' }, // cleared fields = defaults
        localImagesFirst: false,
        defaultTolerationSeconds: 30,
        horizontalPodAutoscaler: { syncPeriod: '2s' },
      },
    });
    const file = path.join(paths().dir, 'cluster.yaml');
    expect(r.file).toBe(file);
    expect(r.restartNeeded).toBe(true);
    expect(r.kubectl).toBe(`kubedeck stop --name ${NAME} && kubedeck start --name ${NAME} --config ${file}`);
    const cfg = readClusterConfig(paths().config)!;
    expect(cfg.nodes).toBe(3);
    expect(cfg.port).toBe(24999); // everything else kept
    expect(cfg.mergedKubeconfigs).toEqual(['/tmp/kc']);
    expect(cfg.settings).toEqual({
      crashLoopBackOff: { base: '2s', cap: '20s' },
      localImagesFirst: false,
      defaultTolerationSeconds: 30,
      horizontalPodAutoscaler: { syncPeriod: '2s' },
    });
    // The YAML is exactly what `kubedeck start --config` accepts.
    expect(loadConfigFile(file)).toEqual({ nodes: 3, settings: cfg.settings });
    expect(readFileSync(file, 'utf8')).toMatch(/^# Cluster 'cl-test' settings/);
    // The running control plane still has the old ones; info says a restart applies them.
    const info = await ops.clusterInfo({});
    expect(info.restartNeeded).toBe(true);
    expect(info.settings.crashLoopBackOff).toEqual({ base: '2s', cap: '20s' });
    expect(info.effective.find((e) => e.key === 'crashLoopBackOff.base')!.value).toBe('1s');
    // No temp files left behind.
    expect(readdirSync(paths().dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('saveClusterSettings refuses invalid input with a 422 Status naming the field, writing nothing', async () => {
    const before = readFileSync(paths().config, 'utf8');
    const fail = async (p: any) => {
      try {
        await ops.saveClusterSettings(p);
      } catch (e) {
        return e as StatusError;
      }
      throw new Error('expected a failure');
    };
    let e = await fail({ nodes: 2, settings: { crashLoopBackOff: { base: '1 minute' } } });
    expect(e).toBeInstanceOf(StatusError);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toContain('crashLoopBackOff.base must be a duration like 10s');
    expect(e.details?.causes?.[0].field).toBe('crashLoopBackOff.base');
    e = await fail({ nodes: 2, settings: { crashLoopBackOff: { base: '60s', cap: '10s' } } });
    expect(e.message).toContain('must not exceed');
    e = await fail({ nodes: 40, settings: {} });
    expect(e.details?.causes?.[0].field).toBe('nodes');
    e = await fail({ nodes: 1.5, settings: {} });
    expect(e.code).toBe(422);
    e = await fail({ nodes: 1, settings: { bogus: 1 } });
    expect(e.message).toContain('unknown field(s) bogus');
    e = await fail({ nodes: 1, settings: { defaultTolerationSeconds: -1 } });
    expect(e.details?.causes?.[0].field).toBe('defaultTolerationSeconds');
    expect(readFileSync(paths().config, 'utf8')).toBe(before);
    expect(existsSync(path.join(paths().dir, 'cluster.yaml'))).toBe(false);
  });

  it('saveClusterSettings without cluster state is a 404', async () => {
    rmSync(paths().dir, { recursive: true });
    await expect(ops.saveClusterSettings({ nodes: 1, settings: {} })).rejects.toMatchObject({
      code: 404,
      reason: 'NotFound',
    });
  });

  it('stop/restart/reset run through the lifecycle hook; reset needs the cluster name', async () => {
    const stop = await ops.stopCluster({});
    expect(stop).toMatchObject({
      kubectl: `kubedeck stop --name ${NAME}`,
      steps: ['✓ stop done'],
      endsConnection: false,
    });
    const restart = await ops.restartCluster({});
    expect(restart.kubectl).toBe(`kubedeck stop --name ${NAME} && kubedeck start --name ${NAME}`);
    await expect(ops.resetCluster({ confirm: 'nope' })).rejects.toMatchObject({ code: 422 });
    const reset = await ops.resetCluster({ confirm: NAME });
    expect(reset.kubectl).toContain(`kubedeck delete --name ${NAME} && kubedeck start --name ${NAME}`);
    expect(runs).toEqual(['stop', 'restart', 'reset']);
  });

  it('without a lifecycle (not the daemon) stop is refused with what to run instead', async () => {
    const plain = createOperations({ registry, clusterName: NAME, home });
    await expect(plain.stopCluster({})).rejects.toMatchObject({
      code: 405,
      message: expect.stringContaining(`kubedeck stop --name ${NAME}`),
    });
    expect((await plain.clusterInfo({})).lifecycle).toEqual({ available: false, endsConnection: false });
  });

  it('inside the daemon, stop/restart/reset run the same CLI entry detached, after answering', async () => {
    const launched: { cmds: CliRun[]; log: string; cleanup: string[] }[] = [];
    const argv = ['/usr/bin/node', '/opt/kd/dist/cli.mjs', '__daemon', '--name', NAME];
    const lc = daemonLifecycle(paths(), {}, argv, (cmds, log, cleanup) =>
      launched.push({ cmds, log, cleanup }),
    )!;
    expect(lc.endsConnection).toBe(true);
    expect(daemonLifecycle(paths(), {}, ['/usr/bin/node', 'vitest'])).toBeUndefined();
    const steps = await lc.run('restart');
    expect(steps[0]).toMatch(/Stop the control plane/);
    expect(launched).toEqual([]); // not before the answer is out
    await new Promise((r) => setTimeout(r, 400));
    expect(launched).toHaveLength(1);
    expect(launched[0].cmds.map((c) => c.label)).toEqual([
      `kubedeck stop --name ${NAME}`,
      `kubedeck start --name ${NAME}`,
    ]);
    expect(launched[0].cmds[0].args.slice(-4)).toEqual(['/opt/kd/dist/cli.mjs', 'stop', '--name', NAME]);
    expect(launched[0].log).toBe(path.join(home, `${NAME}-lifecycle.log`));
    // reset keeps node count, API port and settings in a --config file for the fresh start.
    await lc.run('reset');
    await new Promise((r) => setTimeout(r, 400));
    const start = launched[1].cmds[1];
    const cfgFile = start.args[start.args.indexOf('--config') + 1];
    expect(loadConfigFile(cfgFile)).toMatchObject({
      nodes: 2,
      apiServerPort: 24999,
      settings: { crashLoopBackOff: { base: '1s' } },
    });
    expect(launched[1].cleanup).toEqual([cfgFile]); // removed once the runner is done
    expect(launched[0].cleanup).toEqual([]);
    rmSync(cfgFile);
  });
});

describe('lifecycle runner (real Node process)', () => {
  it('runs the commands in order, stops at the first failure, removes the temp files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-runner-'));
    const tmp = path.join(dir, 'reset.yaml');
    writeFileSync(tmp, 'nodes: 1\n');
    const cmds: CliRun[] = [
      { label: 'kubedeck one', args: ['-e', 'console.log("first")'] },
      { label: 'kubedeck two', args: ['-e', 'process.exit(3)'] },
      { label: 'kubedeck three', args: ['-e', 'console.log("never")'] },
    ];
    const r = spawnSync(
      process.execPath,
      ['-e', RUNNER_SCRIPT, JSON.stringify(cmds), JSON.stringify([tmp])],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('$ kubedeck one\nfirst\n$ kubedeck two\n');
    expect(existsSync(tmp)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(SKIP_DOCKER)('Docker status (real engine)', () => {
  it('reports the engine version, platform and kubedeck container counts', async () => {
    const rt = await requireDocker();
    const v = await rt.docker.version();
    const s = await dockerStatus('no-such-cluster-xyz');
    expect(s).toMatchObject({
      reachable: true,
      version: v.Version,
      os: v.Os,
      arch: v.Arch,
      command: 'docker version',
      platform: process.platform,
    });
    expect(s.containers!.cluster).toBe(0);
    expect(s.containers!.all).toBeGreaterThanOrEqual(0);
  });

  it('an unreachable engine says so and what to do', async () => {
    const s = await dockerStatus('x', { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(s.reachable).toBe(false);
    expect(s.error).toMatch(/Docker is not running/);
    expect(s.hint).toMatch(process.platform === 'linux' ? /systemctl start docker/ : /Docker Desktop/);
    const tcp = await dockerStatus('x', { DOCKER_HOST: 'tcp://1.2.3.4:2375' });
    expect(tcp.error).toMatch(/not supported/);
  });
});
