// Server-side Table output (what `kubectl get` prints), matching upstream's internalversion printers.
import { apiVersionOf } from '../resources.js';
import type { KubeObject, ResourceInfo } from '../types.js';
import { eventPrinter } from './events.js';
import { hpaPrinter } from './hpa.js';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.js';
import { nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import {
  configMapPrinter,
  defaultPrinter,
  leasePrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './simple.js';
import type { Printer, Table, TableRow } from './types.js';
import { deploymentPrinter, replicaSetPrinter } from './workloads.js';
import {
  certificateSigningRequestPrinter,
  podTemplatePrinter,
  replicationControllerPrinter,
} from './legacy.js';

export type { Table, TableColumnDefinition, TableRow, TableRowCondition } from './types.js';
export { humanDuration } from './duration.js';

export interface TableOptions {
  /** What each row's `object` holds: PartialObjectMetadata (default), the full object, or nothing. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** Clock for AGE and other relative times. */
  now?: Date;
  /** List metadata to carry over (resourceVersion/continue) when converting a list. */
  listMeta?: Table['metadata'];
}

/** Printers keyed by "group/resource" (all versions of a resource print alike, as upstream). */
const PRINTERS: Record<string, Printer> = {
  '/pods': podPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  '/services': servicePrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/endpoints': endpointsPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'autoscaling/horizontalpodautoscalers': hpaPrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  '/podtemplates': podTemplatePrinter,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestPrinter,
};

export function printerFor(info: Pick<ResourceInfo, 'group' | 'resource'>): Printer {
  return PRINTERS[`${info.group}/${info.resource}`] ?? defaultPrinter;
}

function rowObject(obj: KubeObject, mode: TableOptions['includeObject']): unknown {
  if (mode === 'None') return undefined;
  if (mode === 'Object') return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

export function toTable(info: ResourceInfo, objs: KubeObject[], opts: TableOptions = {}): Table {
  const printer = printerFor(info);
  const now = opts.now ?? new Date();
  const apiVersion = apiVersionOf(info);
  const rows: TableRow[] = objs.map((raw) => {
    // Objects may arrive without TypeMeta; printers that depend on the wire version read it from here.
    const obj: KubeObject = { ...raw, apiVersion: raw.apiVersion ?? apiVersion, kind: raw.kind ?? info.kind };
    const { cells, conditions } = printer.row(obj, now);
    const row: TableRow = { cells };
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(opts.listMeta ?? {}) },
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
