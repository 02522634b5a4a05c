// HorizontalPodAutoscaler rows (upstream printHorizontalPodAutoscaler / formatHPAMetrics).
import type { KubeObject } from '../types.js';
import { HPA, META_CREATION, META_NAME } from './descriptions.js';
import { since } from './duration.js';
import { int } from './format.js';
import { col, type Printer } from './types.js';

/** Quantity.String(); quantities arrive as canonical strings (or numbers); nil prints "<nil>". */
function q(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '<nil>';
}

function pct(v: unknown): string {
  return `${int(v)}%`;
}

/** autoscaling/v1 objects carry only the CPU target; convert like upstream's v1→internal conversion. */
function v2Metrics(hpa: KubeObject): { specs: any[]; statuses: any[] } {
  const v1 = hpa.apiVersion === 'autoscaling/v1';
  if (!v1) return { specs: hpa.spec?.metrics ?? [], statuses: hpa.status?.currentMetrics ?? [] };
  const specs: any[] = [];
  const statuses: any[] = [];
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  if (target !== undefined && target !== null) {
    specs.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
    });
  }
  const current = hpa.status?.currentCPUUtilizationPercentage;
  if (current !== undefined && current !== null) {
    statuses.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } });
  }
  return { specs, statuses };
}

/** One TARGETS entry; statuses are matched by index, exactly as upstream does. */
function formatMetric(spec: any, status: any): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target ?? {};
      const cur = status?.external?.current;
      if (target.averageValue != null) {
        const current = status?.external && cur?.averageValue != null ? q(cur.averageValue) : '<unknown>';
        return `${current}/${q(target.averageValue)} (avg)`;
      }
      const current = status?.external ? q(cur?.value) : '<unknown>';
      return `${current}/${q(target.value)}`;
    }
    case 'Pods': {
      const current = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${current}/${q(spec.pods?.target?.averageValue)}`;
    }
    case 'Object': {
      const target = spec.object?.target ?? {};
      const cur = status?.object?.current;
      if (target.averageValue != null) {
        const current = status?.object && cur?.averageValue != null ? q(cur.averageValue) : '<unknown>';
        return `${current}/${q(target.averageValue)} (avg)`;
      }
      const current = status?.object ? q(cur?.value) : '<unknown>';
      return `${current}/${q(target.value)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const src = spec[key] ?? {};
      const target = src.target ?? {};
      const st = status?.[key];
      if (target.averageValue != null) {
        const current = st ? q(st.current?.averageValue) : '<unknown>';
        return `${src.name}: ${current}/${q(target.averageValue)}`;
      }
      const current =
        st && st.current?.averageUtilization != null ? pct(st.current.averageUtilization) : '<unknown>';
      const tgt = target.averageUtilization != null ? pct(target.averageUtilization) : '<auto>';
      return `${src.name}: ${current}/${tgt}`;
    }
    default:
      return '<unknown type>';
  }
}

export function formatHPAMetrics(specs: any[], statuses: any[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const hpaPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Reference', 'string', HPA.reference),
    col('Targets', 'string', HPA.targets),
    col('MinPods', 'string', HPA.minPods),
    col('MaxPods', 'string', HPA.maxPods),
    col('Replicas', 'string', HPA.replicas),
    col('Age', 'string', META_CREATION),
  ],
  row(hpa, now) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const { specs, statuses } = v2Metrics(hpa);
    const min = hpa.spec?.minReplicas;
    return {
      cells: [
        hpa.metadata.name ?? '',
        `${ref.kind ?? ''}/${ref.name ?? ''}`,
        formatHPAMetrics(specs, statuses),
        min === undefined || min === null ? '<unset>' : String(int(min)),
        int(hpa.spec?.maxReplicas),
        int(hpa.status?.currentReplicas),
        since(hpa.metadata.creationTimestamp, now),
      ],
    };
  },
};
