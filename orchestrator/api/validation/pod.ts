// Pod spec, pod template and pod update rules (pkg/apis/core/validation ValidatePodSpec & co).
import type { FieldError, KubeObject } from '../types.js';
import { duplicate, forbidden, invalid, isObj, notSupported, required } from './errs.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { nameIsDNSSubdomain, validateAnnotations, validateLabels, validateObjectMeta } from './meta.js';
import { validateContainer, type ContainerContext } from './container.js';
import { validateVolumes } from './volumes.js';
import { deepEqual } from './equal.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2147483647;

function validateTolerations(tols: unknown, path: string): FieldError[] {
  if (!Array.isArray(tols)) return [];
  const errs: FieldError[] = [];
  tols.forEach((t: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(t)) return;
    if (t.key) for (const m of isQualifiedName(String(t.key))) errs.push(invalid(`${p}.key`, t.key, m));
    if (!t.key && t.operator !== 'Exists')
      errs.push(
        invalid(
          `${p}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      errs.push(
        invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    switch (t.operator) {
      case undefined:
      case '':
      case 'Equal':
        for (const m of isValidLabelValue(String(t.value ?? '')))
          errs.push(invalid(`${p}.operator`, t.value, m));
        break;
      case 'Exists':
        if (t.value)
          errs.push(invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${p}.operator`, t.operator, TOLERATION_OPERATORS));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errs;
}

/** Host ports must be unique per protocol across all containers. */
function validateHostPorts(spec: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [field, list] of [
    ['initContainers', spec.initContainers],
    ['containers', spec.containers],
  ] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((c: any, ci: number) => {
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port: any, pi: number) => {
        const p = `${path}.${field}[${ci}].ports[${pi}].hostPort`;
        if (spec.hostNetwork && port.hostPort && port.hostPort !== port.containerPort)
          errs.push(invalid(p, port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
        if (!port.hostPort) return;
        const key = `${port.hostIP ?? ''}/${port.hostPort}/${port.protocol ?? 'TCP'}`;
        if (seen.has(key)) errs.push(duplicate(p, `${port.hostPort}/${port.protocol ?? 'TCP'}`));
        seen.add(key);
      });
    });
  }
  return errs;
}

export function validatePodSpec(spec: any, path: string): FieldError[] {
  if (!isObj(spec)) return [required(path)];
  const errs: FieldError[] = [];
  const { errs: volErrs, names: volumeNames } = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...volErrs);
  const regular = Array.isArray(spec.containers) ? spec.containers : [];
  if (regular.length === 0) errs.push(required(`${path}.containers`));
  const ctx: ContainerContext = { volumeNames, names: new Set(), init: false };
  regular.forEach((c: any, i: number) => errs.push(...validateContainer(c, `${path}.containers[${i}]`, ctx)));
  if (Array.isArray(spec.initContainers)) {
    const initCtx: ContainerContext = { volumeNames, names: ctx.names, init: true };
    spec.initContainers.forEach((c: any, i: number) =>
      errs.push(...validateContainer(c, `${path}.initContainers[${i}]`, initCtx)),
    );
  }
  errs.push(...validateHostPorts(spec, path));
  if (!spec.restartPolicy) errs.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy))
    errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (!spec.dnsPolicy) errs.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy))
    errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  else if (spec.dnsPolicy === 'None' && !isObj(spec.dnsConfig))
    errs.push(required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.serviceAccountName)
    for (const m of isDNS1123Subdomain(String(spec.serviceAccountName)))
      errs.push(invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.nodeName)
    for (const m of isDNS1123Subdomain(String(spec.nodeName)))
      errs.push(invalid(`${path}.nodeName`, spec.nodeName, m));
  if (spec.hostname)
    for (const m of isDNS1123Label(String(spec.hostname)))
      errs.push(invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(String(spec.subdomain)))
      errs.push(invalid(`${path}.subdomain`, spec.subdomain, m));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (!(Number.isInteger(v) && v >= 1 && v <= MAX_INT32))
      errs.push(invalid(`${path}.activeDeadlineSeconds`, v, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (Array.isArray(spec.imagePullSecrets))
    spec.imagePullSecrets.forEach((s: any, i: number) => {
      if (!s?.name) errs.push(required(`${path}.imagePullSecrets[${i}].name`));
    });
  return errs;
}

/** ValidatePodTemplateSpec: template labels are checked at `<path>.labels` (sic, upstream). */
export function validatePodTemplateSpec(tpl: any, path: string): FieldError[] {
  if (!isObj(tpl)) return [required(path)];
  const meta = isObj(tpl.metadata) ? tpl.metadata : {};
  const errs = [
    ...validateLabels(meta.labels, `${path}.labels`),
    ...validateAnnotations(meta.annotations, `${path}.annotations`),
  ];
  errs.push(...validatePodSpec(tpl.spec, `${path}.spec`));
  if (Array.isArray(tpl.spec?.ephemeralContainers) && tpl.spec.ephemeralContainers.length)
    errs.push(
      forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'),
    );
  return errs;
}

export function validatePod(pod: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validatePodSpec(pod.spec, 'spec'),
  ];
}

const UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate: the spec is frozen except images, activeDeadlineSeconds, added tolerations, removed scheduling gates. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = isObj(pod.spec) ? pod.spec : {};
  const os = isObj(old.spec) ? old.spec : {};
  for (const field of ['containers', 'initContainers'] as const) {
    const n: any[] = ns[field] ?? [];
    const o: any[] = os[field] ?? [];
    if (n.length !== o.length) {
      errs.push(forbidden(`spec.${field}`, 'pod updates may not add or remove containers'));
      return errs;
    }
    n.forEach((c, i) => {
      if (!c?.image) errs.push(required(`spec.${field}[${i}].image`));
    });
  }
  const nad = ns.activeDeadlineSeconds;
  const oad = os.activeDeadlineSeconds;
  if (nad !== undefined && nad !== null) {
    if (!(Number.isInteger(nad) && nad >= 0 && nad <= MAX_INT32)) {
      errs.push(invalid('spec.activeDeadlineSeconds', nad, `must be between 0 and ${MAX_INT32}, inclusive`));
      return errs;
    }
    if (oad !== undefined && oad !== null && oad < nad) {
      errs.push(invalid('spec.activeDeadlineSeconds', nad, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oad !== undefined && oad !== null) {
    errs.push(
      invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'),
    );
  }
  // Every existing toleration must survive unchanged (tolerationSeconds may change).
  const ntol: any[] = ns.tolerations ?? [];
  (os.tolerations ?? []).forEach((t: any, i: number) => {
    const same = ntol.some((x) =>
      deepEqual({ ...x, tolerationSeconds: undefined }, { ...t, tolerationSeconds: undefined }),
    );
    if (!same)
      errs.push(
        forbidden(
          `spec.tolerations[${i}]`,
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      );
  });
  // Scheduling gates may only be removed.
  const ngates: any[] = ns.schedulingGates ?? [];
  const ogates: any[] = os.schedulingGates ?? [];
  if (ngates.some((g) => !ogates.some((o) => o?.name === g?.name)))
    errs.push(forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate'));
  // Mask the mutable fields and require the rest to be identical.
  const mask = (s: any): any => {
    const c = structuredClone(s);
    for (const f of ['containers', 'initContainers'])
      if (Array.isArray(c[f])) c[f] = c[f].map((x: any) => ({ ...x, image: undefined }));
    delete c.activeDeadlineSeconds;
    delete c.tolerations;
    delete c.schedulingGates;
    if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0)
      c.terminationGracePeriodSeconds = 1;
    return c;
  };
  const masked = mask(ns);
  const oldMasked = mask(os);
  if (
    typeof os.terminationGracePeriodSeconds === 'number' &&
    os.terminationGracePeriodSeconds < 0 &&
    ns.terminationGracePeriodSeconds === 1
  )
    oldMasked.terminationGracePeriodSeconds = 1;
  if (!deepEqual(masked, oldMasked)) errs.push(forbidden('spec', UPDATABLE));
  return errs;
}
