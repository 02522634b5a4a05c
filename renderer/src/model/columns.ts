// Table columns per kind, close to what `kubectl get` prints.
import type { KObject, UiKind } from '@kubedeck/contract';
import { age, nodeReady, podView } from './pod-state.js';

export interface Column {
  title: string;
  value: (o: KObject) => string;
}

const name: Column = { title: 'Name', value: (o) => o.metadata.name ?? '' };
const ns: Column = { title: 'Namespace', value: (o) => o.metadata.namespace ?? '' };
const ageCol: Column = { title: 'Age', value: (o) => age(o.metadata.creationTimestamp) };

export function columnsFor(kind: UiKind, allNamespaces: boolean): Column[] {
  const lead = allNamespaces ? [ns, name] : [name];
  switch (kind) {
    case 'pods':
      return [
        ...lead,
        { title: 'Ready', value: (o) => podView(o).ready },
        { title: 'Status', value: (o) => podView(o).status },
        { title: 'Restarts', value: (o) => String(podView(o).restarts) },
        { title: 'Node', value: (o) => o.spec?.nodeName ?? '' },
        ageCol,
      ];
    case 'deployments':
      return [
        ...lead,
        { title: 'Ready', value: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` },
        { title: 'Up-to-date', value: (o) => String(o.status?.updatedReplicas ?? 0) },
        { title: 'Available', value: (o) => String(o.status?.availableReplicas ?? 0) },
        {
          title: 'Images',
          value: (o) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(', '),
        },
        ageCol,
      ];
    case 'replicasets':
      return [
        ...lead,
        { title: 'Desired', value: (o) => String(o.spec?.replicas ?? 0) },
        { title: 'Current', value: (o) => String(o.status?.replicas ?? 0) },
        { title: 'Ready', value: (o) => String(o.status?.readyReplicas ?? 0) },
        ageCol,
      ];
    case 'services':
      return [
        ...lead,
        { title: 'Type', value: (o) => o.spec?.type ?? '' },
        { title: 'Cluster-IP', value: (o) => o.spec?.clusterIP ?? '' },
        { title: 'External-IP', value: externalIp },
        {
          title: 'Ports',
          value: (o) =>
            (o.spec?.ports ?? [])
              .map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`)
              .join(','),
        },
        ageCol,
      ];
    case 'nodes':
      return [
        name,
        {
          title: 'Status',
          value: (o) =>
            (nodeReady(o) ? 'Ready' : 'NotReady') + (o.spec?.unschedulable ? ',SchedulingDisabled' : ''),
        },
        {
          title: 'Roles',
          value: (o) =>
            Object.keys(o.metadata.labels ?? {})
              .filter((l) => l.startsWith('node-role.kubernetes.io/'))
              .map((l) => l.split('/')[1])
              .join(',') || '<none>',
        },
        { title: 'Version', value: (o) => o.status?.nodeInfo?.kubeletVersion ?? '' },
        {
          title: 'Allocatable',
          value: (o) => `${o.status?.allocatable?.cpu ?? '?'} CPU, ${o.status?.allocatable?.memory ?? '?'}`,
        },
        ageCol,
      ];
    case 'secrets':
      return [
        ...lead,
        { title: 'Type', value: (o) => o.type ?? 'Opaque' },
        { title: 'Data', value: (o) => String(Object.keys(o.data ?? {}).length) },
        ageCol,
      ];
    case 'horizontalpodautoscalers':
      return [
        ...lead,
        {
          title: 'Reference',
          value: (o) => `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`,
        },
        { title: 'Targets', value: hpaTargets },
        { title: 'MinPods', value: (o) => String(o.spec?.minReplicas ?? 1) },
        { title: 'MaxPods', value: (o) => String(o.spec?.maxReplicas ?? '') },
        { title: 'Replicas', value: (o) => String(o.status?.currentReplicas ?? 0) },
        ageCol,
      ];
    case 'events':
      return [
        ...(allNamespaces ? [ns] : []),
        {
          title: 'Last seen',
          value: (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp),
        },
        { title: 'Type', value: (o) => o.type ?? '' },
        { title: 'Reason', value: (o) => o.reason ?? '' },
        {
          title: 'Object',
          value: (o) => `${(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
        },
        { title: 'Message', value: (o) => o.message ?? '' },
      ];
    default:
      return [...lead, ageCol];
  }
}

/** kubectl's EXTERNAL-IP: the load balancer's ingress, <pending> until it has one. */
function externalIp(o: KObject): string {
  const ing = (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
  if (ing.length) return ing.join(',');
  return o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

/** kubectl's TARGETS for resource metrics: "cpu: 42%/50%" (<unknown> before the first sample). */
export function hpaTargets(o: KObject): string {
  const current: any[] = o.status?.currentMetrics ?? [];
  return (
    (o.spec?.metrics ?? [])
      .filter((m: any) => m.type === 'Resource')
      .map((m: any) => {
        const name = m.resource?.name;
        const target = m.resource?.target?.averageUtilization;
        const now = current.find((c) => c.resource?.name === name)?.resource?.current?.averageUtilization;
        return `${name}: ${now !== undefined ? `${now}%` : '<unknown>'}/${target ?? '?'}%`;
      })
      .join(', ') || '<none>'
  );
}
