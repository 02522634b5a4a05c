// `kubedeck node ls|stop|start|partition|heal|add|rm`: node failure simulation and membership.
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  addNode,
  formatNodeRows,
  healNode,
  listNodes,
  partitionNode,
  removeNode,
  startNode,
  stopNode,
  type NodeOpsDeps,
} from '../cluster/node-ops.js';
import { DEFAULT_CLUSTER_NAME } from '../config/paths.js';
import { isCpuQuantity, isNodeMemoryQuantity } from '../config/settings.js';
import { ConsoleReporter } from './output.js';

export interface NodeCommandDeps {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
}

interface NameOpts {
  name: string;
}

const nameOption = () => new Option('--name <name>', 'cluster name').default(DEFAULT_CLUSTER_NAME);

function cpuQuantity(v: string): string {
  if (!isCpuQuantity(v)) throw new InvalidArgumentError('must be a CPU quantity like 2, 1.5 or 500m.');
  return v;
}

function memoryQuantity(v: string): string {
  if (!isNodeMemoryQuantity(v))
    throw new InvalidArgumentError('must be a memory quantity like 2Gi or 512Mi.');
  return v;
}

/** Adds the `node` command group to the program. */
export function registerNodeCommands(program: Command, deps: NodeCommandDeps = {}): void {
  const ops = (): NodeOpsDeps => ({
    reporter: new ConsoleReporter(deps.stderr ?? process.stderr),
    env: deps.env,
  });
  const node = program
    .command('node')
    .description('simulate node failures (stop/start, partition/heal) and add or remove worker nodes');

  node
    .command('ls')
    .description('list the nodes: role, container state, Ready status, partitioned')
    .addOption(nameOption())
    .action(async (opts: NameOpts) => {
      const rows = await listNodes({ name: opts.name }, ops());
      (deps.stdout ?? process.stdout).write(formatNodeRows(rows));
    });

  const single = (cmd: string, description: string, fn: typeof stopNode) =>
    node
      .command(`${cmd} <node>`)
      .description(description)
      .addOption(nameOption())
      .action((name: string, opts: NameOpts) => fn({ name: opts.name, node: name }, ops()));

  single('stop', 'power a worker off: its container and its pod containers stop', stopNode);
  single('start', 'power a worker on again; its agent re-adopts and reconciles its pods', startNode);
  single('partition', "cut a worker's agent off from the API server (its pods keep running)", partitionNode);
  single('heal', 'undo a partition', healNode);
  single('rm', 'remove a worker without draining: its Node, pods and containers', removeNode);

  node
    .command('add')
    .description('add a worker node (named after the highest existing one)')
    .addOption(nameOption())
    .addOption(new Option('--cpus <cpu>', 'CPU capacity, e.g. 2 or 500m').argParser(cpuQuantity))
    .addOption(new Option('--memory <quantity>', 'memory capacity, e.g. 2Gi').argParser(memoryQuantity))
    .action(async (opts: NameOpts & { cpus?: string; memory?: string }) => {
      const r = new ConsoleReporter(deps.stderr ?? process.stderr);
      const name = await addNode(
        { name: opts.name, cpus: opts.cpus, memory: opts.memory },
        { reporter: r, env: deps.env },
      );
      r.info(`Node ${name} joined. Try: kubectl get nodes`);
    });
}
