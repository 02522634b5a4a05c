// ContainerRuntime over the Docker Engine API (dockerode), plus the network/image helpers the
// cluster lifecycle needs. Engine errors become RuntimeError / ImagePullError with the engine's
// own message; a 404 on inspect means "absent" (undefined), not an error.
import type Docker from 'dockerode';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { FrameParser, demuxBuffer, demuxMerged } from './demux.js';
import { dockerAttachStream, dockerExecStream } from './docker-streams.js';
import { pullFailure, splitImageRef } from './images.js';
import {
  ExecTimeoutError,
  ImagePullError,
  RuntimeError,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerState,
  type ContainerUsageSample,
  type ExecResult,
  type ImageInfo,
  type InteractiveSession,
  type StreamOptions,
  type LogOptions,
  type RuntimeVersion,
} from './types.js';

export interface DockerRuntimeOptions {
  /** Unix socket path; default from DOCKER_HOST (unix://…) or /var/run/docker.sock. */
  socketPath?: string;
  /** Upper bound for one pull; no registry answering must not hang a pod. Default 30 s. */
  pullTimeoutMs?: number;
}

export interface NetworkInfo {
  id: string;
  name: string;
  subnet?: string;
  gateway?: string;
  labels: Record<string, string>;
}

export interface ContainerStats {
  /** CPU use in nanocores over the engine's sampling interval (~1 s). */
  cpuNanoCores: number;
  /** usage minus inactive file cache, as the kubelet reports working set. */
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
}

export interface LabeledImageInfo extends ImageInfo {
  labels: Record<string, string>;
  created: number;
}

const NEVER = '0001-01-01T00:00:00Z';

function engineMessage(err: unknown): { message: string; status?: number } {
  const e = err as {
    statusCode?: number;
    json?: { message?: string } | null;
    reason?: string;
    message?: string;
  };
  const message = e?.json?.message ?? e?.message ?? String(err);
  return { message: message.replace(/^\(HTTP code \d+\) [^-]+- /, '').trim(), status: e?.statusCode };
}

function wrap(err: unknown, what: string): RuntimeError {
  const { message, status } = engineMessage(err);
  return new RuntimeError(`${what}: ${message}`, status);
}

function status(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

function labelFilter(labels: Record<string, string>): string {
  return JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });
}

function defaultSocket(): string {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return '/var/run/docker.sock';
}

/** Reads a JSON-lines progress stream; rejects on the first {error} line. */
async function followJsonLines(stream: NodeJS.ReadableStream, onLine?: (obj: any) => void): Promise<any[]> {
  const out: any[] = [];
  let rest = '';
  const handle = (line: string) => {
    if (!line.trim()) return;
    let obj: any;
    try {
      obj = JSON.parse(line);
    } catch {
      return;
    }
    if (obj.error || obj.errorDetail) throw new Error(obj.errorDetail?.message ?? obj.error);
    out.push(obj);
    onLine?.(obj);
  };
  for await (const c of stream) {
    rest += c.toString();
    const lines = rest.split('\n');
    rest = lines.pop()!;
    lines.forEach(handle);
  }
  handle(rest);
  return out;
}

let dockerode: typeof Docker | undefined;

/**
 * Hands in the dockerode constructor. The node agent's bundle does (dockerode is bundled there);
 * everywhere else it is required on first use, so processes that never talk to the engine (the
 * control plane until someone asks for logs, `kubedeck status`) do not pay for loading it.
 */
export function useDockerode(ctor: typeof Docker): void {
  dockerode = ctor;
}

function dockerodeCtor(): typeof Docker {
  dockerode ??= createRequire(import.meta.url)('dockerode') as typeof Docker;
  return dockerode;
}

export class DockerRuntime implements ContainerRuntime {
  private client?: Docker;
  private readonly socketPath: string;
  private readonly pullTimeoutMs: number;

  constructor(opts: DockerRuntimeOptions = {}) {
    this.socketPath = opts.socketPath ?? defaultSocket();
    this.pullTimeoutMs = opts.pullTimeoutMs ?? 30_000;
  }

  /** The dockerode client, created on first use. */
  get docker(): Docker {
    this.client ??= new (dockerodeCtor())({ socketPath: this.socketPath });
    return this.client;
  }

  async version(): Promise<RuntimeVersion> {
    try {
      const [v, info] = await Promise.all([this.docker.version(), this.docker.info()]);
      return {
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
        kernelVersion: v.KernelVersion,
        operatingSystem: info.OperatingSystem,
        cgroupVersion: info.CgroupVersion,
      };
    } catch (err) {
      throw wrap(err, 'docker engine');
    }
  }

  // ---- images ----

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return { id: i.Id, repoTags: i.RepoTags ?? [], repoDigests: i.RepoDigests ?? [] };
    } catch (err) {
      if (status(err) === 404) return undefined;
      // An unparsable reference cannot exist locally.
      if (status(err) === 400) return undefined;
      throw wrap(err, `inspect image ${ref}`);
    }
  }

  async pullImage(ref: string, onProgress?: (line: string) => void): Promise<void> {
    const parts = splitImageRef(ref);
    if (!parts) throw new ImagePullError(ref, 'InvalidName', `invalid reference format: ${ref}`);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.pullTimeoutMs);
    try {
      const stream = await this.docker.createImage({
        // An empty tag would pull every tag of the repository: always name one.
        ...(parts.digest
          ? { fromImage: `${parts.repo}@${parts.digest}` }
          : { fromImage: parts.repo, tag: parts.tag }),
        abortSignal: abort.signal,
      });
      await followJsonLines(stream, (o) =>
        onProgress?.([o.id, o.status, o.progress].filter(Boolean).join(' ')),
      );
    } catch (err) {
      if (abort.signal.aborted) {
        throw new ImagePullError(
          ref,
          'Unreachable',
          `pull of ${ref} timed out after ${this.pullTimeoutMs}ms`,
        );
      }
      const { message, status: code } = engineMessage(err);
      throw pullFailure(ref, message, code);
    } finally {
      clearTimeout(timer);
    }
  }

  async listImages(labels: Record<string, string>): Promise<LabeledImageInfo[]> {
    try {
      const list = await this.docker.listImages({ filters: labelFilter(labels) } as Docker.ListImagesOptions);
      return list.map((i) => ({
        id: i.Id,
        repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        repoDigests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
        labels: i.Labels ?? {},
        created: i.Created,
      }));
    } catch (err) {
      throw wrap(err, 'list images');
    }
  }

  /** Labels of a local image, or undefined when it is absent. */
  async imageLabels(ref: string): Promise<Record<string, string> | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return i.Config?.Labels ?? {};
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw wrap(err, `inspect image ${ref}`);
    }
  }

  async removeImage(ref: string, opts: { force?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ force: opts.force ?? false });
    } catch (err) {
      if (status(err) === 404) return;
      throw wrap(err, `remove image ${ref}`);
    }
  }

  async tagImage(source: string, target: string): Promise<void> {
    const parts = splitImageRef(target);
    if (!parts || parts.digest) throw new RuntimeError(`cannot tag as ${target}`);
    try {
      await this.docker.getImage(source).tag({ repo: parts.repo, tag: parts.tag });
    } catch (err) {
      throw wrap(err, `tag ${source} as ${target}`);
    }
  }

  /** `docker import`: a rootfs tar (path or stream) becomes image `ref`; changes are Dockerfile lines. */
  async importImage(
    tar: string | NodeJS.ReadableStream,
    ref: string,
    changes: string[] = [],
  ): Promise<string> {
    const parts = splitImageRef(ref);
    if (!parts || parts.digest) throw new RuntimeError(`cannot import as ${ref}`);
    try {
      const stream: NodeJS.ReadableStream = await (this.docker.importImage as any).call(this.docker, tar, {
        repo: parts.repo,
        tag: parts.tag,
        changes,
      });
      const lines = await followJsonLines(stream);
      const id = lines.map((l) => l.status).find((s) => typeof s === 'string' && s.startsWith('sha256:'));
      return id ?? (await this.inspectImage(ref))?.id ?? '';
    } catch (err) {
      throw wrap(err, `import ${ref}`);
    }
  }

  /** `docker build` from a directory or a context tar stream; resolves with the image id. */
  async buildImage(
    context: string | NodeJS.ReadableStream,
    tag: string,
    labels: Record<string, string>,
    onProgress?: (line: string) => void,
    opts: { dockerfile?: string; buildArgs?: Record<string, string> } = {},
  ): Promise<string> {
    const options: Record<string, unknown> = {
      t: tag,
      labels,
      rm: true,
      forcerm: true,
      // Never reach for a registry: base images must already be local.
      pull: false,
      ...(opts.dockerfile ? { dockerfile: opts.dockerfile } : {}),
      ...(opts.buildArgs ? { buildargs: opts.buildArgs } : {}),
    };
    try {
      const src = typeof context === 'string' ? { context, src: ['.'] } : context;
      const stream: NodeJS.ReadableStream = await (this.docker.buildImage as any).call(
        this.docker,
        src,
        options,
      );
      let id = '';
      await followJsonLines(stream, (o) => {
        if (o.aux?.ID) id = o.aux.ID;
        if (typeof o.stream === 'string' && o.stream.trim()) onProgress?.(o.stream.trimEnd());
      });
      return id || (await this.inspectImage(tag))?.id || '';
    } catch (err) {
      throw wrap(err, `build ${tag}`);
    }
  }

  // ---- containers ----

  async createContainer(spec: ContainerSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    for (const port of Object.keys(spec.portBindings ?? {})) exposed[port] = {};
    const userNetwork =
      spec.networkMode && !/^(container:|host$|none$|bridge$|default$)/.test(spec.networkMode)
        ? spec.networkMode
        : undefined;
    const endpoint =
      userNetwork && (spec.ipv4Address || spec.networkAliases?.length)
        ? {
            EndpointsConfig: {
              [userNetwork]: {
                ...(spec.ipv4Address ? { IPAMConfig: { IPv4Address: spec.ipv4Address } } : {}),
                ...(spec.networkAliases?.length ? { Aliases: spec.networkAliases } : {}),
              },
            },
          }
        : undefined;
    const options: Docker.ContainerCreateOptions = {
      name: spec.name,
      Image: spec.image,
      Labels: spec.labels,
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Env: spec.env,
      WorkingDir: spec.workingDir,
      User: spec.user,
      Hostname: spec.hostname,
      Tty: spec.tty ?? false,
      OpenStdin: spec.openStdin ?? false,
      StdinOnce: spec.stdinOnce ?? false,
      StopSignal: spec.stopSignal,
      ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
      HostConfig: {
        NetworkMode: spec.networkMode,
        Binds: spec.binds,
        PortBindings: spec.portBindings
          ? Object.fromEntries(
              Object.entries(spec.portBindings).map(([k, v]) => [
                k,
                v.map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort })),
              ]),
            )
          : undefined,
        ExtraHosts: spec.extraHosts,
        Dns: spec.dns,
        DnsSearch: spec.dnsSearch,
        DnsOptions: spec.dnsOptions,
        Memory: spec.memoryBytes,
        NanoCpus: spec.nanoCpus,
        CpuShares: spec.cpuShares,
        Privileged: spec.privileged,
        RestartPolicy: { Name: spec.restartPolicy ?? 'no' },
        CapAdd: spec.capAdd,
        PidMode: spec.pidMode,
      },
      NetworkingConfig: endpoint,
    };
    try {
      const c = await this.docker.createContainer(options);
      return c.id;
    } catch (err) {
      throw wrap(err, `create container ${spec.name}`);
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (status(err) === 304) return; // already running
      throw wrap(err, `start container ${id}`);
    }
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.round(timeoutSeconds)) });
    } catch (err) {
      if (status(err) === 304) return; // already stopped
      throw wrap(err, `stop container ${id}`);
    }
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (err) {
      const { message } = engineMessage(err);
      if (status(err) === 409 && /is not running/.test(message)) return;
      throw wrap(err, `kill container ${id}`);
    }
  }

  /** Idempotent: removing a container that is already gone succeeds. */
  async removeContainer(id: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: opts.force ?? false, v: opts.volumes ?? false });
    } catch (err) {
      if (status(err) === 404) return;
      const { message } = engineMessage(err);
      if (status(err) === 409 && /already in progress/.test(message)) return;
      throw wrap(err, `remove container ${id}`);
    }
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    let c: Docker.ContainerInspectInfo;
    try {
      c = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw wrap(err, `inspect container ${id}`);
    }
    const ips: Record<string, string> = {};
    for (const [net, ep] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      if (ep?.IPAddress) ips[net] = ep.IPAddress;
    }
    return {
      id: c.Id,
      name: c.Name.replace(/^\//, ''),
      image: c.Config.Image,
      imageId: c.Image,
      labels: c.Config.Labels ?? {},
      state: c.State.Status as ContainerState,
      exitCode: c.State.ExitCode,
      startedAt: c.State.StartedAt && c.State.StartedAt !== NEVER ? c.State.StartedAt : undefined,
      finishedAt: c.State.FinishedAt && c.State.FinishedAt !== NEVER ? c.State.FinishedAt : undefined,
      oomKilled: c.State.OOMKilled,
      ips,
      pid: c.State.Pid || undefined,
    };
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    let list: { Id: string; State: string }[];
    try {
      list = await this.docker.listContainers({ all: true, filters: labelFilter(labels) });
    } catch (err) {
      throw wrap(err, 'list containers');
    }
    // Full inspect for exit codes and timestamps; a container removed meanwhile is skipped.
    // Inspect results are reused while a container's state is unchanged: a running container's
    // start time and an exited container's exit code do not change, so the kubelet's frequent
    // re-lists cost one engine call instead of one per container.
    const infos = await Promise.all(
      list.map(async (c) => {
        const key = `${c.Id}:${c.State}`;
        const hit = this.inspectCache.get(key);
        if (hit) return structuredClone(hit);
        const info = await this.inspectContainer(c.Id);
        if (info && info.state === c.State) {
          if (this.inspectCache.size >= 4096)
            this.inspectCache.delete(this.inspectCache.keys().next().value!);
          this.inspectCache.set(key, structuredClone(info));
        }
        return info;
      }),
    );
    return infos.filter((i): i is ContainerInfo => i !== undefined);
  }

  private readonly inspectCache = new Map<string, ContainerInfo>();

  async logs(id: string, opts: LogOptions): Promise<NodeJS.ReadableStream> {
    const container = this.docker.getContainer(id);
    let tty: boolean;
    try {
      tty = (await container.inspect()).Config.Tty;
    } catch (err) {
      throw wrap(err, `logs of ${id}`);
    }
    const query = {
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps ?? false,
      // 'all' is the engine's "no limit"; the typings only admit numbers.
      tail: (opts.tail !== undefined && opts.tail >= 0 ? opts.tail : 'all') as number,
      since: opts.sinceSeconds ? Math.floor(Date.now() / 1000) - opts.sinceSeconds : 0,
    };
    try {
      if (!opts.follow) {
        const buf = await container.logs({ ...query, follow: false });
        return Readable.from([tty ? buf : Buffer.from(demuxBuffer(buf).merged)]);
      }
      const raw = await container.logs({ ...query, follow: true });
      if (tty) return raw;
      const out = demuxMerged();
      (raw as Readable).on('error', (e) => out.destroy(e));
      // Destroying the returned stream (client went away) closes the engine connection too.
      out.on('close', () => (raw as Readable).destroy());
      return (raw as Readable).pipe(out);
    } catch (err) {
      throw wrap(err, `logs of ${id}`);
    }
  }

  async exec(id: string, cmd: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    let exec: Docker.Exec;
    let stream: NodeJS.ReadWriteStream;
    try {
      exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
      stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream;
    } catch (err) {
      throw wrap(err, `exec in ${id}`);
    }
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    const parser = new FrameParser((kind, payload) =>
      (kind === 'stderr' ? errOut : out).push(Buffer.from(payload)),
    );
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => {
        try {
          parser.push(c);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (opts.timeoutMs)
        timer = setTimeout(() => reject(new ExecTimeoutError(opts.timeoutMs!)), opts.timeoutMs);
    });
    try {
      await Promise.race([done, timeout]);
    } catch (err) {
      (stream as unknown as Readable).destroy();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    // The exit code is recorded a moment after the output stream ends.
    let info = await exec.inspect();
    for (let i = 0; info.Running && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 10));
      info = await exec.inspect();
    }
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(errOut).toString('utf8'),
    };
  }

  async execStream(id: string, cmd: string[], opts: StreamOptions): Promise<InteractiveSession> {
    try {
      return await dockerExecStream(this.docker, id, cmd, opts);
    } catch (err) {
      throw wrap(err, `exec in ${id}`);
    }
  }

  async attachStream(id: string, opts: StreamOptions): Promise<InteractiveSession> {
    try {
      return await dockerAttachStream(this.docker, id, opts);
    } catch (err) {
      throw wrap(err, `attach to ${id}`);
    }
  }

  async waitContainer(id: string): Promise<number> {
    try {
      const r = await this.docker.getContainer(id).wait();
      return r.StatusCode;
    } catch (err) {
      throw wrap(err, `wait for ${id}`);
    }
  }

  /** One-shot resource use (the engine samples twice, ~1 s apart, to compute the CPU rate). */
  async stats(id: string): Promise<ContainerStats> {
    let s: any;
    try {
      s = await this.docker.getContainer(id).stats({ stream: false });
    } catch (err) {
      throw wrap(err, `stats of ${id}`);
    }
    const cpuDelta =
      (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
    const sysDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
    const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
    const cpuNanoCores = cpuDelta > 0 && sysDelta > 0 ? Math.round((cpuDelta / sysDelta) * cpus * 1e9) : 0;
    const usage = s.memory_stats?.usage ?? 0;
    const st = s.memory_stats?.stats ?? {};
    const inactive = st.total_inactive_file ?? st.inactive_file ?? 0;
    return {
      cpuNanoCores,
      memoryUsageBytes: usage,
      memoryWorkingSetBytes: Math.max(0, usage - inactive),
      memoryLimitBytes: s.memory_stats?.limit ?? 0,
    };
  }

  /**
   * One cumulative sample without the engine's ~1 s second read ('one-shot'), so a metrics
   * collector can compute CPU rates between its own periodic samples. undefined when gone.
   */
  async containerStats(id: string): Promise<ContainerUsageSample | undefined> {
    let s: any;
    try {
      // 'one-shot' is an engine query flag dockerode passes through but does not type.
      const opts = { stream: false, 'one-shot': true } as { stream: false };
      s = await this.docker.getContainer(id).stats(opts);
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw wrap(err, `stats of ${id}`);
    }
    const read = Date.parse(s?.read ?? '');
    const usage = s?.memory_stats?.usage ?? 0;
    const st = s?.memory_stats?.stats ?? {};
    const inactive = st.total_inactive_file ?? st.inactive_file ?? 0;
    return {
      timestampMs: Number.isFinite(read) && read > 0 ? read : Date.now(),
      cpuUsageNanos: s?.cpu_stats?.cpu_usage?.total_usage ?? 0,
      memoryWorkingSetBytes: Math.max(0, usage - inactive),
    };
  }

  // ---- networks ----

  async createNetwork(
    name: string,
    opts: { subnet?: string; gateway?: string; labels: Record<string, string> },
  ): Promise<NetworkInfo> {
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: opts.labels,
        IPAM: opts.subnet
          ? {
              Driver: 'default',
              Config: [{ Subnet: opts.subnet, ...(opts.gateway ? { Gateway: opts.gateway } : {}) }],
            }
          : undefined,
      });
    } catch (err) {
      throw wrap(err, `create network ${name}`);
    }
    const info = await this.inspectNetwork(name);
    if (!info) throw new RuntimeError(`network ${name} vanished right after creation`);
    return info;
  }

  async inspectNetwork(name: string): Promise<NetworkInfo | undefined> {
    try {
      const n = await this.docker.getNetwork(name).inspect();
      return toNetworkInfo(n);
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw wrap(err, `inspect network ${name}`);
    }
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (err) {
      if (status(err) === 404) return;
      throw wrap(err, `remove network ${name}`);
    }
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkInfo[]> {
    try {
      const list: any[] = await this.docker.listNetworks({
        filters: labelFilter(labels),
      } as Docker.NetworkListOptions);
      return list.map(toNetworkInfo);
    } catch (err) {
      throw wrap(err, 'list networks');
    }
  }
}

function toNetworkInfo(n: any): NetworkInfo {
  const cfg = n.IPAM?.Config?.[0] ?? {};
  return { id: n.Id, name: n.Name, subnet: cfg.Subnet, gateway: cfg.Gateway, labels: n.Labels ?? {} };
}
