// Lease (coordination), EndpointSlice (discovery) and HorizontalPodAutoscaler (autoscaling, v2 shape).
import type { FieldError, KubeObject } from '../types.js';
import { duplicate, forbidden, invalid, isInt, isObj, notSupported, required, tooMany } from './errs.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPv4,
  isIPv6,
  isValidPathSegmentName,
  isValidPortNum,
} from './names.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';
import { nonNegative } from './container.js';
import { quantityOf } from './quantity.js';

const meta = (obj: KubeObject) =>
  validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });

export function validateLease(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  const spec = isObj(obj.spec) ? obj.spec : {};
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  errs.push(...nonNegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  const type = obj.addressType;
  if (!ADDRESS_TYPES.includes(type)) errs.push(notSupported('addressType', type ?? '', ADDRESS_TYPES));
  const endpoints: any[] = Array.isArray(obj.endpoints) ? obj.endpoints : [];
  if (endpoints.length > 1000) errs.push(tooMany('endpoints', endpoints.length, 1000));
  endpoints.forEach((ep, i) => {
    const p = `endpoints[${i}]`;
    const addrs: any[] = Array.isArray(ep?.addresses) ? ep.addresses : [];
    if (addrs.length === 0) errs.push(required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(`${p}.addresses`, addrs.length, 100));
    addrs.forEach((a, j) => {
      const ap = `${p}.addresses[${j}]`;
      if (type === 'IPv4' && !isIPv4(String(a))) errs.push(invalid(ap, a, 'must be a valid IPv4 address'));
      if (type === 'IPv6' && !isIPv6(String(a))) errs.push(invalid(ap, a, 'must be a valid IPv6 address'));
      if (type === 'FQDN') for (const m of isDNS1123Subdomain(String(a))) errs.push(invalid(ap, a, m));
    });
    if (ep?.hostname)
      for (const m of isDNS1123Label(String(ep.hostname)))
        errs.push(invalid(`${p}.hostname`, ep.hostname, m));
    if (ep?.nodeName)
      for (const m of isDNS1123Subdomain(String(ep.nodeName)))
        errs.push(invalid(`${p}.nodeName`, ep.nodeName, m));
  });
  const ports: any[] = Array.isArray(obj.ports) ? obj.ports : [];
  const names = new Set<string>();
  ports.forEach((pt, i) => {
    const p = `ports[${i}]`;
    if (pt?.name)
      for (const m of isDNS1123Label(String(pt.name))) errs.push(invalid(`${p}.name`, pt.name, m));
    const name = pt?.name ?? '';
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    names.add(name);
    if (pt?.protocol === undefined || pt.protocol === null || pt.protocol === '')
      errs.push(required(`${p}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(pt.protocol))
      errs.push(notSupported(`${p}.protocol`, pt.protocol, ['SCTP', 'TCP', 'UDP']));
    if (pt?.port !== undefined && pt.port !== null)
      for (const m of isValidPortNum(pt.port)) errs.push(invalid(`${p}.port`, pt.port, m));
  });
  return errs;
}

export function validateEndpointSliceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateEndpointSlice(obj);
  if (obj.addressType !== old.addressType)
    errs.push(invalid('addressType', obj.addressType, 'field is immutable'));
  return errs;
}

// ---- HorizontalPodAutoscaler (validated in the v2 shape, like upstream's internal type) ----

const METRIC_TYPES = ['Object', 'Pods', 'Resource', 'External', 'ContainerResource'];
const FIELD_OF: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateMetricTarget(t: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(t)) return [required(`${path}.type`, 'must specify a metric target type')];
  if (!t.type) errs.push(required(`${path}.type`, 'must specify a metric target type'));
  else if (!['Utilization', 'Value', 'AverageValue'].includes(t.type))
    errs.push(invalid(`${path}.type`, t.type, 'must be either Utilization, Value, or AverageValue'));
  for (const f of ['value', 'averageValue'])
    if (t[f] !== undefined && !((quantityOf(t[f]) ?? 0) > 0))
      errs.push(invalid(`${path}.${f}`, String(t[f]), 'must be positive'));
  if (t.averageUtilization !== undefined && !(t.averageUtilization >= 1))
    errs.push(invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateMetric(m: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(m)) return [required(`${path}.type`, 'must specify a metric source type')];
  if (!m.type) errs.push(required(`${path}.type`, 'must specify a metric source type'));
  else if (!METRIC_TYPES.includes(m.type)) errs.push(notSupported(`${path}.type`, m.type, METRIC_TYPES));
  for (const [type, f] of Object.entries(FIELD_OF))
    if (type !== m.type && isObj(m[f]))
      errs.push(forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  const f = FIELD_OF[m.type];
  if (!f) return errs;
  const src = m[f];
  if (!isObj(src))
    return [...errs, required(`${path}.${f}`, 'must populate information for the given metric source')];
  const p = `${path}.${f}`;
  errs.push(...validateMetricTarget(src.target, `${p}.target`));
  const t = isObj(src.target) ? src.target : {};
  if (m.type === 'Resource' || m.type === 'ContainerResource') {
    if (!src.name) errs.push(required(`${p}.name`, 'must specify a resource name'));
    if (m.type === 'ContainerResource' && !src.container)
      errs.push(required(`${p}.container`, 'must specify a container'));
    if (t.averageUtilization === undefined && t.averageValue === undefined)
      errs.push(
        required(
          `${p}.target.averageUtilization`,
          'must set either a target raw value or a target utilization',
        ),
      );
    if (t.averageUtilization !== undefined && t.averageValue !== undefined)
      errs.push(
        forbidden(`${p}.target.averageValue`, 'may not set both a target raw value and a target utilization'),
      );
  } else {
    if (!src.metric?.name) errs.push(required(`${p}.metric.name`, 'must specify a metric name'));
    if (m.type === 'Pods' && t.averageValue === undefined)
      errs.push(required(`${p}.target.averageValue`, 'must specify a positive target averageValue'));
    if (m.type !== 'Pods' && t.value === undefined && t.averageValue === undefined)
      errs.push(required(`${p}.target.value`, 'must set either a target value or averageValue'));
    if (m.type === 'Object') {
      const d = src.describedObject;
      if (!d?.kind) errs.push(required(`${p}.describedObject.kind`));
      if (!d?.name) errs.push(required(`${p}.describedObject.name`));
    }
  }
  return errs;
}

function validateScalingRules(r: any, path: string): FieldError[] {
  if (!isObj(r)) return [];
  const errs: FieldError[] = [];
  const w = r.stabilizationWindowSeconds;
  if (typeof w === 'number') {
    if (w < 0)
      errs.push(invalid(`${path}.stabilizationWindowSeconds`, w, 'must be greater than or equal to zero'));
    else if (w > 3600)
      errs.push(invalid(`${path}.stabilizationWindowSeconds`, w, 'must be less than or equal to 3600'));
  }
  if (r.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(r.selectPolicy))
    errs.push(notSupported(`${path}.selectPolicy`, r.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies: any[] = Array.isArray(r.policies) ? r.policies : [];
  if (policies.length === 0) errs.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((pol, i) => {
    const p = `${path}.policies[${i}]`;
    if (pol?.type !== 'Pods' && pol?.type !== 'Percent')
      errs.push(invalid(`${p}.type`, pol?.type ?? '', 'must be either Pods or Percent'));
    if (!(isInt(pol?.value) && pol.value > 0))
      errs.push(invalid(`${p}.value`, pol?.value ?? 0, 'must be greater than zero'));
    if (!(isInt(pol?.periodSeconds) && pol.periodSeconds > 0))
      errs.push(invalid(`${p}.periodSeconds`, pol?.periodSeconds ?? 0, 'must be greater than zero'));
    else if (pol.periodSeconds > 1800)
      errs.push(invalid(`${p}.periodSeconds`, pol.periodSeconds, 'must be less than or equal to 1800'));
  });
  return errs;
}

/** Validates an HPA already in autoscaling/v2 shape. */
export function validateHPA(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  const spec = isObj(obj.spec) ? obj.spec : {};
  const min = spec.minReplicas;
  if (typeof min === 'number' && min < 1)
    errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  for (const f of ['kind', 'name']) {
    if (!ref[f]) errs.push(required(`spec.scaleTargetRef.${f}`));
    else
      for (const m of isValidPathSegmentName(String(ref[f])))
        errs.push(invalid(`spec.scaleTargetRef.${f}`, ref[f], m));
  }
  (Array.isArray(spec.metrics) ? spec.metrics : []).forEach((m: any, i: number) =>
    errs.push(...validateMetric(m, `spec.metrics[${i}]`)),
  );
  if (isObj(spec.behavior)) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}
