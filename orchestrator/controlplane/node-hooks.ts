// The node hooks the operations API gets from the composition root: the UI's node power,
// partition, add and remove buttons run the same cluster/node-ops.ts functions as
// `kubedeck node stop|start|partition|heal|add|rm`, in this process.
import { StatusError } from '../api/errors.js';
import { UserError } from '../config/errors.js';
import * as ops from '../cluster/node-ops.js';
import { RecordingReporter } from '../cluster/reporter.js';
import type { NodeMembership, NodePower } from '../operations/nodes.js';

/** A node-ops failure becomes a Status the UI shows with its hint (what to do next). */
async function asStatus<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) throw new StatusError(400, 'BadRequest', e.line());
    throw e;
  }
}

/** The power hook: the same functions `kubedeck node stop|start|partition|heal` call. */
export function clusterNodePower(clusterName: string, env: NodeJS.ProcessEnv = process.env): NodePower {
  return async (action, node) => {
    // Docker and the cluster's state files are only touched when a button is pressed.
    const reporter = new RecordingReporter();
    const fn = { stop: ops.stopNode, start: ops.startNode, partition: ops.partitionNode, heal: ops.healNode }[
      action
    ];
    await asStatus(() => fn({ name: clusterName, node }, { reporter, env }));
    return reporter.lines;
  };
}

/** The membership hook: `kubedeck node add|rm` run inside the control-plane process. */
export function clusterNodeMembership(
  clusterName: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeMembership {
  return {
    async add(opts) {
      const reporter = new RecordingReporter();
      const node = await asStatus(() =>
        ops.addNode({ name: clusterName, cpus: opts.cpus, memory: opts.memory }, { reporter, env }),
      );
      return { node, lines: reporter.lines };
    },
    async remove(node) {
      const reporter = new RecordingReporter();
      await asStatus(() => ops.removeNode({ name: clusterName, node }, { reporter, env }));
      return reporter.lines;
    },
  };
}
