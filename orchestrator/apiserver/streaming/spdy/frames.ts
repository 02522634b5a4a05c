// SPDY/3 frame codec (spdy-protocol-draft3 §2): control frames start with the high bit set and a
// version/type word; data frames carry a 31-bit stream id. Header blocks travel in one zlib
// stream per direction, primed with the SPDY/3 dictionary (see header-codec.ts).
import {
  HeaderCompressor,
  HeaderDecompressor,
  decodeHeaderBlock,
  encodeHeaderBlock,
} from './header-codec.js';

export const SPDY_VERSION = 3;
export const TYPE = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
/** RST_STREAM status codes used here. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5 } as const;

export type Headers = Record<string, string>;

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | {
      type: 'syn_stream';
      streamId: number;
      associatedId: number;
      priority: number;
      fin: boolean;
      headers: Headers;
    }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headers: Headers }
  | { type: 'headers'; streamId: number; fin: boolean; headers: Headers }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; entries: { flags: number; id: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'window_update'; streamId: number; delta: number }
  | { type: 'unknown'; frameType: number };

export class SpdyProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpdyProtocolError';
  }
}

/** Largest frame payload we accept; SPDY's length field allows 16 MiB. */
const MAX_FRAME = 1 << 24;

/** Incremental reader: push() arbitrary chunks, get back the complete frames they finish. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly inflater = new HeaderDecompressor();

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let off = 0;
    while (this.pending.length - off >= 8) {
      const length = this.pending.readUIntBE(off + 5, 3);
      if (length >= MAX_FRAME) throw new SpdyProtocolError(`frame too large (${length} bytes)`);
      if (this.pending.length - off - 8 < length) break;
      const head = this.pending.subarray(off, off + 8);
      const body = this.pending.subarray(off + 8, off + 8 + length);
      frames.push(this.decode(head, Buffer.from(body)));
      off += 8 + length;
    }
    this.pending = this.pending.subarray(off);
    return frames;
  }

  private decode(head: Buffer, body: Buffer): Frame {
    const flags = head[4];
    if ((head[0] & 0x80) === 0) {
      return {
        type: 'data',
        streamId: head.readUInt32BE(0) & 0x7fffffff,
        fin: (flags & FLAG_FIN) !== 0,
        data: body,
      };
    }
    const version = head.readUInt16BE(0) & 0x7fff;
    if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
    const type = head.readUInt16BE(2);
    const fin = (flags & FLAG_FIN) !== 0;
    const need = (n: number) => {
      if (body.length < n) throw new SpdyProtocolError(`control frame type ${type} too short`);
    };
    switch (type) {
      case TYPE.SYN_STREAM:
        need(10);
        return {
          type: 'syn_stream',
          streamId: body.readUInt32BE(0) & 0x7fffffff,
          associatedId: body.readUInt32BE(4) & 0x7fffffff,
          priority: body[8] >> 5,
          fin,
          headers: decodeHeaderBlock(this.inflater.inflate(body.subarray(10))),
        };
      case TYPE.SYN_REPLY:
      case TYPE.HEADERS:
        need(4);
        return {
          type: type === TYPE.SYN_REPLY ? 'syn_reply' : 'headers',
          streamId: body.readUInt32BE(0) & 0x7fffffff,
          fin,
          headers: decodeHeaderBlock(this.inflater.inflate(body.subarray(4))),
        };
      case TYPE.RST_STREAM:
        need(8);
        return {
          type: 'rst_stream',
          streamId: body.readUInt32BE(0) & 0x7fffffff,
          status: body.readUInt32BE(4),
        };
      case TYPE.SETTINGS: {
        need(4);
        const n = body.readUInt32BE(0);
        need(4 + n * 8);
        const entries = [];
        for (let i = 0; i < n; i++) {
          const o = 4 + i * 8;
          entries.push({ flags: body[o], id: body.readUIntBE(o + 1, 3), value: body.readUInt32BE(o + 4) });
        }
        return { type: 'settings', entries };
      }
      case TYPE.PING:
        need(4);
        return { type: 'ping', id: body.readUInt32BE(0) };
      case TYPE.GOAWAY:
        need(8);
        return {
          type: 'goaway',
          lastGoodStreamId: body.readUInt32BE(0) & 0x7fffffff,
          status: body.readUInt32BE(4),
        };
      case TYPE.WINDOW_UPDATE:
        need(8);
        return {
          type: 'window_update',
          streamId: body.readUInt32BE(0) & 0x7fffffff,
          delta: body.readUInt32BE(4) & 0x7fffffff,
        };
      default:
        return { type: 'unknown', frameType: type };
    }
  }
}

function control(type: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head[4] = flags;
  head.writeUIntBE(body.length, 5, 3);
  return Buffer.concat([head, body]);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** Serializes frames; owns the outgoing header compression context, so use one per connection. */
export class FrameWriter {
  private readonly deflater = new HeaderCompressor();

  encode(frame: Frame): Buffer {
    const block = (h: Headers) => this.deflater.compress(encodeHeaderBlock(h));
    switch (frame.type) {
      case 'data': {
        const head = Buffer.alloc(8);
        head.writeUInt32BE(frame.streamId & 0x7fffffff, 0);
        head[4] = frame.fin ? FLAG_FIN : 0;
        head.writeUIntBE(frame.data.length, 5, 3);
        return Buffer.concat([head, frame.data]);
      }
      case 'syn_stream': {
        const fixed = Buffer.concat([
          u32s(frame.streamId, frame.associatedId),
          Buffer.from([frame.priority << 5, 0]),
        ]);
        return control(
          TYPE.SYN_STREAM,
          frame.fin ? FLAG_FIN : 0,
          Buffer.concat([fixed, block(frame.headers)]),
        );
      }
      case 'syn_reply':
      case 'headers':
        return control(
          frame.type === 'syn_reply' ? TYPE.SYN_REPLY : TYPE.HEADERS,
          frame.fin ? FLAG_FIN : 0,
          Buffer.concat([u32s(frame.streamId), block(frame.headers)]),
        );
      case 'rst_stream':
        return control(TYPE.RST_STREAM, 0, u32s(frame.streamId, frame.status));
      case 'settings': {
        const body = Buffer.alloc(4 + frame.entries.length * 8);
        body.writeUInt32BE(frame.entries.length, 0);
        frame.entries.forEach((e, i) => {
          body[4 + i * 8] = e.flags;
          body.writeUIntBE(e.id, 5 + i * 8, 3);
          body.writeUInt32BE(e.value >>> 0, 8 + i * 8);
        });
        return control(TYPE.SETTINGS, 0, body);
      }
      case 'ping':
        return control(TYPE.PING, 0, u32s(frame.id));
      case 'goaway':
        return control(TYPE.GOAWAY, 0, u32s(frame.lastGoodStreamId, frame.status));
      case 'window_update':
        return control(TYPE.WINDOW_UPDATE, 0, u32s(frame.streamId, frame.delta));
      case 'unknown':
        throw new SpdyProtocolError('cannot encode an unknown frame');
    }
  }
}
