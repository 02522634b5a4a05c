// The channel.k8s.io WebSocket framing (v4/v5.channel.k8s.io): every binary message starts with
// one byte naming the stream. v5 adds a close signal: channel 255 carrying the id of the stream
// the sender has finished writing (kubectl sends it when its stdin reaches EOF).

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export const WS_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io'] as const;

/** The base64 variants send text frames: an ASCII digit naming the channel, then base64 data. */
export const isBase64Protocol = (protocol: string) => protocol.includes('base64.channel.k8s.io');

export function encodeChannel(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = Buffer.alloc(body.length + 1);
  out[0] = channel;
  body.copy(out, 1);
  return out;
}

export type ChannelMessage =
  { kind: 'data'; channel: number; data: Buffer } | { kind: 'close'; channel: number } | { kind: 'empty' };

export function decodeChannel(msg: Buffer): ChannelMessage {
  if (msg.length === 0) return { kind: 'empty' };
  if (msg[0] === CHANNEL.close) {
    // A close signal names one stream; a bare 255 is malformed and ignored.
    return msg.length >= 2 ? { kind: 'close', channel: msg[1] } : { kind: 'empty' };
  }
  return { kind: 'data', channel: msg[0], data: msg.subarray(1) };
}

/** One outgoing frame in the negotiated protocol's form. */
export function encodeFrame(base64: boolean, channel: number, data: Buffer | string): Buffer | string {
  if (!base64) return encodeChannel(channel, data);
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return String.fromCharCode(48 + channel) + body.toString('base64');
}

/**
 * One incoming message. Like upstream's wsstream, the binary protocols take the bytes of a frame
 * whatever its opcode: clients such as the Python client send str stdin as TEXT frames.
 */
export function decodeFrame(base64: boolean, msg: Buffer): ChannelMessage {
  if (!base64) return decodeChannel(msg);
  if (msg.length === 0) return { kind: 'empty' };
  const channel = msg[0] - 48;
  if (channel < 0 || channel > 9) return { kind: 'empty' };
  return { kind: 'data', channel, data: Buffer.from(msg.subarray(1).toString('latin1'), 'base64') };
}

export interface TerminalSize {
  width: number;
  height: number;
}

/**
 * The resize stream is a sequence of JSON objects {"Width":W,"Height":H} with no separator
 * guarantees; split on balanced braces and emit each size.
 */
export class ResizeDecoder {
  private buf = '';

  constructor(private readonly onSize: (size: TerminalSize) => void) {}

  push(chunk: Buffer | string): void {
    this.buf += chunk.toString();
    for (;;) {
      const start = this.buf.indexOf('{');
      if (start < 0) {
        this.buf = '';
        return;
      }
      let depth = 0;
      let end = -1;
      for (let i = start; i < this.buf.length; i++) {
        if (this.buf[i] === '{') depth++;
        else if (this.buf[i] === '}' && --depth === 0) {
          end = i;
          break;
        }
      }
      if (end < 0) {
        this.buf = this.buf.slice(start);
        if (this.buf.length > 4096) this.buf = ''; // garbage: drop it
        return;
      }
      const text = this.buf.slice(start, end + 1);
      this.buf = this.buf.slice(end + 1);
      try {
        const o = JSON.parse(text);
        const width = Number(o.Width ?? o.width);
        const height = Number(o.Height ?? o.height);
        if (Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)
          this.onSize({ width, height });
      } catch {
        // not JSON: ignore this object
      }
    }
  }
}
