// Runs an exec/attach between a client transport (SPDY streams or WebSocket channels, both
// adapted to ClientIO) and a runtime InteractiveSession, and reports the outcome on the error
// stream as a metav1.Status the way the kubelet's v4+ protocol does.
import type { Readable, Writable } from 'node:stream';
import { badRequest } from '../../api/errors.js';
import type { InteractiveSession } from '../../runtime/types.js';
import type { TerminalSize } from './channel.js';
import { queryBool } from '../query.js';

export interface CommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  command: string[];
}

/** Reads stdin/stdout/stderr/tty/command like upstream's remotecommand option parsing. */
export function commandOptions(q: URLSearchParams, exec: boolean): CommandOptions {
  const flag = (k: string) => queryBool(q, k);
  const o: CommandOptions = {
    stdin: flag('stdin'),
    stdout: flag('stdout'),
    stderr: flag('stderr'),
    tty: flag('tty'),
    command: q.getAll('command'),
  };
  // A terminal merges stderr into stdout.
  if (o.tty) o.stderr = false;
  if (!o.stdin && !o.stdout && !o.stderr)
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (exec && o.command.length === 0)
    throw badRequest('you must specify at least one command for the container');
  return o;
}

export interface ClientIO {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Registers the terminal-size handler. */
  onResize(cb: (size: TerminalSize) => void): void;
  /** Registers what to do when the client disconnects early. */
  onGone(cb: () => void): void;
  writeStatus(status: Record<string, unknown>): void;
  /** Ends every stream and the connection. */
  finish(): void;
}

export const SUCCESS_STATUS = { metadata: {}, status: 'Success' };

export function failureStatus(message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500, ...extra };
}

/** Upstream's shape for a non-zero exit: kubectl exits with the ExitCode cause's value. */
export function exitCodeStatus(command: string[], code: number): Record<string, unknown> {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function pipeOut(from: NodeJS.ReadableStream, to: Writable | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!to) {
      from.on('data', () => undefined); // discard, but keep the engine stream flowing
      from.on('end', resolve);
      from.on('close', resolve);
      return;
    }
    from.pipe(to);
    to.on('finish', resolve);
    to.on('close', resolve);
    to.on('error', resolve);
  });
}

/** Connects io to the session started by start(); resolves when everything is closed. */
export async function runRemoteCommand(
  io: ClientIO,
  opts: CommandOptions,
  start: () => Promise<InteractiveSession>,
  isExec: boolean,
): Promise<void> {
  let session: InteractiveSession;
  try {
    session = await start();
  } catch (e) {
    io.writeStatus(
      failureStatus(
        `error ${isExec ? 'executing command in' : 'attaching to'} container: ${(e as Error).message}`,
      ),
    );
    io.finish();
    return;
  }
  let gone = false;
  io.onGone(() => {
    gone = true;
    session.close();
  });
  if (io.stdin) {
    if (session.stdin) io.stdin.pipe(session.stdin as Writable);
    else io.stdin.resume();
  }
  io.onResize((s) => void session.resize(s.width, s.height));
  const outputs = Promise.all([pipeOut(session.stdout, io.stdout), pipeOut(session.stderr, io.stderr)]);
  let code: number | undefined;
  try {
    code = await session.wait();
  } catch (e) {
    if (!gone) io.writeStatus(failureStatus((e as Error).message));
    io.finish();
    return;
  }
  await outputs;
  if (gone) return;
  io.writeStatus(isExec && code ? exitCodeStatus(opts.command, code) : SUCCESS_STATUS);
  io.finish();
}
