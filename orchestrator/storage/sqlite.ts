// The durable copy of the store: one SQLite file in WAL mode. Every write is a single transaction
// touching the object row, one event row and the revision counter, which is what makes kill -9
// safe: a commit that returned is in the WAL, which outlives the process. synchronous=NORMAL
// leaves the fsync to checkpoints (a power cut may lose the last commits, never consistency);
// FULL fsyncs every commit (about 4 ms each, on the API server's only thread).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.js';
import type { WatchEventType } from './types.js';

const SCHEMA_VERSION = 1;

/** normal: survives a crash of the control plane; full: survives a power cut too, slower. */
export type StoreSync = 'normal' | 'full';

export interface ObjectRow {
  storage: string;
  namespace: string;
  name: string;
  rev: number;
  json: string;
}

export interface EventRow {
  rev: number;
  type: WatchEventType;
  storage: string;
  namespace: string;
  name: string;
  json: string;
  prev: string | null;
}

/** One committed change, as written in a single transaction. */
export interface WriteRecord {
  event: EventRow;
  /** Object row to upsert, or undefined when the change is a delete. */
  object?: ObjectRow;
  /** Drop retained events with rev <= this (event log trimming). */
  trimUpTo: number;
}

export class Persistence {
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<Persistence['prepare']>;
  private readonly checkpointer?: Checkpointer;
  readonly commit: (w: WriteRecord) => void;

  constructor(file: string, sync: StoreSync = 'normal') {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    // Every object is also held in memory, so SQLite mostly appends and is read back only at
    // start: a 2 MB page cache (SQLite's own default; the driver's build sets 16 MB) is enough.
    this.db.pragma('cache_size = -2000');
    this.migrate();
    this.stmts = this.prepare();
    if (file !== ':memory:') {
      // Checkpoints run on a worker; the auto-checkpoint (~40 MB of WAL) is only a backstop.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.checkpointer = new Checkpointer(file);
    }
    const s = this.stmts;
    this.commit = this.db.transaction((w: WriteRecord) => {
      const e = w.event;
      if (w.object) s.upsertObject.run(w.object);
      else s.deleteObject.run(e.storage, e.namespace, e.name);
      s.insertEvent.run(e);
      s.setRevision.run(e.rev);
      if (w.trimUpTo > 0) s.trimEvents.run(w.trimUpTo);
    });
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS objects (
        storage TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rev INTEGER NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (storage, namespace, name));
      CREATE TABLE IF NOT EXISTS events (
        rev INTEGER PRIMARY KEY, type TEXT NOT NULL,
        storage TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        json TEXT NOT NULL, prev TEXT);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ${SCHEMA_VERSION});
      INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 1);
    `);
    const v = this.db.prepare(`SELECT value FROM meta WHERE key = 'schema'`).pluck().get() as number;
    if (v !== SCHEMA_VERSION)
      throw new Error(`store: unsupported schema version ${v} (want ${SCHEMA_VERSION})`);
  }

  private prepare() {
    return {
      upsertObject: this.db.prepare(
        `INSERT INTO objects (storage, namespace, name, rev, json) VALUES (@storage, @namespace, @name, @rev, @json)
         ON CONFLICT (storage, namespace, name) DO UPDATE SET rev = excluded.rev, json = excluded.json`,
      ),
      deleteObject: this.db.prepare(`DELETE FROM objects WHERE storage = ? AND namespace = ? AND name = ?`),
      insertEvent: this.db.prepare(
        `INSERT INTO events (rev, type, storage, namespace, name, json, prev)
         VALUES (@rev, @type, @storage, @namespace, @name, @json, @prev)`,
      ),
      setRevision: this.db.prepare(`UPDATE meta SET value = ? WHERE key = 'revision'`),
      trimEvents: this.db.prepare(`DELETE FROM events WHERE rev <= ?`),
    };
  }

  revision(): number {
    return this.db.prepare(`SELECT value FROM meta WHERE key = 'revision'`).pluck().get() as number;
  }

  loadObjects(): ObjectRow[] {
    return this.db.prepare(`SELECT storage, namespace, name, rev, json FROM objects`).all() as ObjectRow[];
  }

  loadEvents(): EventRow[] {
    return this.db
      .prepare(`SELECT rev, type, storage, namespace, name, json, prev FROM events ORDER BY rev`)
      .all() as EventRow[];
  }

  /** Drops events with rev <= upTo outside a write (used on open when the log size shrank). */
  trim(upTo: number): void {
    this.stmts.trimEvents.run(upTo);
  }

  close(): void {
    this.checkpointer?.stop();
    this.db.close();
  }
}
