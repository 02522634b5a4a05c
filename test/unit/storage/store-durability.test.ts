import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { cm, tempDir } from './helpers.js';

const CM = 'core/configmaps';

describe('Store durability', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('keeps objects and the revision across reopen, never reusing a revision', () => {
    let s = Store.open(tmp.file());
    const a = s.create(CM, cm('a', 'default', { v: '1' }));
    s.create(CM, cm('b'));
    s.update(CM, { ...a, data: { v: '2' } });
    const last = s.create(CM, cm('c'));
    s.delete(CM, 'default', 'c'); // the newest revision belongs to a deleted object
    const rev = s.revision;
    s.close();

    s = Store.open(tmp.file());
    expect(s.revision).toBe(rev);
    expect(s.list(CM).items.map((o) => [o.metadata.name, o.data])).toEqual([
      ['a', { v: '2' }],
      ['b', {}],
    ]);
    const d = s.create(CM, cm('d'));
    expect(Number(d.metadata.resourceVersion)).toBe(rev + 1);
    expect(Number(d.metadata.resourceVersion)).toBeGreaterThan(Number(last.metadata.resourceVersion));
    s.close();
  });

  it('resumes a watch across a restart from the persisted event log', () => {
    let s = Store.open(tmp.file());
    s.create(CM, cm('a'));
    const from = s.revision;
    s.create(CM, cm('b'));
    const b2 = s.update(CM, { ...cm('b'), data: { x: 'y' } });
    s.delete(CM, 'default', 'a');
    s.close();

    s = Store.open(tmp.file());
    const seen: string[] = [];
    s.watch(CM, undefined, from, (ev) =>
      seen.push(`${ev.type}:${ev.name}:${ev.rev}:${ev.prev?.metadata.resourceVersion ?? '-'}`),
    );
    expect(seen).toEqual([
      `ADDED:b:${from + 1}:-`,
      `MODIFIED:b:${b2.metadata.resourceVersion}:${from + 1}`,
      `DELETED:a:${from + 3}:${from}`,
    ]);
    s.close();
  });

  it('trims the persisted event log to eventLogSize, also when reopened with a smaller size', () => {
    let s = Store.open(tmp.file(), { eventLogSize: 10 });
    for (let i = 0; i < 25; i++) s.create(CM, cm(`o${i}`));
    expect(s.oldestRevision).toBe(s.revision - 10);
    s.close();
    const count = () => {
      const db = new Database(tmp.file(), { readonly: true });
      const r = db.prepare('SELECT COUNT(*) AS n, MIN(rev) AS lo, MAX(rev) AS hi FROM events').get() as {
        n: number;
        lo: number;
        hi: number;
      };
      db.close();
      return r;
    };
    expect(count()).toEqual({ n: 10, lo: 17, hi: 26 });

    s = Store.open(tmp.file(), { eventLogSize: 4 });
    expect(s.oldestRevision).toBe(22);
    s.close();
    expect(count()).toEqual({ n: 4, lo: 23, hi: 26 });
  });

  it('loses no acknowledged write when the writer is SIGKILLed mid-stream', async () => {
    const file = tmp.file();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./crash-writer.ts', import.meta.url)), file, '1000000'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked = new Map<string, number>(); // name → highest acknowledged revision
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_c, sig) => resolve(sig)),
    );
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const [, name, rev] = line.split(' ');
          if (name) acked.set(name, Number(rev));
        }
        if (acked.size >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    // Lines already in the pipe when the kill landed are acknowledged too.
    for (const line of buf.split('\n')) {
      const [, name, rev] = line.split(' ');
      if (name && rev) acked.set(name, Number(rev));
    }

    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const s = Store.open(file, { eventLogSize: 50 });
    const maxAcked = Math.max(...acked.values());
    expect(s.revision).toBeGreaterThanOrEqual(maxAcked);
    for (const [name, rev] of acked) {
      const o = s.get(CM, 'default', name);
      expect(o, name).toBeDefined();
      expect(Number(o!.metadata.resourceVersion)).toBeGreaterThanOrEqual(rev);
      expect(o!.data.pad).toHaveLength(2000);
    }
    // Nothing half-written: the counter, objects and retained log agree exactly.
    const items = s.list(CM).items;
    const maxObjRev = Math.max(...items.map((o) => Number(o.metadata.resourceVersion)));
    expect(s.revision).toBe(maxObjRev);
    const revs: number[] = [];
    s.watch(CM, undefined, s.oldestRevision, (ev) => revs.push(ev.rev)).stop();
    expect(revs).toHaveLength(50);
    expect(revs.at(-1)).toBe(s.revision);
    expect(revs.every((r, i) => i === 0 || r === revs[i - 1] + 1)).toBe(true);
    // And the store keeps working after the crash.
    const next = s.create(CM, cm('after-crash'));
    expect(Number(next.metadata.resourceVersion)).toBe(s.revision);
    s.close();
  });
});

describe('Store checkpointing', () => {
  it('checkpoints the WAL into the database file in the background', async () => {
    const tmp = tempDir();
    const s = Store.open(tmp.file());
    const pad = 'x'.repeat(4000);
    for (let i = 0; i < 300; i++) s.create(CM, cm(`o${i}`, 'default', { pad }));
    // ~1.2 MB of object data, far below the 40 MB backstop: only the worker moves it into the db file.
    const deadline = Date.now() + 5000;
    while (statSync(tmp.file()).size < 1_000_000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(statSync(tmp.file()).size).toBeGreaterThan(1_000_000);
    const t = performance.now();
    s.close();
    expect(performance.now() - t).toBeLessThan(1000);
    const again = Store.open(tmp.file());
    expect(again.count(CM)).toBe(300);
    again.close();
    tmp.cleanup();
  });
});
