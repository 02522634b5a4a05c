// Upstream AtomicWriter layout for configMap/secret/downwardAPI/projected volumes: files live in
// a timestamped directory, `..data` points at it, and top-level names are symlinks through
// `..data`, so a container sees an update all at once when the `..data` link is swapped.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface Payload {
  [relPath: string]: { data: Buffer; mode: number };
}

const DATA = '..data';

async function readCurrent(dir: string): Promise<Map<string, { data: Buffer; mode: number }> | undefined> {
  let target: string;
  try {
    target = await fs.readlink(path.join(dir, DATA));
  } catch {
    return undefined;
  }
  const out = new Map<string, { data: Buffer; mode: number }>();
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(dir, target, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else {
        const p = path.join(dir, target, r);
        out.set(r, { data: await fs.readFile(p), mode: (await fs.stat(p)).mode & 0o777 });
      }
    }
  };
  await walk('');
  return out;
}

function samePayload(a: Map<string, { data: Buffer; mode: number }>, b: Payload): boolean {
  const keys = Object.keys(b);
  if (a.size !== keys.length) return false;
  return keys.every((k) => {
    const x = a.get(k);
    return x && x.mode === b[k].mode && x.data.equals(b[k].data);
  });
}

function safeRel(p: string): boolean {
  return (
    p.length > 0 &&
    !path.isAbsolute(p) &&
    !p.split('/').some((s) => s === '..' || s === '') &&
    !p.startsWith('..')
  );
}

/** Writes payload into dir atomically; returns false when nothing changed. */
export async function writeAtomic(dir: string, payload: Payload): Promise<boolean> {
  for (const rel of Object.keys(payload))
    if (!safeRel(rel)) throw new Error(`invalid path ${JSON.stringify(rel)}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const current = await readCurrent(dir);
  if (current && samePayload(current, payload)) return false;
  const oldTarget = current ? await fs.readlink(path.join(dir, DATA)) : undefined;
  const stamp = new Date().toISOString().replace(/[-:]/g, '_').replace('T', '_').replace('Z', '');
  const tsDir = await fs.mkdtemp(path.join(dir, `..${stamp}.`));
  await fs.chmod(tsDir, 0o755);
  for (const [rel, f] of Object.entries(payload)) {
    const p = path.join(tsDir, rel);
    await fs.mkdir(path.dirname(p), { recursive: true, mode: 0o755 });
    await fs.writeFile(p, f.data);
    await fs.chmod(p, f.mode);
  }
  const tmpLink = path.join(dir, '..data_tmp');
  await fs.rm(tmpLink, { force: true });
  await fs.symlink(path.basename(tsDir), tmpLink);
  await fs.rename(tmpLink, path.join(dir, DATA));
  const top = new Set(Object.keys(payload).map((r) => r.split('/')[0]));
  for (const name of top) {
    const link = path.join(dir, name);
    const exists = await fs.lstat(link).catch(() => undefined);
    if (!exists) await fs.symlink(path.join(DATA, name), link);
  }
  for (const name of await fs.readdir(dir)) {
    if (name.startsWith('..') || top.has(name)) continue;
    await fs.rm(path.join(dir, name), { force: true, recursive: true });
  }
  if (oldTarget) await fs.rm(path.join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
