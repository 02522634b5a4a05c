// kubeconfig files: the cluster's standalone one, and merging our entries into the user's kubeconfig
// (the file kubectl would use) without disturbing anything else in it (comments included).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { UserError } from '../config/errors.js';
import { writeFileAtomic } from './fs-atomic.js';

export interface KubeconfigEntry {
  /** Name given to the cluster, user and context entries alike. */
  name: string;
  server: string;
  caPem: string;
  token: string;
}

const YAML_OPTS = { lineWidth: 0 } as const;

/** The file kubectl reads and writes: first path of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env.KUBECONFIG ?? '')
    .split(path.delimiter)
    .map((p) => p.trim())
    .find((p) => p.length > 0);
  return first ? path.resolve(first) : path.join(os.homedir(), '.kube', 'config');
}

function entryObjects(e: KubeconfigEntry) {
  return {
    cluster: {
      name: e.name,
      cluster: { server: e.server, 'certificate-authority-data': Buffer.from(e.caPem).toString('base64') },
    },
    user: { name: e.name, user: { token: e.token } },
    context: { name: e.name, context: { cluster: e.name, user: e.name } },
  };
}

/** A complete kubeconfig holding only this cluster (what `kubedeck kubeconfig` prints). */
export function standaloneKubeconfig(e: KubeconfigEntry): string {
  const o = entryObjects(e);
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [o.cluster],
      users: [o.user],
      contexts: [o.context],
      'current-context': e.name,
      preferences: {},
    },
    YAML_OPTS,
  );
}

function load(file: string): Document {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const doc: Document = parseDocument(text);
  if (doc.errors.length) {
    throw new UserError(
      `${file} is not valid YAML (${doc.errors[0].message.split('\n')[0]})`,
      'fix it, or point KUBECONFIG at another file',
    );
  }
  if (!isMap(doc.contents)) {
    const c = doc.contents;
    const empty = c === null || (isScalar(c) && (c.value === null || c.value === ''));
    if (!empty) {
      throw new UserError(
        `${file} is not a kubeconfig (top level is not a mapping)`,
        'fix it, or point KUBECONFIG at another file',
      );
    }
    doc.contents = doc.createNode({ apiVersion: 'v1', kind: 'Config', preferences: {} });
  }
  if (!doc.has('apiVersion')) doc.set('apiVersion', 'v1');
  if (!doc.has('kind')) doc.set('kind', 'Config');
  return doc;
}

function findIndex(doc: Document, list: string, name: string): number {
  const seq = doc.get(list);
  if (!isSeq(seq)) return -1;
  return seq.items.findIndex((item) => isMap(item) && item.get('name') === name);
}

function upsert(doc: Document, list: string, value: { name: string }): void {
  let seq = doc.get(list);
  if (!isSeq(seq)) {
    // kubectl writes `clusters: null` for empty lists: replace it with a real sequence.
    seq = doc.createNode([]);
    doc.set(list, seq);
  }
  // Adding to a flow list (`clusters: []`) would render our entries inline: switch it to block style.
  if ((seq as { flow?: boolean }).flow) (seq as { flow?: boolean }).flow = false;
  const items = (seq as { items: unknown[] }).items;
  const node = doc.createNode(value);
  const i = findIndex(doc, list, value.name);
  if (i >= 0) items[i] = node;
  else items.push(node);
}

function removeNamed(doc: Document, list: string, name: string): boolean {
  const i = findIndex(doc, list, name);
  if (i < 0) return false;
  (doc.get(list) as { items: unknown[] }).items.splice(i, 1);
  return true;
}

/** Adds or replaces our cluster/user/context entries and (by default) makes our context current. */
export function mergeKubeconfig(file: string, e: KubeconfigEntry, opts: { setCurrent?: boolean } = {}): void {
  const doc = load(file);
  const o = entryObjects(e);
  upsert(doc, 'clusters', o.cluster);
  upsert(doc, 'users', o.user);
  upsert(doc, 'contexts', o.context);
  if (opts.setCurrent ?? true) doc.set('current-context', e.name);
  writeFileAtomic(file, doc.toString(YAML_OPTS), 0o600);
}

/** Removes our entries; unsets current-context when it pointed at ours. Returns whether anything changed. */
export function removeFromKubeconfig(file: string, name: string): boolean {
  if (!existsSync(file)) return false;
  const doc = load(file);
  let changed = false;
  for (const list of ['clusters', 'users', 'contexts']) changed = removeNamed(doc, list, name) || changed;
  if (doc.get('current-context') === name) {
    doc.delete('current-context');
    changed = true;
  }
  if (changed) writeFileAtomic(file, doc.toString(YAML_OPTS), 0o600);
  return changed;
}
