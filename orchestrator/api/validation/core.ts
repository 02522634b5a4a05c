// ConfigMap, Secret, Namespace, Node, ServiceAccount, Endpoints, Event (pkg/apis/core/validation).
import type { FieldError, KubeObject } from '../types.js';
import { duplicate, forbidden, invalid, isObj, notSupported, required, tooLong } from './errs.js';
import { isConfigMapKey, isDNS1123Label, isQualifiedName, isValidIP, isValidPortNum } from './names.js';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { TAINT_EFFECTS } from './pod.js';
import { quantityOf } from './quantity.js';
import { deepEqual } from './equal.js';

const MAX_SECRET_SIZE = 1024 * 1024;
const meta = (obj: KubeObject, namespaced = true) =>
  validateObjectMeta(obj.metadata, { namespaced, nameFn: nameIsDNSSubdomain });

function validateKeys(data: unknown, path: string, other?: unknown): { errs: FieldError[]; size: number } {
  const errs: FieldError[] = [];
  let size = 0;
  if (!isObj(data)) return { errs, size };
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`${path}[${k}]`, k, m));
    if (isObj(other) && k in other)
      errs.push(
        invalid(`${path}[${k}]`, k, `duplicate of key present in ${path === 'data' ? 'binaryData' : 'data'}`),
      );
    size +=
      typeof v === 'string'
        ? path === 'binaryData'
          ? Buffer.from(v, 'base64').length
          : Buffer.byteLength(v)
        : 0;
  }
  return { errs, size };
}

export function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  const d = validateKeys(obj.data, 'data', obj.binaryData);
  const b = validateKeys(obj.binaryData, 'binaryData');
  errs.push(...d.errs, ...b.errs);
  if (d.size + b.size > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** `immutable: true` freezes data/binaryData and the flag itself. */
function immutableErrors(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields)
    if (!deepEqual(obj[f] ?? {}, old[f] ?? {}))
      errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...immutableErrors(obj, old, ['data', 'binaryData']),
    ...validateConfigMap(obj),
  ];
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function validateSecret(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  const data = isObj(obj.data) ? obj.data : {};
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, m));
    size += typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const type = obj.type ?? 'Opaque';
  for (const key of SECRET_REQUIRED_KEYS[type] ?? []) if (!(key in data)) errs.push(required(`data[${key}]`));
  if (
    type === 'kubernetes.io/service-account-token' &&
    !obj.metadata?.annotations?.['kubernetes.io/service-account.name']
  )
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data))
    errs.push(required('data[username]', 'either username or password or both must be provided'));
  if (type === 'kubernetes.io/dockerconfigjson' && typeof data['.dockerconfigjson'] === 'string') {
    try {
      JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString('utf8'));
    } catch (e) {
      errs.push(invalid('data[.dockerconfigjson]', '<secret contents redacted>', (e as Error).message));
    }
  }
  return errs;
}

export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  if ((obj.type ?? 'Opaque') !== (old.type ?? 'Opaque'))
    errs.push(invalid('type', obj.type, 'field is immutable'));
  errs.push(...immutableErrors(obj, old, ['data']), ...validateSecret(obj));
  return errs;
}

export function validateNamespace(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDNSLabel });
  const fins = obj.spec?.finalizers;
  if (Array.isArray(fins))
    for (const f of fins) {
      const msgs = isQualifiedName(String(f));
      for (const m of msgs) errs.push(invalid('spec.finalizers', f, m));
      if (!msgs.length && f !== 'kubernetes' && !String(f).includes('/'))
        errs.push(
          invalid(
            'spec.finalizers',
            f,
            'name is neither a standard finalizer name nor is it fully qualified',
          ),
        );
    }
  return errs;
}

export function validateNode(obj: KubeObject): FieldError[] {
  const errs = meta(obj, false);
  const spec = isObj(obj.spec) ? obj.spec : {};
  const seen = new Set<string>();
  (Array.isArray(spec.taints) ? spec.taints : []).forEach((t: any, i: number) => {
    const p = `spec.taints[${i}]`;
    if (!t?.key) errs.push(required(`${p}.key`));
    else for (const m of isQualifiedName(String(t.key))) errs.push(invalid(`${p}.key`, t.key, m));
    if (!t?.effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const key = `${t?.key}:${t?.effect}`;
    if (seen.has(key)) errs.push(duplicate(p, `${t?.key}=${t?.value ?? ''}:${t?.effect}`));
    seen.add(key);
  });
  const status = isObj(obj.status) ? obj.status : {};
  for (const list of ['capacity', 'allocatable'])
    if (isObj(status[list]))
      for (const [k, v] of Object.entries(status[list])) {
        const q = quantityOf(v);
        if (q === undefined || q < 0)
          errs.push(invalid(`status.${list}[${k}]`, String(v), 'must be greater than or equal to 0'));
      }
  if (spec.podCIDR && !/^[0-9a-fA-F.:]+\/\d+$/.test(spec.podCIDR))
    errs.push(
      invalid(
        'spec.podCIDR',
        spec.podCIDR,
        'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ),
    );
  return errs;
}

export function validateServiceAccount(obj: KubeObject): FieldError[] {
  return meta(obj);
}

function validateEndpointPorts(ports: unknown, path: string, requireName: boolean): FieldError[] {
  if (!Array.isArray(ports)) return [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((pt: any, i: number) => {
    const p = `${path}[${i}]`;
    if (requireName && !pt?.name) errs.push(required(`${p}.name`));
    else if (pt?.name) {
      for (const m of isDNS1123Label(String(pt.name))) errs.push(invalid(`${p}.name`, pt.name, m));
      if (names.has(pt.name)) errs.push(duplicate(`${p}.name`, pt.name));
      names.add(pt.name);
    }
    for (const m of isValidPortNum(pt?.port)) errs.push(invalid(`${p}.port`, pt?.port ?? 0, m));
    if (!pt?.protocol) errs.push(required(`${p}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(pt.protocol))
      errs.push(notSupported(`${p}.protocol`, pt.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs = meta(obj);
  (Array.isArray(obj.subsets) ? obj.subsets : []).forEach((ss: any, i: number) => {
    const p = `subsets[${i}]`;
    for (const list of ['addresses', 'notReadyAddresses'])
      (Array.isArray(ss?.[list]) ? ss[list] : []).forEach((a: any, j: number) => {
        if (!a?.ip) errs.push(required(`${p}.${list}[${j}].ip`));
        else if (!isValidIP(String(a.ip)))
          errs.push(invalid(`${p}.${list}[${j}].ip`, a.ip, 'must be a valid IP address'));
        if (a?.hostname)
          for (const m of isDNS1123Label(String(a.hostname)))
            errs.push(invalid(`${p}.${list}[${j}].hostname`, a.hostname, m));
      });
    const ports = Array.isArray(ss?.ports) ? ss.ports : [];
    errs.push(...validateEndpointPorts(ports, `${p}.ports`, ports.length > 1));
  });
  return errs;
}

/** Core Event rules: involvedObject.namespace must agree with the event's namespace. */
export function validateEvent(obj: KubeObject, reportingField = 'reportingComponent'): FieldError[] {
  const errs = meta(obj);
  const ns = obj.metadata?.namespace ?? '';
  const involvedNs = obj.involvedObject?.namespace ?? '';
  const mismatch = () =>
    errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  if (!obj.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== involvedNs) mismatch();
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') mismatch();
    if (involvedNs && ns !== involvedNs) mismatch();
    if (!obj.reportingComponent) errs.push(required(reportingField));
    else
      for (const m of isQualifiedName(obj.reportingComponent))
        errs.push(invalid(reportingField, obj.reportingComponent, m));
    if (!obj.reportingInstance) errs.push(required('reportingInstance'));
    else if (String(obj.reportingInstance).length > 128)
      errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
    if (!obj.action) errs.push(required('action'));
    else if (String(obj.action).length > 128)
      errs.push(invalid('action', '', 'can have at most 128 characters'));
    if (!obj.reason) errs.push(required('reason'));
    else if (String(obj.reason).length > 128)
      errs.push(invalid('reason', '', 'can have at most 128 characters'));
    if (obj.message && String(obj.message).length > 4096)
      errs.push(invalid('message', '', 'can have at most 4096 characters'));
  }
  if (obj.type && obj.type !== 'Normal' && obj.type !== 'Warning' && obj.eventTime)
    errs.push(invalid('type', '', `has invalid value: ${obj.type}`));
  return errs;
}
