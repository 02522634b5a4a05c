// Pods reach ClusterIPs through the cluster proxy: each new sandbox gets a route for the service
// range via the proxy's address before any app container starts. A node container shares the
// host's PID namespace (KUBEDECK_HOST_PID=1), so the agent enters the sandbox's network namespace
// with nsenter (a few ms); elsewhere a short-lived helper container joined to the sandbox's
// namespace does it (a few hundred ms per pod).
import { execFile } from 'node:child_process';
import type { ContainerRuntime } from '../../runtime/types.js';
import { routeScript } from '../proxy/route-script.js';

export const SERVICE_CIDR = '10.96.0.0/12';
const HELPER_TIMEOUT_MS = 15_000;
const PROXY_WAIT_TRIES = 20;

export interface RouteContext {
  cluster: string;
  node: string;
  network: string;
}

let nodeImage: string | undefined;
// The proxy's address, remembered briefly: a burst of new pods needs one lookup, not one each.
const PROXY_IP_TTL_MS = 5_000;
let proxyCache: { key: string; ip: string; at: number } | undefined;

/** The proxy's address on the cluster network, or undefined when it is not running. */
async function proxyIP(rt: ContainerRuntime, ctx: RouteContext): Promise<string | undefined> {
  const key = `${ctx.cluster}/${ctx.network}`;
  if (proxyCache?.key === key && Date.now() - proxyCache.at < PROXY_IP_TTL_MS) return proxyCache.ip;
  const info = await rt.inspectContainer(`${ctx.cluster}-proxy`).catch(() => undefined);
  if (!info || info.state !== 'running' || info.labels['kubedeck.cluster'] !== ctx.cluster) return undefined;
  const ip = info.ips[ctx.network];
  if (ip) proxyCache = { key, ip, at: Date.now() };
  return ip;
}

/**
 * Adds `SERVICE_CIDR via <proxy>` inside the sandbox's namespace (entered through the sandbox's
 * process `pid` when known). Returns false with a reason when the route could not be added
 * (services then are unreachable from this pod, DNS included).
 */
export async function addServiceRoute(
  rt: ContainerRuntime,
  ctx: RouteContext,
  sandbox: { id: string; pid?: number },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  nodeImage ??= (await rt.inspectContainer(ctx.node).catch(() => undefined))?.image;
  // Not running in a node container (an engine without our cluster objects): nothing to route to.
  if (!nodeImage) return { ok: true };
  let via = await proxyIP(rt, ctx);
  // Right after cluster start the control plane may still be creating the proxy.
  for (let i = 0; !via && i < PROXY_WAIT_TRIES; i++) {
    await new Promise((r) => setTimeout(r, 500));
    via = await proxyIP(rt, ctx);
  }
  if (!via) return { ok: false, reason: 'the cluster proxy is not running' };
  if (process.env.KUBEDECK_HOST_PID === '1') {
    const pid = sandbox.pid ?? (await rt.inspectContainer(sandbox.id).catch(() => undefined))?.pid;
    const r = pid ? await nsenterRoute(pid, routeScript('via', SERVICE_CIDR, via)) : undefined;
    // A security profile may forbid entering namespaces: the helper container still works then.
    if (r?.ok) return r;
  }
  return helperRoute(rt, ctx, sandbox.id, via);
}

/** Runs the route script inside the network namespace of the process `pid`. */
function nsenterRoute(pid: number, script: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(
      'nsenter',
      ['-t', String(pid), '-n', 'sh', '-c', script],
      { timeout: HELPER_TIMEOUT_MS },
      (err, _out, stderr) =>
        resolve(err ? { ok: false, reason: `nsenter: ${stderr.trim() || err.message}` } : { ok: true }),
    );
  });
}

async function helperRoute(
  rt: ContainerRuntime,
  ctx: RouteContext,
  sandboxId: string,
  via: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!nodeImage) return { ok: false, reason: 'the node image is unknown' };
  const name = `${ctx.cluster}-svcroute-${sandboxId.slice(0, 12)}`;
  await rt.removeContainer(name, { force: true }).catch(() => undefined); // left over by a crash
  const id = await rt.createContainer({
    name,
    image: nodeImage,
    labels: { 'kubedeck.cluster': ctx.cluster, 'kubedeck.role': 'helper' },
    entrypoint: ['sh', '-c', routeScript('via', SERVICE_CIDR, via)],
    cmd: [],
    networkMode: `container:${sandboxId}`,
    capAdd: ['NET_ADMIN'],
    restartPolicy: 'no',
  });
  try {
    await rt.startContainer(id);
    const code = await Promise.race([
      rt.waitContainer(id),
      new Promise<number>((r) => setTimeout(() => r(-1), HELPER_TIMEOUT_MS).unref()),
    ]);
    return code === 0 ? { ok: true } : { ok: false, reason: `route helper exited with ${code}` };
  } finally {
    await rt.removeContainer(id, { force: true }).catch(() => undefined);
  }
}
