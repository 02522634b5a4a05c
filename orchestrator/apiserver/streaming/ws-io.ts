// Adapts a channel.k8s.io WebSocket (v4 or v5) to ClientIO: channel-prefixed binary messages in
// both directions; the exit Status goes on channel 3; closing the socket ends every stream.
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { CHANNEL, ResizeDecoder, decodeChannel, encodeChannel, type TerminalSize } from './channel.js';
import type { ClientIO, CommandOptions } from './remotecommand.js';

function channelWriter(ws: WebSocket, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== ws.OPEN) return cb();
      ws.send(encodeChannel(channel, chunk), { binary: true }, () => cb());
    },
  });
}

export function wsClientIO(ws: WebSocket, opts: CommandOptions): ClientIO {
  const stdin = opts.stdin ? new PassThrough() : undefined;
  const resizeCbs: ((s: TerminalSize) => void)[] = [];
  const decoder = new ResizeDecoder((s) => resizeCbs.forEach((cb) => cb(s)));
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const buf = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    // Text frames are the base64 protocols, which we do not offer; ignore them.
    if (!isBinary) return;
    const m = decodeChannel(buf);
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
    stdout: opts.stdout ? channelWriter(ws, CHANNEL.stdout) : undefined,
    stderr: opts.stderr ? channelWriter(ws, CHANNEL.stderr) : undefined,
    onResize: (cb) => resizeCbs.push(cb),
    onGone: (cb) => ws.on('close', cb),
    writeStatus: (status) => {
      if (ws.readyState === ws.OPEN)
        ws.send(encodeChannel(CHANNEL.error, JSON.stringify(status)), { binary: true });
    },
    finish: () => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
    },
  };
}
