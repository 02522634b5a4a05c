// Stop / restart / reset of the cluster hosting the operations: the ClusterLifecycle hook and the
// daemon's default, which runs the CLI in a detached process (stopping ends the daemon itself).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { readClusterConfig } from '../cluster/cluster-config.js';
import { writeFileAtomic } from '../cluster/fs-atomic.js';
import { DEFAULT_CLUSTER_NAME, type ClusterPaths } from '../config/paths.js';
import type { LifecycleAction } from '../contract/index.js';

/** Runs stop/restart/reset for the shell hosting the operations (Electron main injects its own). */
export interface ClusterLifecycle {
  /** Stopping ends the process that serves this page (the web dashboard runs in the daemon). */
  endsConnection: boolean;
  run(action: LifecycleAction): Promise<string[]>;
}

/** One CLI run: the argv after the Node binary, and how the log names it. */
export interface CliRun {
  label: string;
  args: string[];
}

/**
 * Inside the daemon (`kubedeck __daemon`): stop/restart/reset run the CLI in a detached process,
 * since stopping ends this very process. Elsewhere (tests, Electron in-process) there is none.
 */
export function daemonLifecycle(
  paths: ClusterPaths,
  env: NodeJS.ProcessEnv,
  argv: string[] = process.argv,
  launch: (cmds: CliRun[], log: string, cleanup: string[]) => void = launchRunner,
): ClusterLifecycle | undefined {
  const i = argv.indexOf('__daemon');
  if (i < 2) return undefined;
  // The daemon runs as `<node> [execArgv] <cli entry> __daemon --name N`: reuse that entry.
  const cli = [...process.execArgv, ...argv.slice(1, i)];
  const flag = paths.name === DEFAULT_CLUSTER_NAME ? [] : ['--name', paths.name];
  const log = path.join(paths.home, `${paths.name}-lifecycle.log`);
  return {
    endsConnection: true,
    // eslint-disable-next-line @typescript-eslint/require-await
    async run(action) {
      const cmd = (...a: string[]): CliRun => ({
        label: ['kubedeck', ...a, ...flag].join(' '),
        args: [...cli, ...a, ...flag],
      });
      let cmds: CliRun[];
      let steps: string[];
      const cleanup: string[] = [];
      if (action === 'stop') {
        cmds = [cmd('stop')];
        steps = ['Stop the control plane', 'Stop node and pod containers (kept for the next start)'];
      } else if (action === 'restart') {
        cmds = [cmd('stop'), cmd('start')];
        steps = ['Stop the control plane and nodes', 'Start the control plane and nodes again'];
      } else {
        // delete removes the state dir: keep the settings, node count and API port in a temp file.
        const tmp = path.join(
          os.tmpdir(),
          `kubedeck-reset-${paths.name}-${randomBytes(4).toString('hex')}.yaml`,
        );
        const c = readClusterConfig(paths.config);
        writeFileAtomic(
          tmp,
          stringify({
            nodes: c?.nodes ?? 0,
            ...(c ? { apiServerPort: c.port } : {}),
            ...(c?.settings ?? {}),
          }),
          0o600,
        );
        cmds = [cmd('delete'), cmd('start', '--config', tmp)];
        cleanup.push(tmp);
        steps = ['Delete containers, network and state', 'Start a fresh cluster with the saved settings'];
      }
      // Answer first, then stop: the page gets its reply before the connection drops.
      setTimeout(() => launch(cmds, log, cleanup), 300).unref();
      return [...steps, `Progress is logged to ${log}`];
    },
  };
}

/** Runs each CLI command in turn (stops at the first failure), then removes the temp files. */
export const RUNNER_SCRIPT =
  "const {spawnSync}=require('node:child_process');" +
  "const {rmSync}=require('node:fs');let code=0;" +
  'for(const c of JSON.parse(process.argv[1])){' +
  "console.log('$ '+c.label);" +
  "const r=spawnSync(process.execPath,c.args,{stdio:'inherit'});" +
  'if(r.status!==0){code=r.status??1;break}}' +
  'for(const f of JSON.parse(process.argv[2]))rmSync(f,{force:true});' +
  'process.exit(code)';

/** A detached Node process running the commands, logging to `log`. */
function launchRunner(cmds: CliRun[], log: string, cleanup: string[]): void {
  const fd = openSync(log, 'a', 0o600);
  try {
    spawn(process.execPath, ['-e', RUNNER_SCRIPT, JSON.stringify(cmds), JSON.stringify(cleanup)], {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: path.dirname(log),
    }).unref();
  } finally {
    closeSync(fd);
  }
}
