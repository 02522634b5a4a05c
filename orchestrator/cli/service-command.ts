// `kubedeck service NAME [-n NS] [--url] [--name CLUSTER]` (like `minikube service`): prints or
// opens the host URL of a LoadBalancer (http://localhost:<port>) or NodePort Service
// (http://localhost:<nodePort>). A ClusterIP-only Service gets the port-forward command instead.
import { spawn } from 'node:child_process';
import https from 'node:https';
import { Command, Option } from 'commander';
import { lockProbe, readCredentials } from '../cluster/credentials.js';
import { UserError } from '../config/errors.js';
import { assessLock, readLock } from '../cluster/lock.js';
import { clusterPaths, DEFAULT_CLUSTER_NAME, kubedeckHome } from '../config/paths.js';

export interface ServiceOpts {
  /** Cluster name. */
  name: string;
  service: string;
  namespace: string;
  url: boolean;
}

export interface ServiceDeps {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  open?: (url: string) => void;
}

function getJson(url: string, ca: string, token: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 10_000 },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: undefined });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the API server did not answer in 10s')));
    req.on('error', reject);
  });
}

/** The URLs a Service is reachable at from this host (one per TCP port), in port order. */
export function serviceUrls(svc: any): string[] {
  const type = svc.spec?.type;
  const ports = (svc.spec?.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP');
  if (type === 'LoadBalancer' && svc.status?.loadBalancer?.ingress?.length) {
    const host = svc.status.loadBalancer.ingress[0].hostname ?? svc.status.loadBalancer.ingress[0].ip;
    return ports.map((p: any) => `http://${host}:${p.port}`);
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    return ports.filter((p: any) => p.nodePort).map((p: any) => `http://localhost:${p.nodePort}`);
  }
  return [];
}

export async function resolveServiceUrls(
  opts: ServiceOpts,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const paths = clusterPaths(opts.name, kubedeckHome(env));
  const flag = opts.name === DEFAULT_CLUSTER_NAME ? '' : ` --name ${opts.name}`;
  const state = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  const creds = readCredentials(paths);
  if (state.state !== 'running' || !creds) {
    throw new UserError(`cluster '${opts.name}' is not running`, `run \`kubedeck start${flag}\` first`);
  }
  const url = `${state.lock.url}/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/services/${encodeURIComponent(opts.service)}`;
  const { status, body } = await getJson(url, creds.caPem, creds.token);
  if (status === 404) {
    throw new UserError(
      `service '${opts.service}' not found in namespace '${opts.namespace}'`,
      `list them with \`kubectl get services -n ${opts.namespace}\``,
    );
  }
  if (status !== 200)
    throw new UserError(`reading service '${opts.service}': ${body?.message ?? `HTTP ${status}`}`);
  const urls = serviceUrls(body);
  if (urls.length) return urls;
  const port = body.spec?.ports?.[0]?.port ?? 80;
  const ns = opts.namespace === 'default' ? '' : ` -n ${opts.namespace}`;
  if (body.spec?.type === 'LoadBalancer') {
    throw new UserError(
      `service '${opts.service}' has no host port yet (EXTERNAL-IP <pending>)`,
      `see why with \`kubectl describe service ${opts.service}${ns}\` (is port ${port} taken by another program?)`,
    );
  }
  throw new UserError(
    `service '${opts.service}' is of type ${body.spec?.type ?? 'ClusterIP'}: it is reachable only inside the cluster`,
    `expose it with \`kubectl port-forward service/${opts.service} ${port}:${port}${ns}\` (then open http://localhost:${port}), or make it a LoadBalancer: \`kubectl patch service ${opts.service}${ns} -p '{"spec":{"type":"LoadBalancer"}}'\``,
  );
}

function openInBrowser(url: string, fallback: () => void): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', fallback); // no browser opener: the printed URL is what the user needs
  child.unref();
}

export async function runService(opts: ServiceOpts, deps: ServiceDeps = {}): Promise<void> {
  const urls = await resolveServiceUrls(opts, deps.env);
  const out = deps.stdout ?? process.stdout;
  if (opts.url) {
    out.write(urls.join('\n') + '\n');
    return;
  }
  out.write(`Opening service ${opts.namespace}/${opts.service} in the browser: ${urls[0]}\n`);
  const open =
    deps.open ??
    ((u: string) => openInBrowser(u, () => out.write(`No browser found; open ${u} yourself.\n`)));
  open(urls[0]);
}

export function addServiceCommand(program: Command, deps: ServiceDeps = {}): void {
  program
    .command('service')
    .argument('<service>', 'the Service to open')
    .description('open a LoadBalancer or NodePort Service in the browser (--url: only print its URL)')
    .option('-n, --namespace <namespace>', 'namespace of the Service', 'default')
    .option('--url', 'print the URL instead of opening a browser', false)
    .addOption(new Option('--name <name>', 'cluster name').default(DEFAULT_CLUSTER_NAME))
    .action((service: string, opts: Omit<ServiceOpts, 'service'>) => runService({ ...opts, service }, deps));
}
