// In-memory ContainerRuntime for fast unit tests of the kubelet and controllers. Containers follow
// per-image scripts (exit after a delay, ignore SIGTERM, OOM, log lines, exec answers); time comes
// from setTimeout (so vitest fake timers drive it) and an injectable clock for timestamps.
/* eslint-disable @typescript-eslint/require-await -- async so every method, like the real runtime's, reports failures as rejections */
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { splitImageRef } from './images.js';
import {
  ImagePullError,
  RuntimeError,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerUsageSample,
  type ExecResult,
  type ImageInfo,
  type InteractiveSession,
  type LogOptions,
  type StreamOptions,
  type RuntimeVersion,
} from './types.js';

export interface ContainerScript {
  /** Exit on its own this long after start (never, when undefined). */
  exitAfterMs?: number;
  /** Exit code of that exit (default 0). */
  exitCode?: number;
  /** That exit is an OOM kill (exit code 137, oomKilled true). */
  oomKilled?: boolean;
  /** SIGTERM does nothing: stop waits for its timeout, then SIGKILL (137). */
  ignoreSigterm?: boolean;
  /** Exit code on SIGTERM when not ignored (default 143, like an unhandled SIGTERM). */
  sigtermExitCode?: number;
  /** Lines written to the log at start. */
  logs?: string[];
  /** Answer to exec; default exit code 0 and no output. */
  exec?: (cmd: string[]) => ExecResult;
}

interface FakeContainer {
  info: ContainerInfo;
  spec: ContainerSpec;
  script: ContainerScript;
  log: { at: string; line: string }[];
  followers: Set<PassThrough>;
  timers: NodeJS.Timeout[];
  waiters: ((code: number) => void)[];
}

export interface FakeCall {
  op: string;
  args: unknown[];
}

export class FakeRuntime implements ContainerRuntime {
  readonly calls: FakeCall[] = [];
  private readonly images = new Map<string, ImageInfo>();
  /** Images a pull can fetch; anything else fails with NotFound (or the reason set by failPull). */
  private readonly registry = new Set<string>();
  private readonly pullFailures = new Map<string, ImagePullError['reason']>();
  private readonly scripts = new Map<string, ContainerScript>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly now: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
  }

  // ---- test controls ----

  addImage(ref: string): ImageInfo {
    const info = {
      id: `sha256:${randomBytes(32).toString('hex')}`,
      repoTags: [normalize(ref)],
      repoDigests: [],
    };
    this.images.set(normalize(ref), info);
    return info;
  }

  addToRegistry(ref: string): void {
    this.registry.add(normalize(ref));
  }

  failPull(ref: string, reason: ImagePullError['reason']): void {
    this.pullFailures.set(normalize(ref), reason);
  }

  script(image: string, script: ContainerScript): void {
    this.scripts.set(normalize(image), script);
  }

  /** Makes a running container exit now, as if its process ended. */
  exit(id: string, exitCode: number, opts: { oomKilled?: boolean } = {}): void {
    this.finish(this.get(id), exitCode, opts.oomKilled ?? false);
  }

  // ---- ContainerRuntime ----

  async version(): Promise<RuntimeVersion> {
    this.record('version');
    return {
      version: '0.0.0-fake',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
      kernelVersion: 'fake',
      operatingSystem: 'FakeOS',
    };
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    this.record('inspectImage', ref);
    return this.images.get(normalize(ref));
  }

  async pullImage(ref: string, onProgress?: (line: string) => void): Promise<void> {
    this.record('pullImage', ref);
    const key = normalize(ref);
    if (!splitImageRef(ref)) throw new ImagePullError(ref, 'InvalidName', `invalid reference format: ${ref}`);
    const reason = this.pullFailures.get(key) ?? (this.registry.has(key) ? undefined : 'NotFound');
    if (reason) throw new ImagePullError(ref, reason, `fake pull of ${ref} failed: ${reason}`);
    onProgress?.(`Pulling ${ref}`);
    if (!this.images.has(key)) this.addImage(key);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.record('createContainer', spec);
    const image = this.images.get(normalize(spec.image));
    if (!image) throw new RuntimeError(`No such image: ${spec.image}`, 404);
    for (const c of this.containers.values()) {
      if (c.info.name === spec.name)
        throw new RuntimeError(`Conflict. The container name "/${spec.name}" is already in use`, 409);
    }
    const id = randomBytes(32).toString('hex');
    this.containers.set(id, {
      info: {
        id,
        name: spec.name,
        image: spec.image,
        imageId: image.id,
        labels: { ...spec.labels },
        state: 'created',
        exitCode: 0,
        oomKilled: false,
        ips: {},
      },
      spec,
      script: this.scripts.get(normalize(spec.image)) ?? {},
      log: [],
      followers: new Set(),
      timers: [],
      waiters: [],
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.record('startContainer', id);
    const c = this.get(id);
    if (c.info.state === 'running') return;
    Object.assign(c.info, {
      state: 'running',
      startedAt: this.iso(),
      finishedAt: undefined,
      exitCode: 0,
      oomKilled: false,
      pid: 1000 + this.containers.size,
    });
    if (c.spec.networkMode && !c.spec.networkMode.startsWith('container:')) {
      c.info.ips = { [c.spec.networkMode]: c.spec.ipv4Address ?? `10.${this.containers.size % 250}.0.2` };
    }
    for (const line of c.script.logs ?? []) this.write(c, line);
    const { exitAfterMs } = c.script;
    if (exitAfterMs !== undefined) {
      c.timers.push(
        setTimeout(
          () => this.finish(c, c.script.oomKilled ? 137 : (c.script.exitCode ?? 0), !!c.script.oomKilled),
          exitAfterMs,
        ),
      );
    }
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    this.record('stopContainer', id, timeoutSeconds);
    const c = this.get(id);
    if (c.info.state !== 'running') return;
    if (!c.script.ignoreSigterm) return this.finish(c, c.script.sigtermExitCode ?? 143, false);
    await new Promise<void>((resolve) => {
      c.timers.push(setTimeout(() => resolve(), timeoutSeconds * 1000));
      c.waiters.push(() => resolve());
    });
    if (c.info.state === 'running') this.finish(c, 137, false);
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    this.record('killContainer', id, signal);
    const c = this.get(id);
    if (c.info.state !== 'running') return;
    if (signal === 'SIGKILL' || signal === 'KILL') this.finish(c, 137, false);
    else if ((signal === 'SIGTERM' || signal === 'TERM') && !c.script.ignoreSigterm)
      this.finish(c, c.script.sigtermExitCode ?? 143, false);
  }

  async removeContainer(id: string, opts: { force?: boolean } = {}): Promise<void> {
    this.record('removeContainer', id, opts);
    const c = this.containers.get(id);
    if (!c) return;
    if (c.info.state === 'running') {
      if (!opts.force)
        throw new RuntimeError(
          `You cannot remove a running container ${id}. Stop the container before attempting removal or force remove`,
          409,
        );
      this.finish(c, 137, false);
    }
    this.containers.delete(id);
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    this.record('inspectContainer', id);
    const c = this.find(id);
    return c && structuredClone(c.info);
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    this.record('listContainers', labels);
    return [...this.containers.values()]
      .filter((c) => Object.entries(labels).every(([k, v]) => c.info.labels[k] === v))
      .map((c) => structuredClone(c.info));
  }

  async logs(id: string, opts: LogOptions): Promise<NodeJS.ReadableStream> {
    this.record('logs', id, opts);
    const c = this.get(id);
    const since = opts.sinceSeconds ? this.now() - opts.sinceSeconds * 1000 : -Infinity;
    let lines = c.log.filter((l) => Date.parse(l.at) >= since);
    if (opts.tail !== undefined && opts.tail >= 0) lines = lines.slice(Math.max(0, lines.length - opts.tail));
    const text = lines.map((l) => format(l, opts.timestamps));
    if (!opts.follow || c.info.state !== 'running') return Readable.from(text.length ? [text.join('')] : []);
    const out = new PassThrough();
    for (const t of text) out.write(t);
    (out as PassThrough & { timestamps?: boolean }).timestamps = opts.timestamps;
    c.followers.add(out);
    out.on('close', () => c.followers.delete(out));
    return out;
  }

  async exec(id: string, cmd: string[]): Promise<ExecResult> {
    this.record('exec', id, cmd);
    const c = this.get(id);
    if (c.info.state !== 'running') throw new RuntimeError(`Container ${id} is not running`, 409);
    return c.script.exec?.(cmd) ?? { exitCode: 0, stdout: '', stderr: '' };
  }

  /** Interactive exec: answers with the script's exec result once stdin (if any) has ended. */
  async execStream(id: string, cmd: string[], opts: StreamOptions): Promise<InteractiveSession> {
    this.record('execStream', id, cmd, opts);
    const c = this.get(id);
    if (c.info.state !== 'running') throw new RuntimeError(`Container ${id} is not running`, 409);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = opts.stdin ? new PassThrough() : undefined;
    const answer = () => {
      const r = c.script.exec?.(cmd) ?? { exitCode: 0, stdout: '', stderr: '' };
      stdout.end(r.stdout);
      stderr.end(opts.tty ? undefined : r.stderr);
      return r.exitCode;
    };
    const code = stdin
      ? new Promise<number>((resolve) => {
          stdin.resume();
          stdin.on('end', () => resolve(answer()));
        })
      : Promise.resolve(answer());
    return {
      stdin,
      stdout,
      stderr,
      resize: async (w, h) => void this.record('resize', id, w, h),
      wait: () => code,
      close: () => stdin?.end(),
    };
  }

  /** Attach: streams the container's log lines written from now on until it stops. */
  async attachStream(id: string, opts: StreamOptions): Promise<InteractiveSession> {
    this.record('attachStream', id, opts);
    const c = this.get(id);
    if (c.info.state !== 'running') throw new RuntimeError(`Container ${id} is not running`, 409);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stderr.end();
    c.followers.add(stdout);
    stdout.on('close', () => c.followers.delete(stdout));
    return {
      stdin: opts.stdin ? new PassThrough().resume() : undefined,
      stdout,
      stderr,
      resize: async () => undefined,
      wait: () => new Promise((resolve) => stdout.on('end', () => resolve(undefined))),
      close: () => stdout.end(),
    };
  }

  /** Cumulative CPU integrates the rate set by setUsage over this runtime's clock. */
  async containerStats(id: string): Promise<ContainerUsageSample | undefined> {
    this.record('containerStats', id);
    const c = this.find(id);
    if (!c) return undefined;
    const u = this.usage.get(c.info.id) ?? { rate: 0, cpu: 0, at: this.now(), mem: 0 };
    const now = this.now();
    return {
      timestampMs: now,
      cpuUsageNanos: Math.round(u.cpu + (u.rate * (now - u.at)) / 1000),
      memoryWorkingSetBytes: u.mem,
    };
  }

  async waitContainer(id: string): Promise<number> {
    this.record('waitContainer', id);
    const c = this.get(id);
    if (c.info.state !== 'running') return c.info.exitCode;
    return new Promise((resolve) => c.waiters.push(resolve));
  }

  private readonly usage = new Map<string, { rate: number; cpu: number; at: number; mem: number }>();

  /** Test control: from now on the container uses cpuNanoCores and memoryBytes. */
  setUsage(id: string, cpuNanoCores: number, memoryBytes: number): void {
    const c = this.get(id);
    const now = this.now();
    const u = this.usage.get(c.info.id);
    const cpu = u ? u.cpu + (u.rate * (now - u.at)) / 1000 : 0;
    this.usage.set(c.info.id, { rate: cpuNanoCores, cpu, at: now, mem: memoryBytes });
  }

  // ---- internals ----

  private record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private find(id: string): FakeContainer | undefined {
    return (
      this.containers.get(id) ??
      [...this.containers.values()].find((c) => c.info.name === id || c.info.id.startsWith(id))
    );
  }

  private get(id: string): FakeContainer {
    const c = this.find(id);
    if (!c) throw new RuntimeError(`No such container: ${id}`, 404);
    return c;
  }

  private write(c: FakeContainer, line: string): void {
    const entry = { at: this.iso(), line: line.endsWith('\n') ? line : `${line}\n` };
    c.log.push(entry);
    for (const f of c.followers)
      f.write(format(entry, (f as PassThrough & { timestamps?: boolean }).timestamps));
  }

  private finish(c: FakeContainer, exitCode: number, oomKilled: boolean): void {
    if (c.info.state !== 'running') return;
    c.timers.forEach(clearTimeout);
    c.timers = [];
    Object.assign(c.info, {
      state: 'exited',
      exitCode,
      oomKilled,
      finishedAt: this.iso(),
      pid: undefined,
      ips: {},
    });
    for (const f of c.followers) f.end();
    c.followers.clear();
    const waiters = c.waiters.splice(0);
    waiters.forEach((w) => w(exitCode));
  }
}

function format(entry: { at: string; line: string }, timestamps?: boolean): string {
  return timestamps ? `${entry.at} ${entry.line}` : entry.line;
}

/** nginx and nginx:latest name the same image. */
function normalize(ref: string): string {
  const p = splitImageRef(ref);
  if (!p) return ref;
  return p.digest ? `${p.repo}@${p.digest}` : `${p.repo}:${p.tag}`;
}
