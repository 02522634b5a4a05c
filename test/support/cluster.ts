// Test harness: a throwaway cluster (temporary KUBEDECK_HOME and KUBECONFIG) driven through the real
// CLI, plus the real versioned kubectl binaries.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin/kubedeck.mjs');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with a hard time bound; never throws on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env: opts.env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024, cwd: opts.cwd },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Directory that holds kubectl.1.27 … kubectl.1.33 (beside the real path of `kubectl`). */
export function kubectlDir(): string | undefined {
  try {
    const which = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    return path.dirname(realpathSync(which));
  } catch {
    return undefined;
  }
}

export function kubectlBinary(version: string): string {
  const dir = kubectlDir();
  const bin = dir && path.join(dir, `kubectl.${version}`);
  if (!bin || !existsSync(bin))
    throw new Error(`kubectl.${version} not found beside kubectl; conformance tests need the real binaries`);
  return bin;
}

export class TestCluster {
  readonly home: string;
  readonly kubeconfig: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly name = 'kubedeck') {
    this.home = mkdtempSync(path.join(tmpdir(), 'kubedeck-test-'));
    this.kubeconfig = path.join(this.home, 'kube', 'config');
    this.env = {
      ...process.env,
      KUBEDECK_HOME: this.home,
      KUBECONFIG: this.kubeconfig,
      HOME: this.home, // keeps kubectl's discovery cache out of the real home
    };
  }

  cli(args: string[], timeoutMs = 60_000): Promise<RunResult> {
    return run(process.execPath, [CLI, ...args], { env: this.env, timeoutMs });
  }

  async start(extra: string[] = []): Promise<RunResult> {
    const r = await this.cli(['start', '--name', this.name, '--nodes', '0', ...extra]);
    if (r.code !== 0)
      throw new Error(`kubedeck start failed (${r.code}):\n${r.stdout}\n${r.stderr}\n${this.daemonLog()}`);
    return r;
  }

  stop(): Promise<RunResult> {
    return this.cli(['stop', '--name', this.name]);
  }

  async destroy(): Promise<void> {
    await this.cli(['delete', '--name', this.name]).catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }

  stateDir(): string {
    return path.join(this.home, 'clusters', this.name);
  }

  daemonLog(): string {
    const f = path.join(this.stateDir(), 'daemon.log');
    return existsSync(f) ? readFileSync(f, 'utf8').split('\n').slice(-40).join('\n') : '(no daemon.log)';
  }

  lock(): { pid: number; url: string; port: number } {
    return JSON.parse(readFileSync(path.join(this.stateDir(), 'lock'), 'utf8'));
  }

  token(): string {
    return readFileSync(path.join(this.stateDir(), 'token'), 'utf8').trim();
  }

  caCert(): string {
    return readFileSync(path.join(this.stateDir(), 'pki', 'ca.crt'), 'utf8');
  }

  kubectl(
    version: string,
    args: string[],
    opts: { input?: string; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    return run(kubectlBinary(version), args, {
      env: this.env,
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? 60_000,
    });
  }

  /** Starts a long-running kubectl (e.g. `get -w`) and collects its output until stopped. */
  kubectlStream(version: string, args: string[]): { output: () => string; stop: () => void } {
    const child = spawn(kubectlBinary(version), args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    return {
      output: () => out,
      stop: () => {
        clearTimeout(killer);
        child.kill('SIGTERM');
      },
    };
  }
}

/** Polls until fn returns a truthy value or the bound is reached. */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  what: string,
  timeoutMs = 20_000,
  stepMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let i = 0; i < 10_000 && Date.now() < deadline; i++) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}
