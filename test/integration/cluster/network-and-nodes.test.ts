// Real Docker: `start` creates the network, builds the node image from the local test node image
// (cached on the second build), runs node containers whose (tiny test) agent registers Ready through
// host.docker.internal; stop keeps the containers, start reuses them, delete leaves nothing labelled.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfDaemonCommand } from '../../../orchestrator/cli/self.js';
import { removeClusterObjects } from '../../../orchestrator/cluster/docker-objects.js';
import { networkName, nodeNames } from '../../../orchestrator/config/names.js';
import { ensureNodeImage } from '../../../orchestrator/cluster/node-image.js';
import { RecordingReporter } from '../../../orchestrator/cluster/reporter.js';
import { startCluster } from '../../../orchestrator/cluster/start.js';
import { clusterStatus } from '../../../orchestrator/cluster/status.js';
import { deleteCluster, stopCluster } from '../../../orchestrator/cluster/stop.js';
import type { DockerRuntime } from '../../../orchestrator/runtime/docker.js';
import { ensureTestImages } from '../../fixtures/images/build.js';
import { requireDocker, SKIP_DOCKER } from '../../support/docker.js';

const AGENT = fileURLToPath(new URL('./fixtures/test-agent.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../orchestrator/cli/main.ts', import.meta.url));
const cluster = `it-${process.pid.toString(36)}-${Date.now().toString(36).slice(-4)}`;
const labelFilter = JSON.stringify({ label: [`kubedeck.cluster=${cluster}`] });

describe.skipIf(SKIP_DOCKER)('cluster network and node containers (real Docker)', () => {
  let rt: DockerRuntime;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const timings: Record<string, number> = {};
  const deps = () => ({
    reporter: new RecordingReporter(),
    home,
    env,
    kubeconfigPath: path.join(home, 'kubeconfig'),
    daemonCommand: (n: string) => selfDaemonCommand(n, new URL(`file://${MAIN}`).href),
    readyTimeoutMs: 60_000,
    nodeReadyTimeoutMs: 60_000,
  });

  beforeAll(async () => {
    rt = await requireDocker();
    await ensureTestImages();
    home = mkdtempSync(path.join(tmpdir(), 'kubedeck-it-'));
    env = {
      ...process.env,
      KUBEDECK_HOME: home,
      KUBEDECK_NODE_BASE_IMAGE: 'kubedeck-test/node:latest',
      KUBEDECK_PAUSE_IMAGE: 'kubedeck-test/pause:latest',
      KUBEDECK_AGENT_BUNDLE: AGENT,
    };
  });
  afterAll(async () => {
    if (rt) {
      await stopCluster({ name: cluster }, { reporter: new RecordingReporter(), home, env }).catch(() => {});
      await removeClusterObjects(rt, cluster).catch(() => {});
    }
    if (timings.start) console.log(`[timings] ${JSON.stringify(timings)}`);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('builds the node image once per content hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-agent-'));
    try {
      const bundle = path.join(dir, 'agent.mjs');
      writeFileSync(bundle, `console.log('agent ${cluster}')\n`); // unique: forces a cold build
      let t = performance.now();
      const cold = await ensureNodeImage(rt, { baseImage: 'kubedeck-test/node:latest', agentBundle: bundle });
      timings.imageCold = Math.round(performance.now() - t);
      t = performance.now();
      const warm = await ensureNodeImage(rt, { baseImage: 'kubedeck-test/node:latest', agentBundle: bundle });
      timings.imageCached = Math.round(performance.now() - t);
      expect(cold.built).toBe(true);
      expect(warm).toEqual({ ...cold, built: false });
      expect(cold.tag).toBe(`kubedeck/node:${cold.hash.slice(0, 12)}`);
      await rt.removeImage(cold.tag, { force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start: network, node containers wired as specified, every node Ready', async () => {
    const t = performance.now();
    const d = deps();
    const res = await startCluster({ name: cluster, nodes: 2 }, d);
    timings.start = Math.round(performance.now() - t);
    console.log(d.reporter.lines.join('\n'));
    expect(res.nodes).toEqual(nodeNames(cluster, 2));
    expect(res.nodes).toEqual([`${cluster}-worker`, `${cluster}-worker2`]);

    const net = await rt.inspectNetwork(networkName(cluster));
    expect(net?.labels['kubedeck.cluster']).toBe(cluster);
    expect(net?.gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const c = await rt.docker.getContainer(`${cluster}-worker2`).inspect();
    expect(c.State.Running).toBe(true);
    expect(c.Config.Hostname).toBe(`${cluster}-worker2`);
    expect(c.Config.Labels).toMatchObject({
      'kubedeck.cluster': cluster,
      'kubedeck.role': 'node',
      'kubedeck.node': `${cluster}-worker2`,
    });
    // Linux: the gateway the API server also listens on (Docker's host-gateway would be docker0).
    expect(c.HostConfig.ExtraHosts).toContain(`host.docker.internal:${net?.gateway}`);
    expect(c.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(Object.keys(c.NetworkSettings.Networks)).toEqual([networkName(cluster)]);
    const stateDir = path.join(home, 'clusters', cluster);
    const podDir = path.join(stateDir, 'nodes', `${cluster}-worker2`, 'pods');
    expect(statSync(podDir).isDirectory()).toBe(true);
    const mounts = Object.fromEntries(c.Mounts.map((m) => [m.Destination, m]));
    expect(mounts['/var/run/docker.sock'].Source).toBe('/var/run/docker.sock');
    expect(mounts['/kubedeck/ca.crt']).toMatchObject({
      Source: path.join(stateDir, 'pki', 'ca.crt'),
      RW: false,
    });
    expect(mounts['/kubedeck/token']).toMatchObject({
      Source: path.join(stateDir, 'nodes', `${cluster}-worker2`, 'token'),
      RW: false,
    });
    expect(mounts[podDir]).toMatchObject({ Source: podDir, RW: true });

    const env = Object.fromEntries(
      c.Config.Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
    );
    const lock = JSON.parse((await import('node:fs')).readFileSync(path.join(stateDir, 'lock'), 'utf8'));
    expect(env).toMatchObject({
      KUBEDECK_API_URL: `https://host.docker.internal:${lock.port}`,
      KUBEDECK_NODE_NAME: `${cluster}-worker2`,
      KUBEDECK_CLUSTER: cluster,
      KUBEDECK_TOKEN_FILE: '/kubedeck/token',
      KUBEDECK_CA_FILE: '/kubedeck/ca.crt',
      KUBEDECK_POD_DIR: podDir,
      KUBEDECK_NETWORK: networkName(cluster),
      KUBEDECK_PAUSE_IMAGE: 'kubedeck-test/pause:latest',
    });
    const settings = JSON.parse(env.KUBEDECK_SETTINGS);
    expect(settings.crashLoopBackOff).toEqual({ initialMs: 10_000, maxMs: 300_000 });
    expect(settings.nodeCapacity.pods).toBe(110);

    const status = await clusterStatus({ name: cluster }, { home, env });
    expect(status.nodeContainers?.map((n) => [n.node, n.state])).toEqual([
      [`${cluster}-worker`, 'running'],
      [`${cluster}-worker2`, 'running'],
    ]);
  });

  it('stop keeps the containers stopped; start brings the same ones back', async () => {
    const before = (await rt.listContainers({ 'kubedeck.cluster': cluster })).map((c) => c.id).sort();
    await stopCluster({ name: cluster }, { reporter: new RecordingReporter(), home, env });
    const stopped = await rt.listContainers({ 'kubedeck.cluster': cluster });
    expect(stopped.map((c) => c.id).sort()).toEqual(before);
    expect(stopped.every((c) => c.state === 'exited')).toBe(true);

    const t = performance.now();
    const d = deps();
    await startCluster({ name: cluster }, d);
    timings.restart = Math.round(performance.now() - t);
    expect(d.reporter.lines.join('\n')).toMatch(/Reusing node image.*\n.*2 started/);
    const after = await rt.listContainers({ 'kubedeck.cluster': cluster });
    expect(after.map((c) => c.id).sort()).toEqual(before);
    // Node containers are running when start returns; the cluster proxy (Services, DNS) is started
    // by the control plane's service controller moments later.
    const isNode = (name: string) => /-worker\d*$/.test(name);
    expect(after.filter((c) => isNode(c.name)).every((c) => c.state === 'running')).toBe(true);
    const deadline = Date.now() + 20_000;
    let all = after;
    while (!all.every((c) => c.state === 'running') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      all = await rt.listContainers({ 'kubedeck.cluster': cluster });
    }
    expect(all.filter((c) => c.state !== 'running').map((c) => c.name)).toEqual([]);
  });

  it('delete leaves no labelled container, network or volume, and no state dir', async () => {
    await rt.docker.createVolume({ Name: `${cluster}-vol`, Labels: { 'kubedeck.cluster': cluster } });
    await deleteCluster(
      { name: cluster },
      { reporter: new RecordingReporter(), home, env, kubeconfigPath: path.join(home, 'kubeconfig') },
    );
    expect(await rt.docker.listContainers({ all: true, filters: labelFilter })).toEqual([]);
    expect(await rt.docker.listNetworks({ filters: labelFilter } as object)).toEqual([]);
    expect((await rt.docker.listVolumes({ filters: labelFilter } as object)).Volumes ?? []).toEqual([]);
    expect(() => statSync(path.join(home, 'clusters', cluster))).toThrow();
  });
});
