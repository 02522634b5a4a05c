// Server-side Table for `kubectl get nodes.metrics.k8s.io` / `pods.metrics.k8s.io`, with
// metrics-server's columns: Name, CPU, Memory, Window.
import type { KubeObject } from '../api/types.js';

const COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'CPU', type: 'string', format: '', description: 'CPU usage', priority: 0 },
  { name: 'Memory', type: 'string', format: '', description: 'Memory usage', priority: 0 },
  {
    name: 'Window',
    type: 'string',
    format: '',
    description: 'Interval the usage was measured over',
    priority: 0,
  },
];

/** Sums quantities of one unit suffix ("n" for CPU, "Ki" for memory), as the rows show pod totals. */
function total(values: string[], suffix: string): string {
  return `${values.reduce((s, v) => s + (Number.parseInt(v, 10) || 0), 0)}${suffix}`;
}

export function metricsTable(items: KubeObject[], version: string, includeObject: string | null): object {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: { resourceVersion: '' },
    columnDefinitions: COLUMNS,
    rows: items.map((m) => {
      const usage =
        m.kind === 'NodeMetrics'
          ? m.usage
          : {
              cpu: total(
                m.containers.map((c: any) => c.usage.cpu),
                'n',
              ),
              memory: total(
                m.containers.map((c: any) => c.usage.memory),
                'Ki',
              ),
            };
      const object =
        includeObject === 'None'
          ? undefined
          : includeObject === 'Object'
            ? m
            : { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: m.metadata };
      return { cells: [m.metadata.name, usage.cpu, usage.memory, m.window], ...(object ? { object } : {}) };
    }),
  };
}
