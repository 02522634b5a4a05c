// Interactive exec and attach over the Docker Engine API: the engine hijacks the HTTP connection
// and hands back a raw duplex socket (multiplexed frames unless a TTY is used). Half-closing the
// socket's write side closes the process's stdin, like `docker exec -i`.
import type Docker from 'dockerode';
import { PassThrough, Writable, type Duplex, type Readable } from 'node:stream';
import { FrameParser } from './demux.js';
import type { InteractiveSession, StreamOptions } from './types.js';

function session(
  socket: Duplex | Readable,
  opts: StreamOptions & { writable: boolean; halfCloseOnEof?: boolean },
  resize: (w: number, h: number) => Promise<void>,
  exitCode: () => Promise<number | undefined>,
): InteractiveSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const parser = new FrameParser((kind, payload) => {
    if (kind === 'stdout') stdout.write(Buffer.from(payload));
    else if (kind === 'stderr') stderr.write(Buffer.from(payload));
  });
  let resolveEnded!: () => void;
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const finish = () => {
    stdout.end();
    stderr.end();
    resolveEnded();
  };
  socket.on('data', (c: Buffer) => {
    if (opts.tty) {
      stdout.write(c);
      return;
    }
    try {
      parser.push(c);
    } catch {
      stdout.write(c); // not multiplexed after all: pass through
    }
  });
  socket.on('end', finish);
  socket.on('close', finish);
  socket.on('error', finish);
  let stdin: Writable | undefined;
  if (opts.stdin && opts.writable) {
    const duplex = socket as Duplex;
    stdin = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (duplex.writableEnded || duplex.destroyed) return cb();
        duplex.write(chunk, () => cb());
      },
      final(cb) {
        if (opts.halfCloseOnEof !== false && !duplex.writableEnded && !duplex.destroyed) duplex.end();
        cb();
      },
    });
    stdin.on('error', () => undefined);
  }
  return {
    stdin,
    stdout,
    stderr,
    resize,
    wait: async () => {
      await ended;
      return exitCode();
    },
    close: () => socket.destroy(),
  };
}

export async function dockerExecStream(
  docker: Docker,
  id: string,
  cmd: string[],
  opts: StreamOptions,
): Promise<InteractiveSession> {
  const exec = await docker.getContainer(id).exec({
    Cmd: cmd,
    AttachStdin: opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
  });
  const socket: Duplex = await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty });
  const exitCode = async () => {
    // The engine records the exit code a moment after the output stream ends.
    let info = await exec.inspect();
    for (let i = 0; info.Running && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      info = await exec.inspect();
    }
    return info.ExitCode ?? undefined;
  };
  const resize = async (w: number, h: number) => {
    if (opts.tty) await exec.resize({ w, h }).catch(() => undefined);
  };
  return session(socket, { ...opts, writable: true }, resize, exitCode);
}

export async function dockerAttachStream(
  docker: Docker,
  id: string,
  opts: StreamOptions,
): Promise<InteractiveSession> {
  const container = docker.getContainer(id);
  const config = (await container.inspect()).Config;
  const tty = config.Tty;
  const stream = (await container.attach({
    stream: true,
    stdin: opts.stdin,
    stdout: true,
    stderr: true,
    hijack: opts.stdin,
  })) as unknown as Duplex;
  const resize = async (w: number, h: number) => {
    if (tty) await container.resize({ w, h }).catch(() => undefined);
  };
  // The engine detaches an attach whose stdin half-closes: unless the container's stdin closes
  // with it (StdinOnce), keep the output coming until the container ends, as a CRI runtime does.
  const halfCloseOnEof = !!config.StdinOnce;
  return session(stream, { stdin: opts.stdin, tty, writable: opts.stdin, halfCloseOnEof }, resize, () =>
    Promise.resolve(undefined),
  );
}
