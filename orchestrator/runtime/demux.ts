// Docker's multiplexed attach/log stream (non-TTY containers): frames of an 8-byte header
// [stream(1: stdout, 2: stderr, 0: stdin), 0, 0, 0, size(uint32 BE)] followed by size bytes.
import { Transform, type TransformCallback } from 'node:stream';

export type StreamKind = 'stdin' | 'stdout' | 'stderr';

const KINDS: StreamKind[] = ['stdin', 'stdout', 'stderr'];

/** Incremental frame parser: feed arbitrary chunks; onFrame is called once per complete frame. */
export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: StreamKind, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    while (this.pending.length - offset >= 8) {
      const type = this.pending[offset];
      const size = this.pending.readUInt32BE(offset + 4);
      if (type > 2) throw new Error(`not a multiplexed Docker stream (stream type ${type})`);
      if (this.pending.length - offset - 8 < size) break;
      this.onFrame(KINDS[type], this.pending.subarray(offset + 8, offset + 8 + size));
      offset += 8 + size;
    }
    this.pending = this.pending.subarray(offset);
  }

  /** Bytes of an incomplete trailing frame (non-zero at end of stream means it was truncated). */
  get buffered(): number {
    return this.pending.length;
  }
}

/** Merges stdout and stderr payloads into one stream, in the order the engine sent them. */
export function demuxMerged(): Transform {
  // The callback runs only during transform(), after `t` exists.
  const parser = new FrameParser((kind, payload) => {
    if (kind !== 'stdin') t.push(payload);
  });
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        parser.push(chunk);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  return t;
}

/** Splits a complete multiplexed buffer into stdout and stderr text. */
export function demuxBuffer(buf: Buffer): { stdout: string; stderr: string; merged: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const all: Buffer[] = [];
  new FrameParser((kind, payload) => {
    if (kind === 'stdout') out.push(payload);
    if (kind === 'stderr') err.push(payload);
    if (kind !== 'stdin') all.push(payload);
  }).push(buf);
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    merged: Buffer.concat(all).toString('utf8'),
  };
}
