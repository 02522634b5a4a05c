// Loads the Kubernetes generated.proto descriptors extracted from kubectl
// (resources/proto/k8s.json, written by scripts/extract-proto-descriptors.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

let root: protobuf.Root | undefined;

/** Reads resources/proto/<file> walking up from this module (works from source and from dist/). */
export function readProtoResource(file: string): unknown {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, 'resources', 'proto', file);
    if (fs.existsSync(p)) return JSON.parse(fs.readFileSync(p, 'utf8'));
    dir = path.dirname(dir);
  }
  throw new Error(`resources/proto/${file} not found (run scripts/extract-proto-descriptors.mjs)`);
}

export function k8sRoot(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(readProtoResource('k8s.json') as protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

/** Proto package for a group/version, e.g. ('apps','v1') → 'k8s.io.api.apps.v1', ('', 'v1') → core. */
export function protoPackage(group: string, version: string): string {
  const short = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
  return `k8s.io.api.${short}.${version}`;
}

/** The message type for a kind, e.g. apps/v1 Deployment, or undefined when not in the descriptors. */
export function messageFor(apiVersion: string, kind: string): protobuf.Type | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const names = [`${protoPackage(group, version)}.${kind}`];
  // meta/v1 kinds (Status, DeleteOptions, …) travel as v1 in every group.
  names.push(`k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`);
  for (const n of names) {
    const t = lookupType(n);
    if (t) return t;
  }
  return undefined;
}

export function lookupType(fullName: string): protobuf.Type | undefined {
  const r = k8sRoot().lookup(fullName.replace(/^\./, ''));
  return r instanceof protobuf.Type ? r : undefined;
}
