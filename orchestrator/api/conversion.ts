// Version conversion between what a client sends/reads and what the store keeps.
// - autoscaling/v1 HPA <-> autoscaling/v2 (stored), with upstream's alpha annotations carrying
//   what v1 cannot express (non-CPU metrics, current metrics, conditions, behavior).
// - events.k8s.io/v1 Event <-> core v1 Event (stored), a field-by-field renaming.
import type { KubeObject, ResourceInfo } from './types.js';
import { defaultHPAv2 } from './defaults/hpa.js';

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const HPA_ANNOTATIONS = [
  METRICS_ANNOTATION,
  CURRENT_METRICS_ANNOTATION,
  CONDITIONS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
];

const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const clean = <T extends Record<string, any>>(o: T): T => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
};

const isHPA = (info: ResourceInfo) =>
  info.group === 'autoscaling' && info.resource === 'horizontalpodautoscalers';
const isEventsGroup = (info: ResourceInfo) => info.group === 'events.k8s.io' && info.resource === 'events';

// ---- metric specs: v2 <-> v1 annotation form (v2beta1-like fields) ----

function metricV2ToV1(m: any): any {
  const t =
    m[
      (
        {
          Resource: 'resource',
          Pods: 'pods',
          Object: 'object',
          External: 'external',
          ContainerResource: 'containerResource',
        } as any
      )[m.type]
    ]?.target ?? {};
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: clean({
          name: m.resource.name,
          targetAverageUtilization: t.averageUtilization,
          targetAverageValue: t.averageValue,
        }),
      };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: clean({
          name: m.containerResource.name,
          container: m.containerResource.container,
          targetAverageUtilization: t.averageUtilization,
          targetAverageValue: t.averageValue,
        }),
      };
    case 'Pods':
      return {
        type: 'Pods',
        pods: clean({
          metricName: m.pods.metric?.name,
          selector: m.pods.metric?.selector,
          targetAverageValue: t.averageValue,
        }),
      };
    case 'Object':
      return {
        type: 'Object',
        object: clean({
          target: m.object.describedObject,
          metricName: m.object.metric?.name,
          selector: m.object.metric?.selector,
          targetValue: t.value,
          averageValue: t.averageValue,
        }),
      };
    case 'External':
      return {
        type: 'External',
        external: clean({
          metricName: m.external.metric?.name,
          metricSelector: m.external.metric?.selector,
          targetValue: t.value,
          targetAverageValue: t.averageValue,
        }),
      };
  }
  return m;
}

function metricV1ToV2(m: any): any {
  const target = (util: unknown, avg: unknown, value?: unknown) =>
    clean({
      type: util !== undefined ? 'Utilization' : value !== undefined ? 'Value' : 'AverageValue',
      averageUtilization: util,
      averageValue: avg,
      value,
    });
  const metric = (name: unknown, selector: unknown) => clean({ name, selector });
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: {
          name: m.resource?.name,
          target: target(m.resource?.targetAverageUtilization, m.resource?.targetAverageValue),
        },
      };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: {
          name: m.containerResource?.name,
          container: m.containerResource?.container,
          target: target(
            m.containerResource?.targetAverageUtilization,
            m.containerResource?.targetAverageValue,
          ),
        },
      };
    case 'Pods':
      return {
        type: 'Pods',
        pods: {
          metric: metric(m.pods?.metricName, m.pods?.selector),
          target: target(undefined, m.pods?.targetAverageValue),
        },
      };
    case 'Object':
      return {
        type: 'Object',
        object: {
          describedObject: m.object?.target,
          metric: metric(m.object?.metricName, m.object?.selector),
          target: target(undefined, m.object?.averageValue, m.object?.targetValue),
        },
      };
    case 'External':
      return {
        type: 'External',
        external: {
          metric: metric(m.external?.metricName, m.external?.metricSelector),
          target: target(undefined, m.external?.targetAverageValue, m.external?.targetValue),
        },
      };
  }
  return m;
}

function statusV2ToV1(m: any): any {
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: clean({
          name: m.resource?.name,
          currentAverageUtilization: m.resource?.current?.averageUtilization,
          currentAverageValue: m.resource?.current?.averageValue,
        }),
      };
    case 'Pods':
      return {
        type: 'Pods',
        pods: clean({
          metricName: m.pods?.metric?.name,
          selector: m.pods?.metric?.selector,
          currentAverageValue: m.pods?.current?.averageValue,
        }),
      };
    case 'Object':
      return {
        type: 'Object',
        object: clean({
          target: m.object?.describedObject,
          metricName: m.object?.metric?.name,
          selector: m.object?.metric?.selector,
          currentValue: m.object?.current?.value,
          averageValue: m.object?.current?.averageValue,
        }),
      };
    case 'External':
      return {
        type: 'External',
        external: clean({
          metricName: m.external?.metric?.name,
          metricSelector: m.external?.metric?.selector,
          currentValue: m.external?.current?.value,
          currentAverageValue: m.external?.current?.averageValue,
        }),
      };
  }
  return m;
}

function statusV1ToV2(m: any): any {
  const metric = (name: unknown, selector: unknown) => clean({ name, selector });
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: {
          name: m.resource?.name,
          current: clean({
            averageUtilization: m.resource?.currentAverageUtilization,
            averageValue: m.resource?.currentAverageValue,
          }),
        },
      };
    case 'Pods':
      return {
        type: 'Pods',
        pods: {
          metric: metric(m.pods?.metricName, m.pods?.selector),
          current: clean({ averageValue: m.pods?.currentAverageValue }),
        },
      };
    case 'Object':
      return {
        type: 'Object',
        object: {
          describedObject: m.object?.target,
          metric: metric(m.object?.metricName, m.object?.selector),
          current: clean({ value: m.object?.currentValue, averageValue: m.object?.averageValue }),
        },
      };
    case 'External':
      return {
        type: 'External',
        external: {
          metric: metric(m.external?.metricName, m.external?.metricSelector),
          current: clean({ value: m.external?.currentValue, averageValue: m.external?.currentAverageValue }),
        },
      };
  }
  return m;
}

const isCPUUtilization = (m: any) =>
  m?.type === 'Resource' &&
  m.resource?.name === 'cpu' &&
  m.resource?.target?.type === 'Utilization' &&
  m.resource?.target?.averageUtilization !== undefined;

function parseAnnotation(
  ann: Record<string, string> | undefined,
  key: string,
): any[] | Record<string, any> | undefined {
  const raw = ann?.[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function hpaV1ToV2(obj: KubeObject): KubeObject {
  const out: KubeObject = structuredClone(obj);
  out.apiVersion = 'autoscaling/v2';
  const ann = out.metadata.annotations;
  const spec = isObj(obj.spec) ? obj.spec : {};
  const metrics: any[] = [];
  const extra = parseAnnotation(ann, METRICS_ANNOTATION);
  if (Array.isArray(extra)) metrics.push(...extra.map(metricV1ToV2));
  if (typeof spec.targetCPUUtilizationPercentage === 'number')
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  out.spec = clean({
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    metrics: metrics.length ? metrics : undefined,
  });
  const behavior = parseAnnotation(ann, BEHAVIOR_ANNOTATION);
  if (isObj(behavior)) out.spec.behavior = behavior;
  if (isObj(obj.status)) {
    const st = obj.status;
    const current: any[] = [];
    const extraCurrent = parseAnnotation(ann, CURRENT_METRICS_ANNOTATION);
    if (Array.isArray(extraCurrent)) current.push(...extraCurrent.map(statusV1ToV2));
    if (typeof st.currentCPUUtilizationPercentage === 'number')
      current.push({
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } },
      });
    const conditions = parseAnnotation(ann, CONDITIONS_ANNOTATION);
    out.status = clean({
      observedGeneration: st.observedGeneration,
      lastScaleTime: st.lastScaleTime,
      currentReplicas: st.currentReplicas ?? 0,
      desiredReplicas: st.desiredReplicas ?? 0,
      currentMetrics: current.length ? current : undefined,
      conditions: Array.isArray(conditions) ? conditions : undefined,
    });
  }
  if (ann) {
    for (const k of HPA_ANNOTATIONS) delete ann[k];
    if (Object.keys(ann).length === 0) delete out.metadata.annotations;
  }
  return out;
}

export function hpaV2ToV1(obj: KubeObject): KubeObject {
  const out: KubeObject = structuredClone(obj);
  out.apiVersion = 'autoscaling/v1';
  const spec = isObj(obj.spec) ? obj.spec : {};
  const metrics: any[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  const cpu = metrics.find(isCPUUtilization);
  const others = metrics.filter((m) => m !== cpu);
  out.spec = clean({
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    targetCPUUtilizationPercentage: cpu?.resource.target.averageUtilization,
  });
  const ann: Record<string, string> = { ...(out.metadata.annotations ?? {}) };
  if (others.length) ann[METRICS_ANNOTATION] = JSON.stringify(others.map(metricV2ToV1));
  if (isObj(spec.behavior)) ann[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  if (isObj(obj.status)) {
    const st = obj.status;
    const current: any[] = Array.isArray(st.currentMetrics) ? st.currentMetrics : [];
    const cpuNow = current.find(
      (m) =>
        m?.type === 'Resource' &&
        m.resource?.name === 'cpu' &&
        m.resource?.current?.averageUtilization !== undefined,
    );
    const otherNow = current.filter((m) => m !== cpuNow);
    if (otherNow.length) ann[CURRENT_METRICS_ANNOTATION] = JSON.stringify(otherNow.map(statusV2ToV1));
    if (Array.isArray(st.conditions) && st.conditions.length)
      ann[CONDITIONS_ANNOTATION] = JSON.stringify(st.conditions);
    out.status = clean({
      observedGeneration: st.observedGeneration,
      lastScaleTime: st.lastScaleTime,
      currentReplicas: st.currentReplicas ?? 0,
      desiredReplicas: st.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: cpuNow?.resource.current.averageUtilization,
    });
  }
  if (Object.keys(ann).length) out.metadata.annotations = ann;
  return out;
}

// ---- events.k8s.io/v1 <-> core v1 Event ----

const EVENT_RENAMES: [events: string, core: string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

export function eventsToCore(obj: KubeObject): KubeObject {
  const out: KubeObject = structuredClone(obj);
  out.apiVersion = 'v1';
  for (const [from, to] of EVENT_RENAMES) {
    delete out[to];
    if (obj[from] !== undefined) out[to] = obj[from];
    delete out[from];
  }
  if (!out.involvedObject) out.involvedObject = {};
  return out;
}

export function coreToEvents(obj: KubeObject): KubeObject {
  const out: KubeObject = structuredClone(obj);
  out.apiVersion = 'events.k8s.io/v1';
  for (const [to, from] of EVENT_RENAMES) {
    delete out[to];
    if (obj[from] !== undefined) out[to] = obj[from];
    delete out[from];
  }
  return out;
}

/** The object as the store keeps it. obj is in info's version; identity for single-version kinds. */
export function toStorageVersion(info: ResourceInfo, obj: KubeObject): KubeObject {
  if (isHPA(info) && info.version === 'v1' && obj.apiVersion !== 'autoscaling/v2') {
    const v2 = hpaV1ToV2(obj);
    // Reading v2 from storage applies v2 defaults upstream (e.g. the CPU 80% metric).
    defaultHPAv2(v2);
    return v2;
  }
  if (isEventsGroup(info) && obj.apiVersion !== 'v1') return eventsToCore(obj);
  return obj;
}

/** The stored object rendered in info's version. */
export function fromStorageVersion(info: ResourceInfo, obj: KubeObject): KubeObject {
  if (isHPA(info) && info.version === 'v1' && obj.apiVersion !== 'autoscaling/v1') return hpaV2ToV1(obj);
  if (isEventsGroup(info) && obj.apiVersion !== 'events.k8s.io/v1') return coreToEvents(obj);
  return obj;
}
