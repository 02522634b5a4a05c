// A scripted Bridge for store and component tests: records calls, lets tests push watch messages.
import type { Bridge } from '../../../renderer/src/bridge/types.js';
import type { WatchMessage } from '@kubedeck/contract';

type NoId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface FakeBridge extends Bridge {
  calls: { name: string; params: unknown }[];
  watchers: Map<string, (m: WatchMessage) => void>;
  push(kind: string, m: NoId<WatchMessage>): void;
  reply: (name: string, params: unknown) => unknown;
}

export function fakeBridge(): FakeBridge {
  const b: FakeBridge = {
    kind: 'web',
    calls: [],
    watchers: new Map(),
    reply: () => ({ kubectl: '', message: 'ok' }),
    // eslint-disable-next-line @typescript-eslint/require-await
    async call(name, params) {
      b.calls.push({ name, params });
      return b.reply(name, params) as never;
    },
    watch(kind, _ns, onMessage) {
      b.watchers.set(kind, onMessage);
      return () => b.watchers.delete(kind);
    },
    logs: () => () => {},
    push(kind, m) {
      b.watchers.get(kind)!({ id: kind, ...m });
    },
  };
  return b;
}

let uid = 0;
export function pod(name: string, rv: number, extra: Record<string, any> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      uid: extra.uid ?? `uid-${name}`,
      resourceVersion: String(rv),
      ...(extra.metadata ?? {}),
    },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'img' }] },
    status: extra.status ?? {
      phase: 'Running',
      containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }],
    },
  };
}
export function node(name: string, ready = true, controlPlane = false) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `node-${name}-${++uid}`,
      resourceVersion: '1',
      labels: (controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}) as Record<string, string>,
    },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      allocatable: { cpu: '2', memory: '1Gi' },
    },
  };
}
