// Human output: progress steps with durations on stderr; data (status, kubeconfig, JSON) on stdout.
import type { Reporter } from '../cluster/reporter.js';
import type { ClusterStatus } from '../cluster/status.js';
import { nameFlag } from '../contract/index.js';

export class ConsoleReporter implements Reporter {
  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  async step<T>(label: string, fn: () => Promise<T> | T, done?: (result: T) => string): Promise<T> {
    const started = performance.now();
    const tty = Boolean(this.out.isTTY);
    if (tty) this.out.write(`• ${label} …`);
    const clear = tty ? '\r\x1b[2K' : '';
    try {
      const result = await fn();
      this.out.write(`${clear}✓ ${done ? done(result) : label} (${ms(started)})\n`);
      return result;
    } catch (err) {
      this.out.write(`${clear}✗ ${label} (${ms(started)})\n`);
      throw err;
    }
  }

  info(line: string): void {
    this.out.write(line + '\n');
  }
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = d
    ? [`${d}d`, `${h}h`, `${m}m`]
    : h
      ? [`${h}h`, `${m}m`, `${s}s`]
      : m
        ? [`${m}m`, `${s}s`]
        : [`${s}s`];
  return parts.join(' ');
}

export function formatStatus(s: ClusterStatus): string {
  const rows: [string, string | undefined][] = [
    ['Cluster', s.name],
    ['Status', s.status],
    ['API', s.url],
    ['PID', s.pid?.toString()],
    ['Uptime', s.uptimeSeconds !== undefined ? formatDuration(s.uptimeSeconds) : undefined],
    ['Nodes', s.status === 'absent' ? undefined : `${s.nodes} worker${s.nodes === 1 ? '' : 's'}`],
    ['Context', s.status === 'absent' ? undefined : s.context],
    ['State', s.status === 'absent' ? undefined : s.stateDir],
    ['Note', s.staleLock ? `ignored a stale lock (${s.staleLock})` : undefined],
  ];
  const lines = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${(k + ':').padEnd(9)} ${v}`);
  const at = lines.findIndex((l) => l.startsWith('Nodes:'));
  const nodeLines = (s.nodeContainers ?? []).map((n) =>
    `          ${n.node.padEnd(24)} ${n.state.padEnd(10)} ${n.ip ?? ''}`.trimEnd(),
  );
  if (s.dockerError) nodeLines.push(`          (node containers unknown: ${s.dockerError})`);
  if (at >= 0) lines.splice(at + 1, 0, ...nodeLines);
  if (s.status === 'absent')
    lines.push(`No cluster named '${s.name}'. Create it with: kubedeck start${nameFlag(s.name)}`);
  if (s.status === 'stopped') lines.push(`Start it with: kubedeck start${nameFlag(s.name)}`);
  return lines.join('\n') + '\n';
}
