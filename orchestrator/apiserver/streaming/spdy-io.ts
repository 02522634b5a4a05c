// Adapts a SPDY connection carrying remotecommand streams (error, stdin, stdout, stderr, resize;
// named by each stream's "streamtype" header) to ClientIO, once all expected streams arrived.
import { PassThrough, Writable } from 'node:stream';
import { ResizeDecoder, type TerminalSize } from './channel.js';
import type { ClientIO, CommandOptions } from './remotecommand.js';
import type { SpdySession, SpdyStream } from './spdy/session.js';

/** Upstream's streamCreationTimeout for the client to open its streams. */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;

function writableFor(session: SpdySession, stream: SpdyStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (stream.write(chunk) || session.isClosed) cb();
      else session.once('drain', () => cb());
    },
    final(cb) {
      stream.end();
      cb();
    },
  });
}

/** Waits for the streams opts implies; rejects on timeout or when the connection drops. */
export function spdyClientIO(
  session: SpdySession,
  opts: CommandOptions,
  timeoutMs = STREAM_CREATION_TIMEOUT_MS,
): Promise<ClientIO> {
  const wanted = new Set(['error']);
  if (opts.stdin) wanted.add('stdin');
  if (opts.stdout) wanted.add('stdout');
  if (opts.stderr) wanted.add('stderr');
  if (opts.tty) wanted.add('resize');
  const got = new Map<string, SpdyStream>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for client to create streams`));
    }, timeoutMs);
    const onClose = () => {
      cleanup();
      reject(new Error('connection closed before all streams were created'));
    };
    const onStream = (s: SpdyStream) => {
      const type = s.headers['streamtype'];
      if (!wanted.has(type) || got.has(type)) {
        s.destroy();
        return;
      }
      got.set(type, s);
      if (got.size === wanted.size) {
        cleanup();
        resolve(build());
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      session.off('stream', onStream);
      session.off('close', onClose);
    };
    session.on('stream', onStream);
    session.on('close', onClose);

    const build = (): ClientIO => {
      const errorStream = got.get('error')!;
      let stdin: PassThrough | undefined;
      const inStream = got.get('stdin');
      if (inStream) {
        stdin = new PassThrough();
        inStream.on('data', (d: Buffer) => stdin!.write(d));
        inStream.on('end', () => stdin!.end());
      }
      const out = got.get('stdout');
      const err = got.get('stderr');
      const resizeCbs: ((s: TerminalSize) => void)[] = [];
      const decoder = new ResizeDecoder((s) => resizeCbs.forEach((cb) => cb(s)));
      got.get('resize')?.on('data', (d: Buffer) => decoder.push(d));
      return {
        stdin,
        stdout: out && writableFor(session, out),
        stderr: err && writableFor(session, err),
        onResize: (cb) => resizeCbs.push(cb),
        onGone: (cb) => {
          session.on('close', cb);
          errorStream.on('reset', cb);
        },
        writeStatus: (status) => {
          errorStream.write(Buffer.from(JSON.stringify(status)));
          errorStream.end();
        },
        finish: () => {
          for (const s of got.values()) s.end();
          // Let the client read the last frames, then drop the connection.
          setTimeout(() => session.close(), 1000).unref();
          session.once('goaway', () => session.close());
        },
      };
    };
  });
}
