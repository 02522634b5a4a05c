// core/v1 ReplicationController and PodTemplate rules (pkg/apis/core/validation).
import type { FieldError, KubeObject } from '../types.js';
import { forbidden, goStringMap, invalid, isObj, notSupported, required } from './errs.js';
import { nonNegative } from './container.js';
import { nameIsDNSSubdomain, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validatePodTemplateSpec } from './pod.js';

const nonEmptyMap = (m: unknown): m is Record<string, string> => isObj(m) && Object.keys(m).length > 0;

/** ValidatePodTemplateSpecForRC: the selector (a plain map) must match the template's labels. */
function validateTemplateForRC(tpl: unknown, selector: unknown, path: string): FieldError[] {
  if (!isObj(tpl)) return [required(path)];
  const errs: FieldError[] = [];
  const labels: Record<string, string> =
    isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? tpl.metadata.labels : {};
  if (nonEmptyMap(selector) && !Object.entries(selector).every(([k, v]) => labels[k] === v))
    errs.push(
      invalid(`${path}.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'),
    );
  errs.push(...validatePodTemplateSpec(tpl, path));
  const spec = isObj(tpl.spec) ? tpl.spec : {};
  if (spec.restartPolicy && spec.restartPolicy !== 'Always')
    errs.push(notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy, ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(
        `${path}.spec.activeDeadlineSeconds`,
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  return errs;
}

export function validateReplicationController(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
  const spec = isObj(obj.spec) ? obj.spec : {};
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (!nonEmptyMap(spec.selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateTemplateForRC(spec.template, spec.selector, 'spec.template'));
  return errs;
}

/** Unlike apps/v1, an RC's selector may change after creation. */
export function validateReplicationControllerUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateReplicationController(obj)];
}

/** ValidateReplicationControllerStatus: counts are non-negative and bounded by replicas. */
export function validateReplicationControllerStatus(obj: KubeObject): FieldError[] {
  const st = isObj(obj.status) ? obj.status : {};
  const errs: FieldError[] = [];
  for (const f of [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ])
    errs.push(...nonNegative(st[f], `status.${f}`));
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (n(st.fullyLabeledReplicas) > n(st.replicas))
    errs.push(
      invalid(
        'status.fullyLabeledReplicas',
        st.fullyLabeledReplicas,
        'cannot be greater than the number of replicas',
      ),
    );
  if (n(st.readyReplicas) > n(st.replicas))
    errs.push(
      invalid('status.readyReplicas', st.readyReplicas, 'cannot be greater than the number of replicas'),
    );
  if (n(st.availableReplicas) > n(st.replicas))
    errs.push(
      invalid(
        'status.availableReplicas',
        st.availableReplicas,
        'cannot be greater than the number of replicas',
      ),
    );
  if (n(st.availableReplicas) > n(st.readyReplicas))
    errs.push(
      invalid('status.availableReplicas', st.availableReplicas, 'cannot be greater than readyReplicas'),
    );
  return errs;
}

export function validatePodTemplate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validatePodTemplateSpec(obj.template, 'template'));
  return errs;
}
