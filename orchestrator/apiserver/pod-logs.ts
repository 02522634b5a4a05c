// GET pods/NAME/log: streams a container's output straight from the container engine (the
// control plane shares the host's engine with the nodes), with follow, previous, tail, since
// and timestamps like the kubelet serves them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { LABEL } from '../node/kubelet/naming.js';
import { queryBool } from './query.js';

function intParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v))
    throw badRequest(`${key}: Invalid value: ${JSON.stringify(v)}: must be a non-negative integer`);
  return Number(v);
}

export async function servePodLogs(
  req: IncomingMessage,
  res: ServerResponse,
  pod: KubeObject,
  container: string,
  q: URLSearchParams,
  runtime: ContainerRuntime | undefined,
): Promise<void> {
  const name = pod.metadata.name!;
  const waiting = () => {
    const all = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ];
    const st = all.find((s: any) => s.name === container);
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    return badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  };
  if (!runtime) throw waiting();
  const instances = (
    await runtime.listContainers({ [LABEL.podUid]: pod.metadata.uid!, [LABEL.containerName]: container })
  ).sort((a, b) => Number(b.labels[LABEL.restartCount] ?? 0) - Number(a.labels[LABEL.restartCount] ?? 0));
  const previous = queryBool(q, 'previous');
  const target = previous ? instances[1] : instances[0];
  if (!target) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    throw waiting();
  }
  const follow = queryBool(q, 'follow') && !previous;
  const stream = await runtime.logs(target.id, {
    follow,
    tail: intParam(q, 'tailLines'),
    sinceSeconds: intParam(q, 'sinceSeconds'),
    timestamps: queryBool(q, 'timestamps'),
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const limit = intParam(q, 'limitBytes');
  let sent = 0;
  const stop = () => (stream as any).destroy?.();
  req.on('close', stop);
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer | string) => {
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (limit !== undefined) {
        if (sent >= limit) return stop();
        buf = buf.subarray(0, limit - sent);
      }
      sent += buf.length;
      res.write(buf);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve);
  });
  res.end();
}
