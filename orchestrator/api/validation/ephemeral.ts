// Ephemeral containers (pkg/apis/core/validation validateEphemeralContainers and
// ValidatePodEphemeralContainersUpdate): what the pods/ephemeralcontainers subresource accepts.
import type { FieldError, KubeObject } from '../types.js';
import { duplicate, forbidden, isObj, notFound } from './errs.js';
import { validateContainer } from './container.js';
import { deepEqual } from './equal.js';
import { validateObjectMetaUpdate } from './meta.js';
import { validatePod } from './pod.js';
import { validateVolumes } from './volumes.js';

/**
 * Container fields an ephemeral container may not set, in the Go struct's field order
 * (upstream keeps an allow-list; everything else below is refused).
 */
const DISALLOWED = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];
const NOT_ALLOWED = 'cannot be set for an Ephemeral Container';

/** Go's zero value: absent, null, or an empty list/struct (kubectl sends `resources: {}`). */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

const list = (v: unknown): Record<string, any>[] => (Array.isArray(v) ? v : []);

export function validateEphemeralContainers(spec: Record<string, any>, path: string): FieldError[] {
  const ecs = list(spec.ephemeralContainers);
  if (ecs.length === 0) return [];
  const errs: FieldError[] = [];
  const { names: volumeNames } = validateVolumes(spec.volumes, `${path}.volumes`);
  const others = new Set<string>(
    [...list(spec.containers), ...list(spec.initContainers)].map((c) => c?.name),
  );
  const all = new Set(others);
  ecs.forEach((ec, i) => {
    const idx = `${path}.ephemeralContainers[${i}]`;
    if (!isObj(ec)) {
      errs.push(...validateContainer(ec, idx, { volumeNames, names: new Set(), init: false }));
      return;
    }
    // The common container checks, on the fields an ephemeral container may have.
    const common: Record<string, any> = { ...ec };
    for (const f of [...DISALLOWED, 'targetContainerName']) delete common[f];
    errs.push(
      ...validateContainer(common, idx, { volumeNames, names: new Set(), init: false }).filter(
        (e) => e.field !== `${idx}.name` || e.type !== 'FieldValueDuplicate',
      ),
    );
    // Names are unique across containers, init containers and ephemeral containers.
    if (ec.name) {
      if (all.has(ec.name)) errs.push(duplicate(`${idx}.name`, ec.name));
      else all.add(ec.name);
    }
    if (ec.targetContainerName && !others.has(ec.targetContainerName))
      errs.push(notFound(`${idx}.targetContainerName`, ec.targetContainerName));
    for (const f of DISALLOWED) if (isSet(ec[f])) errs.push(forbidden(`${idx}.${f}`, NOT_ALLOWED));
    list(ec.volumeMounts).forEach((m, j) => {
      if (m?.subPath) errs.push(forbidden(`${idx}.volumeMounts[${j}].subPath`, NOT_ALLOWED));
      if (m?.subPathExpr) errs.push(forbidden(`${idx}.volumeMounts[${j}].subPathExpr`, NOT_ALLOWED));
    });
  });
  return errs;
}

/** ValidatePodCreate: ephemeral containers only ever arrive through the subresource. */
export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePod(pod);
  if (list(pod.spec?.ephemeralContainers).length > 0)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}

/** A write through pods/ephemeralcontainers: new ones may be added, existing ones never change. */
export function validatePodEphemeralContainersUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(pod.metadata, old.metadata),
    ...validatePod(pod),
    ...validateEphemeralContainers(isObj(pod.spec) ? pod.spec : {}, 'spec'),
  ];
  if (old.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
    return [forbidden('', 'static pods do not support ephemeral containers')];
  const byName = new Map(list(pod.spec?.ephemeralContainers).map((c) => [c?.name, c]));
  for (const prev of list(old.spec?.ephemeralContainers)) {
    const next = byName.get(prev.name);
    if (!next)
      errs.push(
        forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers "${prev.name}" may not be removed\n`,
        ),
      );
    else if (!deepEqual(prev, next))
      errs.push(
        forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers "${prev.name}" may not be changed\n${specDiff(prev, next)}`,
        ),
      );
  }
  return errs;
}

/** A short account of what changed (upstream prints a cmp.Diff of the two structs). */
function specDiff(a: Record<string, any>, b: Record<string, any>): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys
    .filter((k) => !deepEqual(a[k], b[k]))
    .map((k) => `- ${k}: ${JSON.stringify(a[k] ?? null)}\n+ ${k}: ${JSON.stringify(b[k] ?? null)}`)
    .join('\n');
}
