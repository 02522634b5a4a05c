// The container runtime contract the node agent and cluster lifecycle use. docker.ts implements it
// over dockerode; unit tests of controllers and the kubelet use a fake with the same shape.

export interface ContainerSpec {
  /** Docker container name, e.g. k8s_web_web-abc_default_<uid>_0 */
  name: string;
  image: string;
  labels: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  /** KEY=value */
  env?: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  tty?: boolean;
  openStdin?: boolean;
  /** Close stdin after the first attach disconnects (spec.stdinOnce). */
  stdinOnce?: boolean;
  stopSignal?: string;
  /** 'container:<id>' to join a sandbox, or a network name. */
  networkMode?: string;
  /** Static IP on networkMode's network (when it is a user network). */
  ipv4Address?: string;
  networkAliases?: string[];
  /** host:container[:ro] */
  binds?: string[];
  /** host-port bindings: containerPort/proto → [{hostIp, hostPort}] */
  portBindings?: Record<string, { hostIp: string; hostPort: string }[]>;
  extraHosts?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  memoryBytes?: number;
  nanoCpus?: number;
  cpuShares?: number;
  privileged?: boolean;
  /** Restart policy of Docker itself; the kubelet restarts containers, so normally 'no'. */
  restartPolicy?: 'no' | 'unless-stopped' | 'always';
  capAdd?: string[];
  /** 'host' shares the host's PID namespace (node containers enter pod namespaces with nsenter). */
  pidMode?: string;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** sha256:… of the image the container runs */
  imageId: string;
  labels: Record<string, string>;
  state: ContainerState;
  exitCode: number;
  /** RFC 3339, or undefined when never started */
  startedAt?: string;
  finishedAt?: string;
  oomKilled: boolean;
  /** IP addresses by network name */
  ips: Record<string, string>;
  pid?: number;
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
}

export interface LogOptions {
  follow?: boolean;
  tail?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A cumulative resource-use reading of one container; CPU rates come from two of them. */
export interface ContainerUsageSample {
  /** When the engine read it (ms since the epoch). */
  timestampMs: number;
  /** CPU time used since the container started, in nanoseconds. */
  cpuUsageNanos: number;
  /** Usage minus inactive file cache, as the kubelet reports the working set. */
  memoryWorkingSetBytes: number;
}

export interface RuntimeVersion {
  version: string;
  apiVersion: string;
  os: string;
  /** The engine's CPU architecture (e.g. amd64, arm64). */
  arch: string;
  kernelVersion: string;
  operatingSystem: string;
  cgroupVersion?: string;
}

/** Why an image pull failed: the kubelet maps these to ErrImagePull / InvalidImageName. */
export class ImagePullError extends Error {
  constructor(
    readonly image: string,
    readonly reason: 'NotFound' | 'Unreachable' | 'InvalidName' | 'Unauthorized' | 'Other',
    message: string,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}

export interface ContainerRuntime {
  version(): Promise<RuntimeVersion>;
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /** Pulls ref; reports progress lines; throws ImagePullError. */
  pullImage(ref: string, onProgress?: (line: string) => void): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), then SIGKILL after timeoutSeconds. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  removeContainer(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** Containers (running and stopped) whose labels include every given label. */
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  logs(id: string, opts: LogOptions): Promise<NodeJS.ReadableStream>;
  exec(id: string, cmd: string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** Resolves with the exit code when the container stops. */
  waitContainer(id: string): Promise<number>;
  /** One cumulative resource-use sample (metrics); undefined when the container is gone. */
  containerStats?(id: string): Promise<ContainerUsageSample | undefined>;
  /** Interactive exec (kubectl exec): streams stdio, resolves once the process has started. */
  execStream?(id: string, cmd: string[], opts: StreamOptions): Promise<InteractiveSession>;
  /** Attach to a running container's stdio (kubectl attach). */
  attachStream?(id: string, opts: StreamOptions): Promise<InteractiveSession>;
}

export interface StreamOptions {
  stdin: boolean;
  tty: boolean;
}

/** A live exec/attach: stdout/stderr end when the process (or attach) ends. */
export interface InteractiveSession {
  /** Present when opts.stdin; end() closes the process's stdin. */
  stdin?: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
  /** Empty when tty (a terminal merges both). */
  stderr: NodeJS.ReadableStream;
  resize(width: number, height: number): Promise<void>;
  /** After output ends: the exit code for exec, undefined for attach. */
  wait(): Promise<number | undefined>;
  /** Aborts (client went away). */
  close(): void;
}

/** An engine error that is not an image pull failure; statusCode is the engine's HTTP status. */
export class RuntimeError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** exec did not finish within its timeout (an exec probe then fails, as upstream's does). */
export class ExecTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`command timed out after ${timeoutMs}ms`);
    this.name = 'ExecTimeoutError';
  }
}
