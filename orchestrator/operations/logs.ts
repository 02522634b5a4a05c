// Pod logs for the UI: the same container-engine stream `kubectl logs` gets from the API server.
import { badRequest } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { LABEL } from '../node/kubelet/naming.js';
import type { LogParams } from '../contract/index.js';
import { kindInfo } from './kinds.js';

export function logsKubectl(p: LogParams): string {
  const flags = [
    p.follow ? ' -f' : '',
    p.previous ? ' --previous' : '',
    p.container ? ` -c ${p.container}` : '',
  ];
  const ns = p.namespace && p.namespace !== 'default' ? ` -n ${p.namespace}` : '';
  return `kubectl logs${flags.join('')} ${p.pod}${ns}${p.tailLines !== undefined ? ` --tail=${p.tailLines}` : ''}`;
}

/** Opens the log stream of one container; the caller destroys it to stop following. */
export async function openLogs(
  registry: Registry,
  runtime: ContainerRuntime | undefined,
  p: LogParams,
): Promise<NodeJS.ReadableStream> {
  const pod = registry.get(kindInfo('pods'), p.namespace, p.pod);
  const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const container = p.container ?? containers[0];
  if (!container || !containers.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${p.pod}`);
  }
  const waiting = () => {
    const st = (pod.status?.containerStatuses ?? []).find((s: any) => s.name === container);
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    return badRequest(`container "${container}" in pod "${p.pod}" is waiting to start: ${reason}`);
  };
  if (!runtime) throw waiting();
  const instances = (
    await runtime.listContainers({ [LABEL.podUid]: pod.metadata.uid!, [LABEL.containerName]: container })
  ).sort((a, b) => Number(b.labels[LABEL.restartCount] ?? 0) - Number(a.labels[LABEL.restartCount] ?? 0));
  const target = p.previous ? instances[1] : instances[0];
  if (!target) {
    if (p.previous)
      throw badRequest(`previous terminated container "${container}" in pod "${p.pod}" not found`);
    throw waiting();
  }
  return runtime.logs(target.id, { follow: !!p.follow && !p.previous, tail: p.tailLines, timestamps: false });
}
