// SPDY/3 framing and header compression, checked against Node's own zlib (standing in for Go's
// compress/zlib on the kubectl side) and through a SpdySession on an in-memory duplex.
import { describe, expect, it } from 'vitest';
import { Duplex, PassThrough } from 'node:stream';
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../../orchestrator/apiserver/streaming/spdy/dictionary.js';
import {
  FrameReader,
  FrameWriter,
  SpdyProtocolError,
  type Frame,
} from '../../../orchestrator/apiserver/streaming/spdy/frames.js';
import {
  HeaderCompressor,
  HeaderDecompressor,
  decodeHeaderBlock,
  encodeHeaderBlock,
} from '../../../orchestrator/apiserver/streaming/spdy/header-codec.js';
import { SpdySession, type SpdyStream } from '../../../orchestrator/apiserver/streaming/spdy/session.js';

/** Compresses header blocks the way a Go peer does: one zlib stream, SYNC_FLUSH per block. */
function goLikeCompressor() {
  const d = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  return (raw: Buffer) =>
    new Promise<Buffer>((resolve) => {
      const out: Buffer[] = [];
      const onData = (c: Buffer) => out.push(c);
      d.on('data', onData);
      d.write(raw);
      d.flush(constants.Z_SYNC_FLUSH, () => {
        d.off('data', onData);
        resolve(Buffer.concat(out));
      });
    });
}

/** A SYN_STREAM as kubectl sends it, with Go-style compressed headers. */
function synStream(id: number, block: Buffer, fin = false): Buffer {
  const body = Buffer.alloc(10);
  body.writeUInt32BE(id, 0);
  const head = Buffer.from([0x80, 0x03, 0x00, 0x01, fin ? 1 : 0, 0, 0, 0]);
  head.writeUIntBE(body.length + block.length, 5, 3);
  return Buffer.concat([head, body, block]);
}

describe('SPDY/3 dictionary', () => {
  it('is the 1423-byte spec dictionary (zlib dictionary id e3c6a7c2)', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY3_DICTIONARY.subarray(-6).toString('latin1')).toBe('enq=0.');
    // The compressor announces the dictionary by its Adler-32 in the zlib header.
    expect(new HeaderCompressor().compress(Buffer.alloc(0)).subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
  });
});

describe('header blocks', () => {
  it('encode and decode name/value pairs with lowercase names', () => {
    const raw = encodeHeaderBlock({ StreamType: 'stdout', port: '8080' });
    expect(decodeHeaderBlock(raw)).toEqual({ streamtype: 'stdout', port: '8080' });
  });

  it('rejects a truncated block', () => {
    const raw = encodeHeaderBlock({ streamtype: 'error' });
    expect(() => decodeHeaderBlock(raw.subarray(0, raw.length - 2))).toThrow(SpdyProtocolError);
  });

  it('our stored-block stream inflates with standard zlib, block after block', () => {
    const c = new HeaderCompressor();
    const a = c.compress(encodeHeaderBlock({ a: '1' }));
    const b = c.compress(encodeHeaderBlock({ b: 'two'.repeat(30000) })); // > one stored block
    const first = inflateSync(a, { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    expect(decodeHeaderBlock(first)).toEqual({ a: '1' });
    const both = inflateSync(Buffer.concat([a, b]), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    expect(decodeHeaderBlock(both.subarray(first.length))).toEqual({ b: 'two'.repeat(30000) });
    // Each block ends with the empty stored block of a sync flush.
    expect(a.subarray(-5).toString('hex')).toBe('000000ffff');
  });

  it('decompresses consecutive Go-style (sync-flushed, shared-context) blocks', async () => {
    const compress = goLikeCompressor();
    const d = new HeaderDecompressor();
    const h1 = await compress(encodeHeaderBlock({ streamtype: 'error' }));
    const h2 = await compress(encodeHeaderBlock({ streamtype: 'stdout' }));
    expect(decodeHeaderBlock(d.inflate(h1))).toEqual({ streamtype: 'error' });
    // The second block back-references the first: only a shared context decodes it.
    expect(decodeHeaderBlock(d.inflate(h2))).toEqual({ streamtype: 'stdout' });
  });

  it('fails cleanly on garbage', () => {
    expect(() => new HeaderDecompressor().inflate(Buffer.from('not zlib at all'))).toThrow(SpdyProtocolError);
  });
});

describe('frames', () => {
  it('round-trip every frame type through writer and reader, split at any byte', () => {
    const w = new FrameWriter();
    const frames: Frame[] = [
      {
        type: 'syn_stream',
        streamId: 1,
        associatedId: 0,
        priority: 2,
        fin: false,
        headers: { streamtype: 'error' },
      },
      { type: 'syn_reply', streamId: 1, fin: false, headers: {} },
      { type: 'data', streamId: 1, fin: false, data: Buffer.from('hello') },
      { type: 'data', streamId: 1, fin: true, data: Buffer.alloc(0) },
      { type: 'headers', streamId: 3, fin: true, headers: { x: 'y' } },
      { type: 'rst_stream', streamId: 3, status: 5 },
      { type: 'settings', entries: [{ flags: 0, id: 7, value: 65536 }] },
      { type: 'ping', id: 7 },
      { type: 'window_update', streamId: 1, delta: 1024 },
      { type: 'goaway', lastGoodStreamId: 3, status: 0 },
    ];
    const wire = Buffer.concat(frames.map((f) => w.encode(f)));
    const r = new FrameReader();
    const got: Frame[] = [];
    for (let i = 0; i < wire.length; i += 3) got.push(...r.push(wire.subarray(i, i + 3)));
    expect(got).toEqual(frames);
  });

  it('parses the exact control-frame layout of a SYN_STREAM from kubectl', async () => {
    const block = await goLikeCompressor()(encodeHeaderBlock({ streamtype: 'stdin' }));
    const [f] = new FrameReader().push(synStream(5, block, true));
    expect(f).toEqual({
      type: 'syn_stream',
      streamId: 5,
      associatedId: 0,
      priority: 0,
      fin: true,
      headers: { streamtype: 'stdin' },
    });
  });

  it('rejects other SPDY versions', () => {
    const bad = Buffer.from([0x80, 0x02, 0x00, 0x06, 0, 0, 0, 4, 0, 0, 0, 1]);
    expect(() => new FrameReader().push(bad)).toThrow(/unsupported SPDY version 2/);
  });
});

/** Client end talking to a SpdySession over an in-memory duplex. */
function harness() {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverSide = Duplex.from({ readable: toServer, writable: toClient });
  const session = new SpdySession(serverSide);
  const reader = new FrameReader();
  const received: Frame[] = [];
  toClient.on('data', (c: Buffer) => received.push(...reader.push(c)));
  const compress = goLikeCompressor();
  const w = new FrameWriter();
  return { session, received, toServer, compress, w, tick: () => new Promise((r) => setTimeout(r, 20)) };
}

describe('SpdySession', () => {
  it('replies to SYN_STREAM, delivers data and FIN, echoes PING, sends our data', async () => {
    const h = harness();
    const streams: SpdyStream[] = [];
    h.session.on('stream', (s: SpdyStream) => streams.push(s));
    h.toServer.write(synStream(1, await h.compress(encodeHeaderBlock({ streamtype: 'stdin' }))));
    await h.tick();
    expect(streams.map((s) => s.headers.streamtype)).toEqual(['stdin']);
    expect(h.received[0]).toMatchObject({ type: 'syn_reply', streamId: 1 });

    const chunks: string[] = [];
    let ended = false;
    streams[0].on('data', (d: Buffer) => chunks.push(d.toString()));
    streams[0].on('end', () => (ended = true));
    h.toServer.write(h.w.encode({ type: 'data', streamId: 1, fin: false, data: Buffer.from('abc') }));
    h.toServer.write(h.w.encode({ type: 'data', streamId: 1, fin: true, data: Buffer.alloc(0) }));
    h.toServer.write(h.w.encode({ type: 'ping', id: 1 }));
    await h.tick();
    expect(chunks).toEqual(['abc']);
    expect(ended).toBe(true);
    expect(h.received).toContainEqual({ type: 'ping', id: 1 });

    streams[0].write(Buffer.from('out'));
    streams[0].end();
    await h.tick();
    expect(h.received).toContainEqual({ type: 'data', streamId: 1, fin: false, data: Buffer.from('out') });
    expect(h.received).toContainEqual({ type: 'data', streamId: 1, fin: true, data: Buffer.alloc(0) });
  });

  it('signals reset streams and refuses data for unknown streams', async () => {
    const h = harness();
    let stream: SpdyStream | undefined;
    h.session.on('stream', (s: SpdyStream) => (stream = s));
    h.toServer.write(synStream(1, await h.compress(encodeHeaderBlock({ streamtype: 'data' }))));
    await h.tick();
    let reset = false;
    stream!.on('reset', () => (reset = true));
    h.toServer.write(h.w.encode({ type: 'rst_stream', streamId: 1, status: 5 }));
    h.toServer.write(h.w.encode({ type: 'data', streamId: 9, fin: false, data: Buffer.from('x') }));
    await h.tick();
    expect(reset).toBe(true);
    expect(h.received).toContainEqual({ type: 'rst_stream', streamId: 9, status: 2 });
  });

  it('answers a protocol error with GOAWAY and closes', async () => {
    const h = harness();
    let closed = false;
    h.session.on('close', () => (closed = true));
    h.session.on('protocolError', () => undefined);
    h.toServer.write(Buffer.from([0x80, 0x09, 0x00, 0x01, 0, 0, 0, 0]));
    await h.tick();
    expect(closed).toBe(true);
    expect(h.received.some((f) => f.type === 'goaway')).toBe(true);
  });
});
