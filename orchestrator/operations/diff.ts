// `kubectl diff --server-side -f manifest.yaml` for the YAML editor: each manifest is applied as a
// server-side dry run and compared with the live object, both without server bookkeeping.
import { stringify } from 'yaml';
import type { Registry } from '../api/registry/registry.js';
import type { KubeObject } from '../api/types.js';
import type { ApplyError, DiffObject, DiffResult } from '../contract/index.js';
import { forEachManifest, pinStatusError, serverSideApply } from './apply.js';
import { typeName } from './kinds.js';

/** Fields that change on every write; kubectl diff hides them so only real changes show. */
const NOISE = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp'];

function clean(obj: KubeObject): KubeObject {
  const metadata = { ...obj.metadata } as Record<string, unknown>;
  for (const k of NOISE) delete metadata[k];
  return { ...obj, metadata };
}

/**
 * Secret values never reach the screen: like kubectl diff, each shows as "***", or as
 * "*** (before)" / "*** (after)" when it changes, so the diff still says which keys changed.
 */
function maskSecrets(live: KubeObject | undefined, merged: KubeObject): void {
  for (const field of ['data', 'stringData'] as const) {
    const a = (live?.[field] ?? {}) as Record<string, string>;
    const b = (merged[field] ?? {}) as Record<string, string>;
    const changed = (k: string) => k in a && k in b && a[k] !== b[k];
    if (live?.[field]) live[field] = mask(a, (k) => (changed(k) ? '*** (before)' : '***'));
    if (merged[field]) merged[field] = mask(b, (k) => (changed(k) ? '*** (after)' : '***'));
  }
}
const mask = (m: Record<string, string>, label: (k: string) => string) =>
  Object.fromEntries(Object.keys(m).map((k) => [k, label(k)]));

const toYaml = (o: KubeObject | undefined) => (o ? stringify(o) : '');

export function diffManifest(registry: Registry, params: { yaml: string; namespace?: string }): DiffResult {
  const objects: DiffObject[] = [];
  const errors: ApplyError[] = [];
  forEachManifest(params.yaml, params.namespace, errors, (m) => {
    try {
      const found = registry.tryGet(m.info, m.namespace, m.name);
      const live = found && clean(found);
      const merged = clean(serverSideApply(registry, m, true).obj);
      if (m.info.kind === 'Secret') maskSecrets(live, merged);
      const [liveYaml, mergedYaml] = [toYaml(live), toYaml(merged)];
      objects.push({
        kind: typeName(m.info),
        name: m.name,
        namespace: m.info.namespaced ? m.namespace : undefined,
        state: !live ? 'new' : liveYaml === mergedYaml ? 'unchanged' : 'changed',
        live: liveYaml,
        merged: mergedYaml,
      });
    } catch (e) {
      pinStatusError(e, m);
    }
  });
  const ns = params.namespace ? ` -n ${params.namespace}` : '';
  const changes = objects.filter((o) => o.state !== 'unchanged');
  return {
    kubectl: `kubectl diff --server-side --force-conflicts${ns} -f manifest.yaml`,
    message: [
      ...objects.map((o) => `${o.kind}/${o.name} ${o.state}`),
      ...errors.map((e) => `line ${e.line}: ${e.message}`),
    ].join('\n'),
    // kubectl diff exits 1 when something would change, 0 when nothing would.
    changed: changes.length > 0,
    objects,
    errors,
  };
}
