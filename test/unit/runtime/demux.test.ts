import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { FrameParser, demuxBuffer, demuxMerged } from '../../../orchestrator/runtime/demux.js';

function frame(stream: 0 | 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

async function collect(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(demuxMerged())) out.push(c as Buffer);
  return Buffer.concat(out).toString();
}

describe('Docker log demultiplexing', () => {
  it('merges stdout and stderr frames in order', async () => {
    const buf = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err1\n'), frame(1, 'out2\n')]);
    expect(await collect([buf])).toBe('out1\nerr1\nout2\n');
  });

  it('handles frames split at every byte boundary, including inside the header', async () => {
    const buf = Buffer.concat([frame(1, 'héllo '), frame(2, 'wörld\n'), frame(1, '')]);
    const bytes = [...buf].map((b) => Buffer.from([b]));
    expect(await collect(bytes)).toBe('héllo wörld\n');
  });

  it('splits a complete buffer into stdout and stderr', () => {
    const r = demuxBuffer(Buffer.concat([frame(2, 'e'), frame(1, 'o'), frame(0, 'in'), frame(2, 'E')]));
    expect(r).toEqual({ stdout: 'o', stderr: 'eE', merged: 'eoE' });
  });

  it('keeps an incomplete trailing frame buffered', () => {
    const seen: string[] = [];
    const p = new FrameParser((_k, payload) => seen.push(payload.toString()));
    const f = frame(1, 'abcdef');
    p.push(f.subarray(0, 10));
    expect(seen).toEqual([]);
    expect(p.buffered).toBe(10);
    p.push(f.subarray(10));
    expect(seen).toEqual(['abcdef']);
    expect(p.buffered).toBe(0);
  });

  it('rejects a stream that is not multiplexed (e.g. a TTY stream)', async () => {
    await expect(collect([Buffer.from('plain text output\n')])).rejects.toThrow(/not a multiplexed/);
  });
});
