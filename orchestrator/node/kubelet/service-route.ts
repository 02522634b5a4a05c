// Pods reach ClusterIPs through the cluster proxy: each new sandbox gets a route for the service
// range via the proxy's address, added by a short-lived helper container (the node's own image,
// NET_ADMIN, joined to the sandbox's network namespace) before any app container starts.
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

/** The proxy's address on the cluster network, or undefined when it is not running. */
async function proxyIP(rt: ContainerRuntime, ctx: RouteContext): Promise<string | undefined> {
  const info = await rt.inspectContainer(`${ctx.cluster}-proxy`).catch(() => undefined);
  if (!info || info.state !== 'running' || info.labels['kubedeck.cluster'] !== ctx.cluster) return undefined;
  return info.ips[ctx.network];
}

/**
 * Adds `SERVICE_CIDR via <proxy>` inside the sandbox's namespace. Returns false with a reason when
 * the route could not be added (services then are unreachable from this pod, DNS included).
 */
export async function addServiceRoute(
  rt: ContainerRuntime,
  ctx: RouteContext,
  sandboxId: string,
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
