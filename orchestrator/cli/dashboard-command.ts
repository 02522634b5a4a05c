// `kubedeck dashboard [--url] [--name CLUSTER]`: prints (and opens) the link to the web dashboard
// the running control plane serves on 127.0.0.1. The link carries the per-launch token.
import { spawn } from 'node:child_process';
import { Command, Option } from 'commander';
import { lockProbe, readCredentials } from '../cluster/credentials.js';
import { UserError } from '../config/errors.js';
import { assessLock, readLock } from '../cluster/lock.js';
import { clusterPaths, DEFAULT_CLUSTER_NAME, kubedeckHome } from '../config/paths.js';
import { dashboardToken } from '../dashboard/token.js';

export interface DashboardOpts {
  name: string;
  url: boolean;
}

export interface DashboardDeps {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  /** Opens a URL in the user's browser (replaced in tests). */
  open?: (url: string) => void;
}

export async function dashboardUrl(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const paths = clusterPaths(name, kubedeckHome(env));
  const flag = name === DEFAULT_CLUSTER_NAME ? '' : ` --name ${name}`;
  const state = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  if (state.state !== 'running') {
    throw new UserError(`cluster '${name}' is not running`, `run \`kubedeck start${flag}\` first`);
  }
  const creds = readCredentials(paths);
  const { dashboardPort, dashboardNonce } = state.lock;
  if (!creds || !dashboardPort || !dashboardNonce) {
    throw new UserError(
      `the control plane of '${name}' does not serve the dashboard (started by an older kubedeck?)`,
      `run \`kubedeck stop${flag}\` and \`kubedeck start${flag}\``,
    );
  }
  const token = dashboardToken(creds.token, dashboardNonce);
  return `http://127.0.0.1:${dashboardPort}/?token=${encodeURIComponent(token)}`;
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no browser opener: the printed link is enough
  child.unref();
}

export async function runDashboard(opts: DashboardOpts, deps: DashboardDeps = {}): Promise<void> {
  const url = await dashboardUrl(opts.name, deps.env);
  const out = deps.stdout ?? process.stdout;
  if (opts.url) {
    out.write(url + '\n');
    return;
  }
  out.write(`Opening the dashboard: ${url}\n`);
  (deps.open ?? openInBrowser)(url);
}

export function addDashboardCommand(program: Command, deps: DashboardDeps = {}): void {
  program
    .command('dashboard')
    .description('open the web dashboard of a running cluster in the browser (--url: only print its link)')
    .addOption(new Option('--name <name>', 'cluster name').default(DEFAULT_CLUSTER_NAME))
    .option('--url', 'print the link instead of opening a browser', false)
    .action((opts: DashboardOpts) => runDashboard(opts, deps));
}
