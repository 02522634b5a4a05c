// Adapts a channel.k8s.io WebSocket (v4 or v5, binary or base64) to ClientIO: channel-prefixed
// messages in both directions; the exit Status goes on channel 3; closing the socket ends every
// stream.
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { CHANNEL, ResizeDecoder, decodeFrame, encodeFrame, type TerminalSize } from './channel.js';
import type { ClientIO, CommandOptions } from './remotecommand.js';

/** The bytes of one ws message, whatever form ws delivered it in. */
export function messageBytes(raw: Buffer | ArrayBuffer | Buffer[]): Buffer {
  return Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
}

/** Sends one frame of the negotiated protocol; cb runs once it is written (or dropped). */
export function sendFrame(
  ws: WebSocket,
  base64: boolean,
  channel: number,
  data: Buffer | string,
  cb?: () => void,
) {
  if (ws.readyState !== ws.OPEN) {
    cb?.();
    return;
  }
  ws.send(encodeFrame(base64, channel, data), { binary: !base64 }, () => cb?.());
}

function channelWriter(ws: WebSocket, base64: boolean, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      sendFrame(ws, base64, channel, chunk, () => cb());
    },
  });
}

export function wsClientIO(ws: WebSocket, opts: CommandOptions, protocol: string): ClientIO {
  const base64 = protocol.includes('base64');
  const stdin = opts.stdin ? new PassThrough() : undefined;
  const resizeCbs: ((s: TerminalSize) => void)[] = [];
  const decoder = new ResizeDecoder((s) => resizeCbs.forEach((cb) => cb(s)));
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    // Text and binary frames alike (upstream reads both): the Python client sends str stdin as text.
    const m = decodeFrame(base64, messageBytes(raw));
    if (m.kind === 'close') {
      if (m.channel === CHANNEL.stdin) stdin?.end();
    } else if (m.kind === 'data') {
      if (m.channel === CHANNEL.stdin && stdin && !stdin.writableEnded) stdin.write(m.data);
      else if (m.channel === CHANNEL.resize) decoder.push(m.data);
    }
  });
  ws.on('close', () => stdin?.end());
  return {
    stdin,
    stdout: opts.stdout ? channelWriter(ws, base64, CHANNEL.stdout) : undefined,
    stderr: opts.stderr ? channelWriter(ws, base64, CHANNEL.stderr) : undefined,
    onResize: (cb) => resizeCbs.push(cb),
    onGone: (cb) => ws.on('close', cb),
    writeStatus: (status) => sendFrame(ws, base64, CHANNEL.error, JSON.stringify(status)),
    finish: () => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
    },
  };
}
