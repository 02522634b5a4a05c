// A minimal DNS wire codec (RFC 1035): enough to read a query's question and to write answers
// (A, SRV, CNAME) or an error code. Forwarded queries are passed through as raw bytes.

export const TYPE = { A: 1, CNAME: 5, SOA: 6, PTR: 12, AAAA: 28, SRV: 33, ANY: 255 } as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  name: string;
  type: number;
  cls: number;
}

export interface Query {
  id: number;
  flags: number;
  question: Question;
}

export type Answer =
  | { type: 'A'; name: string; ttl: number; ip: string }
  | { type: 'CNAME'; name: string; ttl: number; target: string }
  | {
      type: 'SRV';
      name: string;
      ttl: number;
      priority: number;
      weight: number;
      port: number;
      target: string;
    };

/** Reads a (possibly compressed) name at `off`; returns it and the offset after it. */
function readName(buf: Buffer, off: number): { name: string; end: number } {
  const labels: string[] = [];
  let end = -1;
  for (let jumps = 0; jumps < 64; jumps++) {
    if (off >= buf.length) throw new Error('truncated name');
    const len = buf[off];
    if (len === 0) {
      if (end < 0) end = off + 1;
      return { name: labels.join('.'), end };
    }
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = off + 2;
      off = ((len & 0x3f) << 8) | buf[off + 1];
      continue;
    }
    labels.push(buf.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  throw new Error('name compression loop');
}

/** The query's id, flags and first question; throws on a malformed packet. */
export function parseQuery(buf: Buffer): Query {
  if (buf.length < 12) throw new Error('short packet');
  const qd = buf.readUInt16BE(4);
  if (qd < 1) throw new Error('no question');
  const { name, end } = readName(buf, 12);
  if (end + 4 > buf.length) throw new Error('truncated question');
  return {
    id: buf.readUInt16BE(0),
    flags: buf.readUInt16BE(2),
    question: { name: name.toLowerCase(), type: buf.readUInt16BE(end), cls: buf.readUInt16BE(end + 2) },
  };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  const bufs = parts.map((p) => {
    const b = Buffer.from(p, 'latin1');
    return Buffer.concat([Buffer.from([Math.min(b.length, 63)]), b.subarray(0, 63)]);
  });
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

function rr(name: string, type: number, ttl: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2); // class IN
  head.writeUInt32BE(ttl, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), head, rdata]);
}

function encodeAnswer(a: Answer): Buffer {
  if (a.type === 'A') return rr(a.name, TYPE.A, a.ttl, Buffer.from(a.ip.split('.').map(Number)));
  if (a.type === 'CNAME') return rr(a.name, TYPE.CNAME, a.ttl, encodeName(a.target));
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(a.priority, 0);
  fixed.writeUInt16BE(a.weight, 2);
  fixed.writeUInt16BE(a.port, 4);
  return rr(a.name, TYPE.SRV, a.ttl, Buffer.concat([fixed, encodeName(a.target)]));
}

/** A response to `q`: answers with the given rcode; authoritative for names in our zone. */
export function buildResponse(q: Query, rcode: number, answers: Answer[] = [], authoritative = true): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(q.id, 0);
  const opcode = q.flags & 0x7800;
  const rd = q.flags & 0x0100;
  head.writeUInt16BE(0x8000 | opcode | (authoritative ? 0x0400 : 0) | rd | 0x0080 | (rcode & 0xf), 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(answers.length, 6);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(q.question.type, 0);
  question.writeUInt16BE(q.question.cls, 2);
  return Buffer.concat([head, encodeName(q.question.name), question, ...answers.map(encodeAnswer)]);
}

/** Builds a query packet (tests, and the forwarder's health checks). */
export function buildQuery(id: number, name: string, type: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(id, 0);
  head.writeUInt16BE(0x0100, 2);
  head.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([head, encodeName(name), tail]);
}

/** Decodes a response's rcode and answer records (tests and diagnostics). */
export function parseResponse(buf: Buffer): { id: number; rcode: number; answers: Answer[] } {
  const id = buf.readUInt16BE(0);
  const rcode = buf.readUInt16BE(2) & 0xf;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  let off = 12;
  for (let i = 0; i < qd; i++) off = readName(buf, off).end + 4;
  const answers: Answer[] = [];
  for (let i = 0; i < an; i++) {
    const { name, end } = readName(buf, off);
    const type = buf.readUInt16BE(end);
    const ttl = buf.readUInt32BE(end + 4);
    const len = buf.readUInt16BE(end + 8);
    const rd = end + 10;
    if (type === TYPE.A) answers.push({ type: 'A', name, ttl, ip: [...buf.subarray(rd, rd + 4)].join('.') });
    else if (type === TYPE.CNAME) answers.push({ type: 'CNAME', name, ttl, target: readName(buf, rd).name });
    else if (type === TYPE.SRV)
      answers.push({
        type: 'SRV',
        name,
        ttl,
        priority: buf.readUInt16BE(rd),
        weight: buf.readUInt16BE(rd + 2),
        port: buf.readUInt16BE(rd + 4),
        target: readName(buf, rd + 6).name,
      });
    off = rd + len;
  }
  return { id, rcode, answers };
}
