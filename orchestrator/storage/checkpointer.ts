// Moves WAL checkpoints off the main thread. With SQLite's automatic checkpoint, every few
// hundred commits one write also copies the WAL into the database and fsyncs it, which is
// what dominates write p99. A worker thread with its own connection runs PASSIVE checkpoints
// (which never block writers) instead; the main connection keeps a large auto-checkpoint as
// a backstop in case the worker falls behind.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const STOP = 1;
const CTRL_WAKE = 0; // main → worker: wake up early (stop requested)
const CTRL_STOP = 1; // main → worker: stop flag
const CTRL_DONE = 2; // worker → main: connection closed

// Plain CommonJS so it runs the same from sources (tsx) and from the esbuild bundle.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const ctrl = new Int32Array(workerData.ctrl);
let db;
try {
  db = new Database(workerData.file);
  db.pragma('busy_timeout = 0');
  db.pragma('cache_size = -500'); // it only copies WAL pages into the database file
  while (Atomics.load(ctrl, ${CTRL_STOP}) !== ${STOP}) {
    Atomics.wait(ctrl, ${CTRL_WAKE}, 0, workerData.intervalMs);
    if (Atomics.load(ctrl, ${CTRL_STOP}) === ${STOP}) break;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: try again next round */ }
  }
} finally {
  try { if (db) db.close(); } catch {}
  Atomics.store(ctrl, ${CTRL_DONE}, 1);
  Atomics.notify(ctrl, ${CTRL_DONE});
}
`;

export class Checkpointer {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(12));
  private readonly worker: Worker;
  private exited = false;

  constructor(file: string, intervalMs = 500) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs, ctrl: this.ctrl.buffer },
      // It runs one pragma in a loop: a small heap keeps its isolate from reserving V8's defaults.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    this.worker.unref(); // never keeps the process alive
    this.worker.on('error', (e) => console.error('store: checkpoint worker failed:', e));
    this.worker.on('exit', () => (this.exited = true));
  }

  /** Stops the worker and waits (bounded) until its connection is closed. */
  stop(): void {
    Atomics.store(this.ctrl, CTRL_STOP, STOP);
    Atomics.store(this.ctrl, CTRL_WAKE, 1);
    Atomics.notify(this.ctrl, CTRL_WAKE);
    // Synchronous so Store.close() stays synchronous; a checkpoint in progress takes milliseconds.
    if (!this.exited) Atomics.wait(this.ctrl, CTRL_DONE, 0, 5000);
    void this.worker.terminate();
  }
}
