// `kubectl apply` for the YAML editor: each document server-side applied in order, a result per
// object (created/configured/unchanged), and failures pinned to the line that caused them.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { StatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { KubeObject } from '../api/types.js';
import type { ApplyError, ApplyObjectResult, ApplyResult } from './contract.js';
import { infoForManifest, typeName } from './kinds.js';
import { fieldOffset, fieldPath, lineOf } from './yaml-lines.js';

const FIELD_MANAGER = 'kubectl';

/** Compares what a person would call "the object": no bookkeeping fields. */
function sameContent(a: KubeObject | undefined, b: KubeObject): boolean {
  if (!a) return false;
  const strip = (o: KubeObject) => {
    const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = o.metadata;
    return JSON.stringify({ ...o, metadata: meta });
  };
  return strip(a) === strip(b);
}

export function applyYaml(
  registry: Registry,
  params: { yaml: string; namespace?: string; dryRun?: boolean },
): ApplyResult {
  const counter = new LineCounter();
  const docs = parseAllDocuments(params.yaml, { lineCounter: counter });
  const results: ApplyObjectResult[] = [];
  const errors: ApplyError[] = [];
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => applyOne(registry, doc, index, counter, params, results, errors));
  if (!Array.isArray(docs)) errors.push({ line: 1, column: 1, document: 0, message: 'not a YAML stream' });
  const dry = params.dryRun ? ' --dry-run=server' : '';
  const ns = params.namespace ? ` -n ${params.namespace}` : '';
  const summary = results.map(
    (r) => `${r.kind}/${r.name} ${r.action}${params.dryRun ? ' (server dry run)' : ''}`,
  );
  return {
    kubectl: `kubectl apply --server-side --force-conflicts${ns}${dry} -f manifest.yaml`,
    message: [...summary, ...errors.map((e) => `line ${e.line}: ${e.message}`)].join('\n'),
    dryRun: !!params.dryRun,
    results,
    errors,
  };
}

function applyOne(
  registry: Registry,
  doc: Document,
  index: number,
  counter: LineCounter,
  params: { namespace?: string; dryRun?: boolean },
  results: ApplyObjectResult[],
  errors: ApplyError[],
): void {
  const at = (path: (string | number)[], message: string) => {
    errors.push({ ...lineOf(counter, fieldOffset(doc, path)), document: index, message });
  };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      errors.push({ line: pos?.line ?? 1, column: pos?.col ?? 1, document: index, message: e.message });
    }
    return;
  }
  const obj = doc.toJS() as KubeObject | null;
  if (obj === null || obj === undefined) return; // an empty document (e.g. trailing ---)
  if (typeof obj !== 'object' || Array.isArray(obj)) return at([], 'a manifest must be a YAML mapping');
  if (!obj.apiVersion) return at([], "apiVersion not set: every manifest needs 'apiVersion' and 'kind'");
  if (!obj.kind) return at([], "kind not set: every manifest needs 'apiVersion' and 'kind'");
  const info = infoForManifest(String(obj.apiVersion), String(obj.kind));
  if (!info) return at(['kind'], `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  const name = obj.metadata?.name;
  if (!name) return at(['metadata'], 'metadata.name: Required value: name is required');
  const namespace = info.namespaced ? (obj.metadata.namespace ?? params.namespace ?? 'default') : '';
  try {
    const before = registry.tryGet(info, namespace, name);
    const { obj: after, created } = registry.patch(
      info,
      namespace,
      name,
      'application/apply-patch+yaml',
      JSON.stringify(obj),
      { fieldManager: FIELD_MANAGER, force: true, dryRun: params.dryRun },
    );
    results.push({
      kind: typeName(info),
      name,
      namespace: info.namespaced ? namespace : undefined,
      action: created ? 'created' : sameContent(before, after) ? 'unchanged' : 'configured',
    });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    const causes = e.details?.causes?.filter((c) => c.field) ?? [];
    if (!causes.length) return at(['metadata', 'name'], e.message);
    for (const c of causes) at(fieldPath(c.field!), `${c.field}: ${c.message ?? e.message}`);
  }
}
