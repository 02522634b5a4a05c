// Materialises a pod's volumes on the host filesystem under <rootDir>/pods/<uid>/volumes and
// turns volumeMounts into Docker binds. Re-running setup refreshes configMap/secret/downward
// contents atomically (what upstream's periodic remount does).
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../../api/types.js';
import { writeAtomic, type Payload } from './atomic-writer.js';
import type { ObjectSource } from './container-spec.js';
import { resolveFieldRef, resolveResourceFieldRef, type PodRuntimeFacts } from './downward.js';

export class VolumeError extends Error {
  constructor(
    readonly volume: string,
    detail: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${detail}`);
  }
}

export interface VolumeContext {
  rootDir: string;
  sources: ObjectSource;
  facts: PodRuntimeFacts;
}

/** Volumes the kubelet materialises; anything else (PVCs, CSI…) is reported unsupported. */
export const SUPPORTED_VOLUMES = ['emptyDir', 'configMap', 'secret', 'downwardAPI', 'hostPath', 'projected'];

export const podDir = (rootDir: string, uid: string) => path.join(rootDir, 'pods', uid);

const PLUGIN: Record<string, string> = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
};

const b64 = (s: string) => Buffer.from(s, 'base64');

/** Key → bytes of a configMap or secret; undefined when missing and optional. */
async function keyedData(
  kind: 'configMap' | 'secret',
  ns: string,
  ref: any,
  src: ObjectSource,
): Promise<Record<string, Buffer> | undefined> {
  const name = kind === 'configMap' ? ref.name : (ref.secretName ?? ref.name);
  const obj = kind === 'configMap' ? await src.getConfigMap(ns, name) : await src.getSecret(ns, name);
  if (!obj) {
    if (ref.optional) return undefined;
    throw new Error(`${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`);
  }
  const out: Record<string, Buffer> = {};
  if (kind === 'configMap') {
    for (const [k, v] of Object.entries<string>(obj.data ?? {})) out[k] = Buffer.from(v, 'utf8');
    for (const [k, v] of Object.entries<string>(obj.binaryData ?? {})) out[k] = b64(v);
  } else for (const [k, v] of Object.entries<string>(obj.data ?? {})) out[k] = b64(v);
  return out;
}

function projectKeys(
  kind: 'configMap' | 'secret',
  data: Record<string, Buffer>,
  ref: any,
  defaultMode: number,
  into: Payload,
): void {
  if (!Array.isArray(ref.items) || ref.items.length === 0) {
    for (const [k, v] of Object.entries(data)) into[k] = { data: v, mode: defaultMode };
    return;
  }
  for (const it of ref.items) {
    if (!(it.key in data)) {
      if (ref.optional) continue;
      throw new Error(
        `${kind === 'configMap' ? 'configmap' : 'secret'} references non-existent ${kind === 'configMap' ? 'config' : 'secret'} key: ${it.key}`,
      );
    }
    into[it.path] = { data: data[it.key], mode: it.mode ?? defaultMode };
  }
}

function downwardItems(
  pod: KubeObject,
  items: any[],
  facts: PodRuntimeFacts,
  defaultMode: number,
  into: Payload,
): void {
  for (const it of items ?? []) {
    let value = '';
    if (it.fieldRef) value = resolveFieldRef(pod, it.fieldRef.fieldPath, facts, true);
    else if (it.resourceFieldRef) value = resolveResourceFieldRef(pod, it.resourceFieldRef, facts);
    into[it.path] = { data: Buffer.from(value, 'utf8'), mode: it.mode ?? defaultMode };
  }
}

async function hostPathCheck(p: string, type: string): Promise<void> {
  const st = await fs.stat(p).catch(() => undefined);
  switch (type) {
    case 'DirectoryOrCreate':
      if (!st) await fs.mkdir(p, { recursive: true, mode: 0o755 });
      else if (!st.isDirectory()) throw new Error(`hostPath type check failed: ${p} is not a directory`);
      return;
    case 'Directory':
      if (!st?.isDirectory()) throw new Error(`hostPath type check failed: ${p} is not a directory`);
      return;
    case 'FileOrCreate':
      if (!st) await fs.writeFile(p, '', { mode: 0o644 });
      else if (!st.isFile()) throw new Error(`hostPath type check failed: ${p} is not a file`);
      return;
    case 'File':
      if (!st?.isFile()) throw new Error(`hostPath type check failed: ${p} is not a file`);
      return;
    case 'Socket':
      if (!st?.isSocket()) throw new Error(`hostPath type check failed: ${p} is not a socket file`);
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice())
        throw new Error(`hostPath type check failed: ${p} is not a character device`);
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) throw new Error(`hostPath type check failed: ${p} is not a block device`);
      return;
  }
}

/** Creates/refreshes every volume of the pod; returns volume name → host path. Throws VolumeError. */
export async function setupVolumes(pod: KubeObject, ctx: VolumeContext): Promise<Map<string, string>> {
  const ns = pod.metadata.namespace ?? 'default';
  const base = path.join(podDir(ctx.rootDir, pod.metadata.uid ?? ''), 'volumes');
  const out = new Map<string, string>();
  for (const v of Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []) {
    const name = String(v.name);
    try {
      if (v.hostPath) {
        await hostPathCheck(v.hostPath.path, v.hostPath.type ?? '');
        out.set(name, v.hostPath.path);
        continue;
      }
      const kind = Object.keys(PLUGIN).find((k) => v[k]);
      if (!kind)
        throw new Error(`volume type not supported by kubedeck (supported: ${SUPPORTED_VOLUMES.join(', ')})`);
      const dir = path.join(base, PLUGIN[kind], name);
      out.set(name, dir);
      if (kind === 'emptyDir') {
        // medium: Memory would be a tmpfs upstream; a plain directory keeps the same semantics for pods.
        await fs.mkdir(dir, { recursive: true, mode: 0o777 });
        await fs.chmod(dir, 0o777);
        continue;
      }
      const src = v[kind];
      const mode = src.defaultMode ?? 0o644;
      const payload: Payload = {};
      if (kind === 'configMap' || kind === 'secret') {
        const data = await keyedData(kind, ns, src, ctx.sources);
        if (data) projectKeys(kind, data, src, mode, payload);
      } else if (kind === 'downwardAPI') downwardItems(pod, src.items, ctx.facts, mode, payload);
      else {
        for (const s of src.sources ?? []) {
          if (s.configMap) {
            const d = await keyedData('configMap', ns, s.configMap, ctx.sources);
            if (d) projectKeys('configMap', d, s.configMap, mode, payload);
          } else if (s.secret) {
            const d = await keyedData('secret', ns, s.secret, ctx.sources);
            if (d) projectKeys('secret', d, s.secret, mode, payload);
          } else if (s.downwardAPI) downwardItems(pod, s.downwardAPI.items, ctx.facts, mode, payload);
          // serviceAccountToken sources are skipped: Kubedeck issues no bound service-account tokens yet.
        }
      }
      await writeAtomic(dir, payload);
    } catch (e) {
      if (e instanceof VolumeError) throw e;
      throw new VolumeError(name, (e as Error).message);
    }
  }
  return out;
}

/** Binds for a container's volumeMounts; subPath directories are created inside the volume. */
export async function volumeBinds(
  container: Record<string, any>,
  paths: Map<string, string>,
): Promise<string[]> {
  const binds: string[] = [];
  for (const m of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
    const root = paths.get(m.name);
    if (!root) throw new Error(`volume "${m.name}" not found for mount ${m.mountPath}`);
    let host = root;
    if (m.subPath) {
      if (path.isAbsolute(m.subPath) || m.subPath.split('/').includes('..'))
        throw new Error(`invalid subPath "${m.subPath}"`);
      host = path.join(root, m.subPath);
      const exists = await fs.access(host, fsc.F_OK).then(
        () => true,
        () => false,
      );
      if (!exists) await fs.mkdir(host, { recursive: true, mode: 0o755 });
    }
    binds.push(`${host}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
  }
  return binds;
}

export function podFilePath(rootDir: string, uid: string, name: string): string {
  return path.join(podDir(rootDir, uid), name);
}

/** Writes a kubelet-managed per-pod file (etc-hosts, resolv.conf) and returns its path. */
export async function writePodFile(
  rootDir: string,
  uid: string,
  name: string,
  content: string,
): Promise<string> {
  await fs.mkdir(podDir(rootDir, uid), { recursive: true });
  const p = podFilePath(rootDir, uid, name);
  const tmp = `${p}.tmp`;
  await fs.writeFile(tmp, content, { mode: 0o644 });
  await fs.rename(tmp, p);
  return p;
}

/** Removes everything the kubelet created for the pod. */
export async function removePodDir(rootDir: string, uid: string): Promise<void> {
  await fs.rm(podDir(rootDir, uid), { recursive: true, force: true });
}
