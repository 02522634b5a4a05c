// Deployment and ReplicaSet rules (pkg/apis/apps/validation).
import type { FieldError, KubeObject } from '../types.js';
import { RenderedValue } from '../errors.js';
import { forbidden, goStringMap, intOrStringValue, invalid, isObj, notSupported, required } from './errs.js';
import { isValidPercent } from './names.js';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validatePodTemplateSpec } from './pod.js';
import {
  goLabelSelector,
  selectorIsEmpty,
  selectorMatches,
  validateLabelSelector,
  type LabelSelector,
} from './selector.js';
import { nonNegative } from './container.js';
import { deepEqual } from './equal.js';

function validateTemplateForReplicaSet(
  tpl: any,
  selector: LabelSelector | undefined,
  path: string,
): FieldError[] {
  if (!isObj(tpl)) return [required(path)];
  const errs: FieldError[] = [];
  const labels = isObj(tpl.metadata) ? tpl.metadata.labels : undefined;
  if (selector && !selectorIsEmpty(selector) && !selectorMatches(selector, labels))
    errs.push(
      invalid(
        `${path}.metadata.labels`,
        goStringMap(labels ?? {}),
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodTemplateSpec(tpl, path));
  const spec = isObj(tpl.spec) ? tpl.spec : {};
  if (spec.restartPolicy && spec.restartPolicy !== 'Always')
    errs.push(notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy, ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'),
    );
  return errs;
}

function validateSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [required(path)];
  const errs = validateLabelSelector(sel, path);
  if (selectorIsEmpty(sel as LabelSelector))
    errs.push(
      invalid(path, goLabelSelector(sel as LabelSelector), 'empty selector is invalid for deployment'),
    );
  return errs;
}

/** IntOrString value used by fenceposts: ints as-is, "25%" as 25 (only zero-ness matters here). */
function intOrPercent(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return undefined;
}

function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrStringValue(v), m));
  if (typeof v === 'number') return nonNegative(v, path);
  return [];
}

function validateStrategy(strategy: any, path: string): FieldError[] {
  const s = isObj(strategy) ? strategy : {};
  switch (s.type) {
    case 'Recreate':
      return isObj(s.rollingUpdate)
        ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (!isObj(ru)) return [required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ];
      if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0)
        errs.push(
          invalid(
            `${p}.maxUnavailable`,
            intOrStringValue(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      if (typeof ru.maxUnavailable === 'string' && (intOrPercent(ru.maxUnavailable) ?? 0) > 100)
        errs.push(
          invalid(
            `${p}.maxUnavailable`,
            intOrStringValue(ru.maxUnavailable),
            'must not be greater than 100%',
          ),
        );
      return errs;
    }
    default: {
      const rendered = new RenderedValue(
        `apps.DeploymentStrategy{Type:${JSON.stringify(String(s.type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
      );
      return [notSupported(path, rendered, ['Recreate', 'RollingUpdate'])];
    }
  }
}

function validateReplicasAndTemplate(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelector(spec.selector, 'spec.selector'));
  errs.push(
    ...validateTemplateForReplicaSet(
      spec.template,
      isObj(spec.selector) ? spec.selector : undefined,
      'spec.template',
    ),
  );
  return errs;
}

export function validateDeployment(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
  const spec = isObj(obj.spec) ? obj.spec : {};
  errs.push(...validateReplicasAndTemplate(spec));
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null)
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push(
        invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  return errs;
}

export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validateReplicasAndTemplate(isObj(obj.spec) ? obj.spec : {}));
  return errs;
}

/** apps/v1 forbids changing spec.selector after creation. */
export function validateSelectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const n = obj.spec?.selector;
  const o = old.spec?.selector;
  return deepEqual(n, o) ? [] : [invalid('spec.selector', goLabelSelector(n), 'field is immutable')];
}

export function validateAppsUpdate(
  obj: KubeObject,
  old: KubeObject,
  create: (o: KubeObject) => FieldError[],
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...create(obj),
    ...validateSelectorImmutable(obj, old),
  ];
}

/** Status subresource: counts are non-negative. */
export function validateAppsStatus(obj: KubeObject): FieldError[] {
  const st = isObj(obj.status) ? obj.status : {};
  const errs: FieldError[] = [];
  for (const f of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'fullyLabeledReplicas',
    'observedGeneration',
    'collisionCount',
  ])
    errs.push(...nonNegative(st[f], `status.${f}`));
  return errs;
}
