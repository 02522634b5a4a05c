import { RESOURCES } from '../../../orchestrator/api/resources.js';
import type { FieldError, KubeObject, ResourceInfo } from '../../../orchestrator/api/types.js';
import { fieldErrorText, invalid } from '../../../orchestrator/api/errors.js';
import { applyDefaults } from '../../../orchestrator/api/defaults/index.js';
import { validateCreate, validateUpdate } from '../../../orchestrator/api/validation/index.js';

export function info(group: string, version: string, resource: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.group === group && x.version === version && x.resource === resource);
  if (!r) throw new Error(`no resource ${group}/${version}/${resource}`);
  return r;
}

/** Defaults then validates, like the API server does on create. */
export function create(i: ResourceInfo, obj: KubeObject): FieldError[] {
  const o = structuredClone(obj);
  applyDefaults(i, o);
  return validateCreate(i, o);
}

export function update(i: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  const n = structuredClone(obj);
  const o = structuredClone(old);
  applyDefaults(i, n);
  applyDefaults(i, o);
  return validateUpdate(i, n, o);
}

/** `field: text` lines as they appear in a 422 message. */
export const lines = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${fieldErrorText(e)}`);
export const fields = (errs: FieldError[]) => errs.map((e) => `${e.type} ${e.field}`);
export { invalid as invalidStatus };

export const pod = (spec: Record<string, any> = {}, name = 'web'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
});

export const deployment = (
  spec: Record<string, any> = {},
  labels: Record<string, string> = { app: 'web' },
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    ...spec,
  },
});
