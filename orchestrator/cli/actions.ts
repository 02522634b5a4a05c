// What each command does: glue between parsed options and the cluster lifecycle.
import { existsSync, readFileSync } from 'node:fs';
import { daemonMain, type StartControlPlaneFn } from '../controlplane/daemon.js';
import { UserError } from '../config/errors.js';
import { clusterPaths, kubedeckHome } from '../config/paths.js';
import type { DaemonCommand } from '../cluster/spawn.js';
import { startCluster } from '../cluster/start.js';
import { clusterStatus } from '../cluster/status.js';
import { deleteCluster, stopCluster } from '../cluster/stop.js';
import { nameFlag } from '../contract/index.js';
import { ConsoleReporter, formatStatus } from './output.js';
import type { CliActions } from './program.js';
import { selfDaemonCommand } from './self.js';

export interface ActionDeps {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
  daemonCommand?: (name: string) => DaemonCommand;
  startControlPlane?: StartControlPlaneFn;
}

export function createActions(deps: ActionDeps = {}): CliActions {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? process.stdout;
  const reporter = () => new ConsoleReporter(deps.stderr ?? process.stderr);
  const home = () => kubedeckHome(env);

  return {
    async start(opts) {
      const r = reporter();
      const res = await startCluster(
        { name: opts.name, nodes: opts.nodes, configFile: opts.config },
        {
          reporter: r,
          env,
          home: home(),
          daemonCommand: deps.daemonCommand ?? ((n) => selfDaemonCommand(n)),
        },
      );
      if (!res.alreadyRunning)
        r.info(`Cluster '${opts.name}' is running. Try: kubectl --context ${res.context} get namespaces`);
    },
    async status(opts) {
      const s = await clusterStatus({ name: opts.name }, { env, home: home() });
      stdout.write(opts.output === 'json' ? JSON.stringify(s, null, 2) + '\n' : formatStatus(s));
    },
    async stop(opts) {
      await stopCluster({ name: opts.name }, { reporter: reporter(), env, home: home() });
    },
    async delete(opts) {
      await deleteCluster({ name: opts.name }, { reporter: reporter(), env, home: home() });
    },
    kubeconfig(opts) {
      const paths = clusterPaths(opts.name, home());
      if (!existsSync(paths.kubeconfig)) {
        throw new UserError(
          `cluster '${opts.name}' has no kubeconfig yet`,
          `run \`kubedeck start${nameFlag(opts.name)}\``,
        );
      }
      stdout.write(opts.path ? paths.kubeconfig + '\n' : readFileSync(paths.kubeconfig, 'utf8'));
      return Promise.resolve();
    },
    async daemon(opts) {
      // Loaded only here: the other commands need neither the API server nor SQLite.
      const startControlPlane =
        deps.startControlPlane ?? (await import('../controlplane/control-plane.js')).startControlPlane;
      await daemonMain({ name: opts.name, home: home() }, { startControlPlane });
    },
  };
}
