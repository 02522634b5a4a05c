// The `kubedeck` command line: parsing only. Actions are injected so parsing is testable on its own.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_CLUSTER_NAME } from '../config/paths.js';
import { registerNodeCommands } from './node-commands.js';
import { addDashboardCommand } from './dashboard-command.js';
import { addServiceCommand } from './service-command.js';

export interface NameOpts {
  name: string;
}
export interface StartOpts extends NameOpts {
  nodes?: number;
  config?: string;
}
export interface StatusOpts extends NameOpts {
  output?: 'json';
}
export interface KubeconfigOpts extends NameOpts {
  path: boolean;
}

export interface CliActions {
  start(opts: StartOpts): Promise<void>;
  status(opts: StatusOpts): Promise<void>;
  stop(opts: NameOpts): Promise<void>;
  delete(opts: NameOpts): Promise<void>;
  kubeconfig(opts: KubeconfigOpts): Promise<void>;
  daemon(opts: NameOpts): Promise<void>;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('must be a whole number (0 or more).');
  return n;
}

const nameOption = () => new Option('--name <name>', 'cluster name').default(DEFAULT_CLUSTER_NAME);

export function buildProgram(actions: CliActions, version = '0.0.0'): Command {
  const program = new Command('kubedeck')
    .description('A local Kubernetes-style cluster on your machine; real kubectl works against it.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false });

  program
    .command('start')
    .description('start the cluster (control plane + worker node containers) and point kubectl at it')
    .addOption(nameOption())
    // No commander default: a restart keeps the cluster's saved count (a new cluster gets 2).
    .addOption(
      new Option('--nodes <count>', 'worker nodes (new cluster: 2; 0 = control plane only)').argParser(
        nonNegativeInt,
      ),
    )
    .option('--config <file>', 'cluster settings file (YAML; see docs/settings.md)')
    .action((opts: StartOpts) => actions.start(opts));

  program
    .command('status')
    .description('show whether the cluster runs, its API URL, pid and uptime')
    .addOption(nameOption())
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json']))
    .action((opts: StatusOpts) => actions.status(opts));

  program
    .command('stop')
    .description('stop the control plane, nodes and pods (state and containers are kept)')
    .addOption(nameOption())
    .action((opts: NameOpts) => actions.stop(opts));

  program
    .command('delete')
    .description('remove the cluster: its containers, network, volumes, state and kubeconfig entries')
    .addOption(nameOption())
    .action((opts: NameOpts) => actions.delete(opts));

  program
    .command('kubeconfig')
    .description("print the cluster's standalone kubeconfig")
    .addOption(nameOption())
    .option('--path', 'print the path of the kubeconfig file instead', false)
    .action((opts: KubeconfigOpts) => actions.kubeconfig(opts));

  addDashboardCommand(program);
  addServiceCommand(program);

  program
    .command('__daemon', { hidden: true })
    .description('run the control plane in the foreground (used by start)')
    .addOption(nameOption())
    .action((opts: NameOpts) => actions.daemon(opts));

  registerNodeCommands(program);
  return program;
}
