// The node agent: runs inside each worker-node container. It registers the Node, renews its
// Lease and status, and runs the pods bound to it as sibling containers on the host's engine.
import Docker from 'dockerode';
import { DockerRuntime, useDockerode } from '../../runtime/docker.js';
import { kubeletSettings } from '../kubelet/settings.js';
import { ApiClient } from './api-client.js';
import { loadConfig } from './config.js';
import { AgentEvents } from './events.js';
import { discoverFacts, registerNode, renewLease, updateNodeStatus } from './node-status.js';
import { PodManager } from './pods.js';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function retry<T>(what: string, fn: () => Promise<T>, attempts = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      log(`${what} failed (${(e as Error).message}); retrying`);
      await new Promise((r) => setTimeout(r, Math.min(200 * i, 3000)));
    }
  }
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  useDockerode(Docker); // bundled into the agent: there is no node_modules in the node image
  const runtime = new DockerRuntime();
  const api = new ApiClient(cfg.apiUrl, cfg.token, cfg.ca);
  const facts = await discoverFacts(cfg, runtime);
  log(
    `node ${cfg.nodeName} (${facts.internalIP}) on ${facts.runtime.operatingSystem}, docker ${facts.runtime.version}`,
  );
  await retry('registering the node', () => registerNode(api, cfg, facts));
  await retry('creating the lease', () => renewLease(api, cfg));
  log(`registered with ${cfg.apiUrl}`);

  const settings = kubeletSettings({
    cluster: cfg.cluster,
    node: cfg.nodeName,
    network: cfg.network,
    rootDir: cfg.podDir,
    pauseImage: cfg.pauseImage,
    crashBackoff: cfg.settings.crashLoopBackOff,
    pullBackoff: cfg.settings.imagePullBackOff,
    localImagesFirst: cfg.settings.localImagesFirst,
    hostIP: facts.internalIP,
    nodeAllocatable: { cpu: cfg.settings.capacity.cpu, memory: cfg.settings.capacity.memory },
  });
  const pods = new PodManager({ api, runtime, settings, events: new AgentEvents(api, cfg.nodeName), log });

  // While the API server is unreachable (partition, control plane down) log the first failure and
  // the recovery, not every beat.
  let failing = false;
  const beat = async () => {
    try {
      await Promise.all([renewLease(api, cfg), updateNodeStatus(api, cfg, facts)]);
      if (failing) {
        log('heartbeat: the API server answers again');
        pods.reconnect();
      }
      failing = false;
    } catch (e) {
      if (!failing)
        log(`heartbeat failed: ${(e as Error).message}; retrying every ${cfg.settings.heartbeatMs} ms`);
      failing = true;
    }
  };
  const heartbeat = setInterval(() => void beat(), cfg.settings.heartbeatMs);
  const shutdown = (sig: string) => {
    // Pods keep running when the agent stops (a restarted agent re-adopts them by their labels).
    log(`${sig}: stopping the agent; pods keep running`);
    clearInterval(heartbeat);
    pods.stop();
    api.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await pods.run();
}

main().catch((e: unknown) => {
  log(`node agent failed: ${(e as Error)?.stack ?? String(e)}`);
  process.exit(1);
});
