// `kubectl apply` for the YAML editor: each document server-side applied in order, a result per
// object (created/configured/unchanged), and failures pinned to the line that caused them.
import { LineCounter, parseAllDocuments } from 'yaml';
import { StatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { KubeObject, ResourceInfo } from '../api/types.js';
import type { ApplyError, ApplyObjectResult, ApplyResult } from '../contract/index.js';
import { infoForManifest, typeName } from './kinds.js';
import { fieldOffset, fieldPath, lineOf } from './yaml-lines.js';

export const FIELD_MANAGER = 'kubectl';

/** One well-formed manifest of a stream, with a way to pin a message to one of its fields. */
export interface Manifest {
  obj: KubeObject;
  info: ResourceInfo;
  name: string;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  pin(path: (string | number)[], message: string): void;
}

/**
 * Parses a multi-document stream and calls `visit` for each manifest that names a known kind;
 * syntax errors and missing apiVersion/kind/name go to `errors` with their line.
 */
export function forEachManifest(
  yaml: string,
  defaultNamespace: string | undefined,
  errors: ApplyError[],
  visit: (m: Manifest) => void,
): void {
  const counter = new LineCounter();
  const docs = parseAllDocuments(yaml, { lineCounter: counter });
  if (!Array.isArray(docs)) {
    errors.push({ line: 1, column: 1, document: 0, message: 'not a YAML stream' });
    return;
  }
  docs.forEach((doc, index) => {
    const pin = (path: (string | number)[], message: string) => {
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
    if (typeof obj !== 'object' || Array.isArray(obj)) return pin([], 'a manifest must be a YAML mapping');
    if (!obj.apiVersion) return pin([], "apiVersion not set: every manifest needs 'apiVersion' and 'kind'");
    if (!obj.kind) return pin([], "kind not set: every manifest needs 'apiVersion' and 'kind'");
    const info = infoForManifest(String(obj.apiVersion), String(obj.kind));
    if (!info) return pin(['kind'], `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
    const name = obj.metadata?.name;
    if (!name) return pin(['metadata'], 'metadata.name: Required value: name is required');
    const namespace = info.namespaced ? (obj.metadata.namespace ?? defaultNamespace ?? 'default') : '';
    visit({ obj, info, name, namespace, pin });
  });
}

/** JSON with object keys in order, as Go encodes the unstructured objects kubectl sends. */
function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortedJson(o[k])]),
  );
}

/**
 * A server-side apply of one manifest, the same request `kubectl apply --server-side` sends: the
 * namespace filled in and keys sorted, so a last-applied annotation the server keeps current reads
 * exactly as kubectl's would (and `kubectl diff` afterwards finds nothing).
 */
export function serverSideApply(registry: Registry, m: Manifest, dryRun: boolean) {
  const metadata = m.info.namespaced ? { ...m.obj.metadata, namespace: m.namespace } : m.obj.metadata;
  const body = JSON.stringify(sortedJson({ ...m.obj, metadata }));
  return registry.patch(m.info, m.namespace, m.name, 'application/apply-patch+yaml', body, {
    fieldManager: FIELD_MANAGER,
    force: true,
    dryRun,
  });
}

/** A rejected request: each field cause on its own line, else the message on the name. */
export function pinStatusError(e: unknown, m: Manifest): void {
  if (!(e instanceof StatusError)) throw e;
  const causes = e.details?.causes?.filter((c) => c.field) ?? [];
  if (!causes.length) return m.pin(['metadata', 'name'], e.message);
  for (const c of causes) m.pin(fieldPath(c.field!), `${c.field}: ${c.message ?? e.message}`);
}

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
  const results: ApplyObjectResult[] = [];
  const errors: ApplyError[] = [];
  forEachManifest(params.yaml, params.namespace, errors, (m) => {
    try {
      const before = registry.tryGet(m.info, m.namespace, m.name);
      const { obj: after, created } = serverSideApply(registry, m, !!params.dryRun);
      results.push({
        kind: typeName(m.info),
        name: m.name,
        namespace: m.info.namespaced ? m.namespace : undefined,
        action: created ? 'created' : sameContent(before, after) ? 'unchanged' : 'configured',
      });
    } catch (e) {
      pinStatusError(e, m);
    }
  });
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
