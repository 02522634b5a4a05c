#!/usr/bin/env node
// Extracts the Kubernetes generated.proto descriptors that real kubectl embeds (gzipped
// FileDescriptorProtos registered by gogo-protobuf) and writes them as a protobufjs JSON root.
// Usage: node scripts/extract-proto-descriptors.mjs [path/to/kubectl.1.33] [out.json]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execSync } from 'node:child_process';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

// Only the API groups the server speaks, plus what they import.
const WANTED = [
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/autoscaling/v2/generated.proto',
  'k8s.io/api/coordination/v1/generated.proto',
  'k8s.io/api/discovery/v1/generated.proto',
  'k8s.io/api/events/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
  'k8s.io/api/certificates/v1/generated.proto',
];

function defaultBinary() {
  const real = fs.realpathSync(execSync('command -v kubectl', { encoding: 'utf8' }).trim());
  return path.join(path.dirname(real), 'kubectl.1.33');
}

/** Scans for gzip members with flags=0 (10-byte header) and inflates each one on its own. */
export function scanDescriptors(bin) {
  const magic = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]);
  const found = new Map();
  for (let i = bin.indexOf(magic); i >= 0; i = bin.indexOf(magic, i + 1)) {
    let raw;
    try {
      // inflateRaw stops at the end of this member, so neighbouring members are not concatenated.
      raw = zlib.inflateRawSync(bin.subarray(i + 10, i + 10 + 4_000_000));
    } catch {
      continue;
    }
    let fd;
    try {
      fd = descriptor.FileDescriptorProto.decode(raw);
    } catch {
      continue;
    }
    if (fd.name && fd.name.endsWith('generated.proto') && !found.has(fd.name)) found.set(fd.name, fd);
  }
  return found;
}

/**
 * Finds a raw (not gzipped) FileDescriptorProto by file name, as google.golang.org/protobuf embeds
 * them (gnostic's openapiv2/OpenAPIv2.proto): field 1 (name) starts the message; read fields until
 * one is out of order or not a FileDescriptorProto field, then decode that span.
 */
export function rawDescriptor(bin, fileName) {
  const name = Buffer.from(fileName);
  for (let i = bin.indexOf(name); i >= 0; i = bin.indexOf(name, i + 1)) {
    if (bin[i - 2] !== 0x0a || bin[i - 1] !== name.length) continue;
    const r = protobuf.Reader.create(bin.subarray(i - 2, i - 2 + 1_000_000));
    let end = 0;
    let last = 0;
    try {
      while (r.pos < r.len) {
        const tag = r.uint32();
        const field = tag >>> 3;
        // Fields are serialized in number order; a smaller number starts the next descriptor.
        if (field === 0 || field > 14 || field < last) break;
        last = field;
        r.skipType(tag & 7);
        end = r.pos;
      }
    } catch {
      // ran into unrelated bytes: the span up to the last complete field is the descriptor
    }
    try {
      const fd = descriptor.FileDescriptorProto.decode(bin.subarray(i - 2, i - 2 + end));
      if (fd.messageType.length) return fd;
    } catch {
      continue;
    }
  }
  return undefined;
}

function writeRoot(files, outPath) {
  const root = protobuf.Root.fromDescriptor(descriptor.FileDescriptorSet.create({ file: files }));
  root.resolveAll();
  const json = root.toJSON({ keepComments: false });
  stripOptions(json);
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  fs.writeFileSync(outPath, JSON.stringify(json) + '\n');
  console.log(`wrote ${outPath} (${fs.statSync(outPath).size} bytes, ${files.length} files)`);
}

/**
 * Strategic-merge metadata from the Go struct tags kubectl carries (reflection data), e.g.
 * `json:"containers" patchStrategy:"merge" patchMergeKey:"name" protobuf:"bytes,2,rep,name=containers"`.
 * Keyed by "<proto field number>,<proto field name>"; a key also used by fields without patch
 * tags gets an extra {strategy: ''} variant so the consumer can disambiguate.
 */
export function patchMeta(bin) {
  const text = bin.toString('latin1');
  const re = /json:"[^"]*"(?: [a-zA-Z]+:"[^"]*")*/g;
  const groups = new Map();
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tag = m[0];
    const pb = /protobuf:"\w+,(\d+),(?:opt|rep),name=(\w+)/.exec(tag);
    if (!pb) continue;
    const strategy = /patchStrategy:"([^"]*)"/.exec(tag)?.[1] ?? '';
    const key = /patchMergeKey:"([^"]*)"/.exec(tag)?.[1] ?? '';
    const id = `${pb[1]},${pb[2]}`;
    if (!groups.has(id)) groups.set(id, new Map());
    groups.get(id).set(`${strategy}|${key}`, { strategy, key });
  }
  const out = {};
  for (const [id, variants] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...variants.values()];
    if (list.some((v) => v.strategy)) out[id] = list.map((v) => (v.key ? v : { strategy: v.strategy }));
  }
  return out;
}

function main() {
  const binPath = process.argv[2] || defaultBinary();
  const outPath = process.argv[3] || new URL('../resources/proto/k8s.json', import.meta.url).pathname;
  const bin = fs.readFileSync(binPath);
  const found = scanDescriptors(bin);
  const files = [];
  for (const name of WANTED) {
    const fd = found.get(name);
    if (!fd) throw new Error(`descriptor ${name} not found in ${binPath}`);
    // Drop gogo options/imports: protobufjs does not need them and gogo.proto is not embedded.
    fd.dependency = fd.dependency.filter((d) => WANTED.includes(d));
    fd.sourceCodeInfo = null;
    files.push(fd);
  }
  writeRoot(files, outPath);
  const meta = patchMeta(bin);
  const metaPath = path.join(path.dirname(outPath), 'patch-meta.json');
  fs.writeFileSync(metaPath, JSON.stringify(meta, null, 1) + '\n');
  console.log(`wrote ${metaPath} (${Object.keys(meta).length} fields)`);
  // gnostic's OpenAPI v2 document message, which kubectl 1.27/1.28 decode from GET /openapi/v2.
  const v2 = rawDescriptor(bin, 'openapiv2/OpenAPIv2.proto');
  if (!v2) throw new Error(`openapiv2/OpenAPIv2.proto not found in ${binPath}`);
  // google.protobuf.Any (a dependency) is a well-known type: take protobufjs' bundled definition.
  const anyRoot = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/any.proto'));
  const any = anyRoot.toDescriptor('proto3').file[0];
  any.name = 'google/protobuf/any.proto';
  writeRoot([any, v2], path.join(path.dirname(outPath), 'openapiv2.json'));
}

/** gogoproto options are noise for decoding; keep only packed/proto3_optional-like options protobufjs uses. */
function stripOptions(node) {
  if (!node || typeof node !== 'object') return;
  if (node.options) {
    for (const k of Object.keys(node.options)) if (k.startsWith('(')) delete node.options[k];
    if (!Object.keys(node.options).length) delete node.options;
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object') stripOptions(v);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
