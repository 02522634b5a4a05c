// SPDY/3 header blocks: a count, then length-prefixed name/value pairs (names lowercase, several
// values joined by NUL), carried in ONE zlib stream per direction primed with the dictionary.
import { constants, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError, type Headers } from './frames.js';

export function encodeHeaderBlock(headers: Headers): Buffer {
  const parts: Buffer[] = [];
  const entries = Object.entries(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  parts.push(count);
  for (const [name, value] of entries) {
    for (const s of [name.toLowerCase(), value]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Headers {
  const headers: Headers = {};
  let off = 0;
  const read = (): string => {
    if (block.length - off < 4) throw new SpdyProtocolError('truncated header block');
    const len = block.readUInt32BE(off);
    off += 4;
    if (block.length - off < len) throw new SpdyProtocolError('truncated header block');
    const s = block.toString('utf8', off, off + len);
    off += len;
    return s;
  };
  if (block.length < 4) throw new SpdyProtocolError('truncated header block');
  const n = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < n; i++) {
    const name = read().toLowerCase();
    headers[name] = read();
  }
  return headers;
}

function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (const x of buf) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Outgoing header compression. We emit the zlib stream as "stored" (uncompressed) deflate
 * blocks: any zlib reader accepts them, header blocks are tiny, and it keeps writing synchronous.
 * The first block carries the zlib header announcing the SPDY dictionary (FDICT).
 */
export class HeaderCompressor {
  private started = false;

  compress(raw: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32K window); FLG 0x20 = FDICT, FCHECK 0 ((0x78<<8|0x20) % 31 === 0).
      const head = Buffer.alloc(6);
      head[0] = 0x78;
      head[1] = 0x20;
      head.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
      parts.push(head);
    }
    let off = 0;
    do {
      const chunk = raw.subarray(off, off + 0xffff);
      const hdr = Buffer.alloc(5);
      hdr[0] = 0x00; // BFINAL=0, BTYPE=00 (stored), padded to the byte boundary
      hdr.writeUInt16LE(chunk.length, 1);
      hdr.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(hdr, chunk);
      off += chunk.length;
    } while (off < raw.length);
    // An empty stored block ends the header block, exactly like zlib's SYNC_FLUSH: Go's inflater
    // hands out a stored block's bytes only when it reaches the following block header.
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
}

/** Bound on the header bytes one connection may send (re-inflated each time; see below). */
const MAX_COMPRESSED = 4 * 1024 * 1024;

/**
 * Incoming header decompression. Node has no synchronous streaming inflate, so we keep every
 * compressed header byte of the connection and inflate the whole prefix again (sync-flush
 * finish), taking only the new output. Header traffic per connection is small (a few streams).
 */
export class HeaderDecompressor {
  private input: Buffer = Buffer.alloc(0);
  private produced = 0;

  inflate(chunk: Buffer): Buffer {
    this.input = Buffer.concat([this.input, chunk]);
    if (this.input.length > MAX_COMPRESSED) throw new SpdyProtocolError('too much header data');
    let out: Buffer;
    try {
      out = inflateSync(this.input, { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      throw new SpdyProtocolError(`bad header compression: ${(e as Error).message}`);
    }
    const fresh = out.subarray(this.produced);
    this.produced = out.length;
    return fresh;
  }
}
