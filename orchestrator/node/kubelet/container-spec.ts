// Kubernetes container → runtime ContainerSpec: env (valueFrom, envFrom, $(VAR) expansion),
// command/args, resources, networking into the sandbox, binds, user; plus the per-pod
// resolv.conf and /etc/hosts files the kubelet manages.
import type { KubeObject } from '../../api/types.js';
import { parseQuantityMilli } from '../../api/validation/quantity.js';
import type { ContainerSpec } from '../../runtime/types.js';
import { resolveFieldRef, resolveResourceFieldRef, type PodRuntimeFacts } from './downward.js';

/** Failures the kubelet reports as CreateContainerConfigError (missing ConfigMap/Secret/key…). */
export class ContainerConfigError extends Error {}

export interface ObjectSource {
  getConfigMap(namespace: string, name: string): Promise<KubeObject | undefined>;
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
}

export interface EnvContext extends PodRuntimeFacts {
  sources: ObjectSource;
  /** Service link variables (lowest precedence), when the caller computes them. */
  serviceEnv?: Record<string, string>;
}

/** Upstream third_party/forked/golang/expansion.Expand: $(VAR), $$ escapes, unknown refs kept. */
export function expand(input: string, mapping: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '$' || i + 1 >= input.length) continue;
    out += input.slice(checkpoint, i);
    const rest = input.slice(i + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) out += '$(';
      else {
        const name = rest.slice(1, close);
        const v = mapping(name);
        out += v === undefined ? `$(${name})` : v;
        advance = close + 1;
      }
    } else out += '$' + rest[0];
    i += advance;
    checkpoint = i + 1;
  }
  return out + input.slice(checkpoint);
}

const decodeSecret = (v: string) => Buffer.from(v, 'base64').toString('utf8');
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

async function configMapValue(ns: string, ref: any, src: ObjectSource): Promise<string | undefined> {
  const cm = await src.getConfigMap(ns, ref.name);
  if (!cm) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`configmap "${ref.name}" not found`);
  }
  const v =
    cm.data?.[ref.key] ??
    (cm.binaryData?.[ref.key] !== undefined ? decodeSecret(cm.binaryData[ref.key]) : undefined);
  if (v === undefined && !ref.optional)
    throw new ContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
  return v;
}

async function secretValue(ns: string, ref: any, src: ObjectSource): Promise<string | undefined> {
  const s = await src.getSecret(ns, ref.name);
  if (!s) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`secret "${ref.name}" not found`);
  }
  const raw = s.data?.[ref.key];
  if (raw === undefined) {
    if (s.stringData?.[ref.key] !== undefined) return s.stringData[ref.key];
    if (!ref.optional)
      throw new ContainerConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
    return undefined;
  }
  return decodeSecret(raw);
}

/** Upstream makeEnvironmentVariables: service env < envFrom < env, each env value expanded in order. */
export async function buildEnv(
  pod: KubeObject,
  container: Record<string, any>,
  ctx: EnvContext,
): Promise<[string, string][]> {
  const ns = pod.metadata.namespace ?? 'default';
  const order: string[] = [];
  const vals = new Map<string, string>();
  const set = (k: string, v: string) => {
    if (!vals.has(k)) order.push(k);
    vals.set(k, v);
  };
  for (const [k, v] of Object.entries(ctx.serviceEnv ?? {})) set(k, v);
  for (const from of Array.isArray(container.envFrom) ? container.envFrom : []) {
    const prefix = from.prefix ?? '';
    let data: Record<string, string> = {};
    if (from.configMapRef) {
      const cm = await ctx.sources.getConfigMap(ns, from.configMapRef.name);
      if (!cm) {
        if (!from.configMapRef.optional)
          throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`);
      } else data = { ...(cm.data ?? {}) };
    } else if (from.secretRef) {
      const s = await ctx.sources.getSecret(ns, from.secretRef.name);
      if (!s) {
        if (!from.secretRef.optional)
          throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`);
      } else for (const [k, v] of Object.entries<string>(s.data ?? {})) data[k] = decodeSecret(v);
    }
    for (const [k, v] of Object.entries(data)) if (ENV_NAME.test(prefix + k)) set(prefix + k, v);
  }
  for (const e of Array.isArray(container.env) ? container.env : []) {
    let value: string | undefined;
    if (e.valueFrom) {
      const vf = e.valueFrom;
      if (vf.fieldRef) value = resolveFieldRef(pod, vf.fieldRef.fieldPath, ctx);
      else if (vf.resourceFieldRef) value = resolveResourceFieldRef(pod, vf.resourceFieldRef, ctx, container);
      else if (vf.configMapKeyRef) value = await configMapValue(ns, vf.configMapKeyRef, ctx.sources);
      else if (vf.secretKeyRef) value = await secretValue(ns, vf.secretKeyRef, ctx.sources);
      if (value === undefined) continue; // optional and missing: the variable is not set
    } else {
      value = expand(String(e.value ?? ''), (n) => vals.get(n));
    }
    set(e.name, value);
  }
  return order.map((k) => [k, vals.get(k)!]);
}

/** Upstream MilliCPUToShares: 1024 shares per core, min 2, max 262144. */
export function milliCpuToShares(milli: number): number {
  if (milli <= 0) return 2;
  const shares = Math.floor((milli * 1024) / 1000);
  return Math.min(262144, Math.max(2, shares));
}

export function dockerResources(
  container: Record<string, any>,
): Pick<ContainerSpec, 'memoryBytes' | 'nanoCpus' | 'cpuShares'> {
  const lim = container.resources?.limits ?? {};
  const req = container.resources?.requests ?? {};
  const milli = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? Number(parseQuantityMilli(String(v)) ?? 0n) : undefined;
  const out: Pick<ContainerSpec, 'memoryBytes' | 'nanoCpus' | 'cpuShares'> = {};
  const mem = milli(lim.memory);
  if (mem !== undefined && mem > 0) out.memoryBytes = Math.ceil(mem / 1000);
  const cpuLimit = milli(lim.cpu);
  if (cpuLimit !== undefined && cpuLimit > 0) out.nanoCpus = cpuLimit * 1_000_000;
  out.cpuShares = milliCpuToShares(milli(req.cpu) ?? cpuLimit ?? 0);
  return out;
}

export interface DnsSettings {
  /** Cluster DNS service IPs (kubelet --cluster-dns). */
  clusterDNS?: string[];
  clusterDomain: string;
  /** The host's resolv.conf text (for search domains and Default policy). */
  hostResolvConf?: string;
}

function parseResolv(text: string) {
  const ns: string[] = [];
  const search: string[] = [];
  const options: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'nameserver' && f[1]) ns.push(f[1]);
    else if (f[0] === 'search' || f[0] === 'domain') search.push(...f.slice(1));
    else if (f[0] === 'options') options.push(...f.slice(1));
  }
  return { ns, search, options };
}

/** The pod's resolv.conf per dnsPolicy (ClusterFirst, Default, None) merged with dnsConfig. */
export function resolvConf(pod: KubeObject, dns: DnsSettings): string {
  const host = parseResolv(dns.hostResolvConf ?? '');
  let policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.spec?.hostNetwork) policy = 'Default';
  if (policy === 'ClusterFirst' && !dns.clusterDNS?.length) policy = 'Default'; // upstream falls back
  let ns: string[] = [];
  let search: string[] = [];
  let options: string[] = [];
  if (policy === 'ClusterFirst') {
    const d = dns.clusterDomain;
    const podNs = pod.metadata.namespace ?? 'default';
    ns = [...dns.clusterDNS!];
    search = [`${podNs}.svc.${d}`, `svc.${d}`, d, ...host.search];
    options = ['ndots:5'];
  } else if (policy === 'Default') {
    ns = host.ns;
    search = host.search;
    options = host.options;
  }
  const cfg = pod.spec?.dnsConfig ?? {};
  ns = [...new Set([...ns, ...(cfg.nameservers ?? [])])];
  search = [...new Set([...search, ...(cfg.searches ?? [])])].slice(0, 32);
  for (const o of cfg.options ?? []) {
    const name = String(o.name);
    options = options.filter((x) => x.split(':')[0] !== name);
    options.push(o.value !== undefined ? `${name}:${o.value}` : name);
  }
  const lines: string[] = [];
  if (search.length) lines.push(`search ${search.join(' ')}`);
  for (const n of ns) lines.push(`nameserver ${n}`);
  if (options.length) lines.push(`options ${options.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The kubelet-managed /etc/hosts (managedHostsFileContent). */
export function etcHosts(pod: KubeObject, podIP: string | undefined, clusterDomain: string): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = podHostname(pod);
  if (podIP) {
    const sub = pod.spec?.subdomain;
    if (sub)
      lines.push(`${podIP}\t${hostname}.${sub}.${pod.metadata.namespace}.svc.${clusterDomain}\t${hostname}`);
    else lines.push(`${podIP}\t${hostname}`);
  }
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push(`${a.ip}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return lines.join('\n') + '\n';
}

/** spec.hostname or the pod name, truncated to 63 characters like upstream. */
export function podHostname(pod: KubeObject): string {
  const h = String(pod.spec?.hostname || pod.metadata.name || '');
  return h.length > 63 ? h.slice(0, 63).replace(/[-.]+$/, '') : h;
}

export interface BuildSpecOptions {
  name: string;
  labels: Record<string, string>;
  sandboxId: string;
  env: [string, string][];
  /** Volume binds plus /etc/hosts, /etc/resolv.conf… */
  binds: string[];
}

/** Maps the Kubernetes container onto Docker: command → entrypoint, args → cmd, both expanded. */
export function buildContainerSpec(
  pod: KubeObject,
  container: Record<string, any>,
  opts: BuildSpecOptions,
): ContainerSpec {
  const envMap = new Map(opts.env);
  const exp = (s: unknown) => expand(String(s), (n) => envMap.get(n));
  const spec: ContainerSpec = {
    name: opts.name,
    image: String(container.image),
    labels: opts.labels,
    env: opts.env.map(([k, v]) => `${k}=${v}`),
    networkMode: `container:${opts.sandboxId}`,
    binds: opts.binds,
    restartPolicy: 'no',
    ...dockerResources(container),
  };
  if (Array.isArray(container.command)) spec.entrypoint = container.command.map(exp);
  if (Array.isArray(container.args)) spec.cmd = container.args.map(exp);
  // With a command but no args, the image's CMD must not be appended: Docker keeps it unless cmd is set.
  if (spec.entrypoint && !spec.cmd) spec.cmd = [];
  if (container.workingDir) spec.workingDir = String(container.workingDir);
  if (container.tty) spec.tty = true;
  if (container.stdin) spec.openStdin = true;
  if (container.stdin && container.stdinOnce) spec.stdinOnce = true;
  const sc = { ...(pod.spec?.securityContext ?? {}), ...(container.securityContext ?? {}) };
  if (sc.runAsUser !== undefined)
    spec.user = sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser);
  if (container.securityContext?.privileged) spec.privileged = true;
  if (Array.isArray(container.securityContext?.capabilities?.add))
    spec.capAdd = container.securityContext.capabilities.add;
  return spec;
}
