// channel.k8s.io WebSocket framing, the resize stream decoder, option parsing, and the exec
// runner's Status on the error channel (exit codes as kubectl reads them).
import { describe, expect, it } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import {
  CHANNEL,
  ResizeDecoder,
  decodeChannel,
  encodeChannel,
  type TerminalSize,
} from '../../../orchestrator/apiserver/streaming/channel.js';
import {
  commandOptions,
  runRemoteCommand,
  type ClientIO,
} from '../../../orchestrator/apiserver/streaming/remotecommand.js';
import type { InteractiveSession } from '../../../orchestrator/runtime/types.js';

describe('channel framing', () => {
  it('prefixes the stream id and strips it again', () => {
    const m = encodeChannel(CHANNEL.stdout, 'hi');
    expect([...m]).toEqual([1, 0x68, 0x69]);
    expect(decodeChannel(m)).toEqual({ kind: 'data', channel: 1, data: Buffer.from('hi') });
  });

  it('reads the v5 close signal and ignores empty or malformed ones', () => {
    expect(decodeChannel(Buffer.from([255, 0]))).toEqual({ kind: 'close', channel: 0 });
    expect(decodeChannel(Buffer.from([255]))).toEqual({ kind: 'empty' });
    expect(decodeChannel(Buffer.alloc(0))).toEqual({ kind: 'empty' });
  });
});

describe('ResizeDecoder', () => {
  it('splits concatenated and fragmented JSON sizes', () => {
    const sizes: TerminalSize[] = [];
    const d = new ResizeDecoder((s) => sizes.push(s));
    d.push('{"Width":80,"Height":24}{"Width":1');
    d.push('00,"Height":30}');
    d.push('{"Width":0,"Height":0}not json{}');
    expect(sizes).toEqual([
      { width: 80, height: 24 },
      { width: 100, height: 30 },
    ]);
  });
});

describe('commandOptions', () => {
  it('parses flags and drops stderr with a tty like upstream', () => {
    const q = new URLSearchParams(
      'command=sh&command=-c&command=true&stdin=true&stdout=true&stderr=true&tty=true',
    );
    expect(commandOptions(q, true)).toEqual({
      stdin: true,
      stdout: true,
      stderr: false,
      tty: true,
      command: ['sh', '-c', 'true'],
    });
  });

  it('rejects requests without streams or without a command', () => {
    expect(() => commandOptions(new URLSearchParams('command=ls'), true)).toThrow(
      'you must specify at least 1 of stdin, stdout, stderr',
    );
    expect(() => commandOptions(new URLSearchParams('stdout=true'), true)).toThrow(
      'you must specify at least one command for the container',
    );
    expect(commandOptions(new URLSearchParams('stdout=true'), false).command).toEqual([]);
  });
});

function fakeSession(output: string, code: number | undefined, stdinSink?: string[]): InteractiveSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new Writable({
    write(c: Buffer, _e, cb) {
      stdinSink?.push(c.toString());
      cb();
    },
    final(cb) {
      stdout.end(output + (stdinSink?.join('') ?? ''));
      stderr.end();
      cb();
    },
  });
  if (!stdinSink) {
    stdout.end(output);
    stderr.end();
  }
  return {
    stdin: stdinSink ? stdin : undefined,
    stdout,
    stderr,
    resize: () => Promise.resolve(),
    wait: () =>
      new Promise((resolve) => {
        let n = 0;
        const done = () => ++n === 2 && resolve(code);
        stdout.on('end', done);
        stderr.on('end', done);
        stdout.resume();
        stderr.resume();
      }),
    close: () => undefined,
  };
}

function collectingIO(stdin?: PassThrough) {
  const out: string[] = [];
  const statuses: Record<string, unknown>[] = [];
  let finished = false;
  const io: ClientIO = {
    stdin,
    stdout: new Writable({
      write(c: Buffer, _e, cb) {
        out.push(c.toString());
        cb();
      },
    }),
    onResize: () => undefined,
    onGone: () => undefined,
    writeStatus: (s) => statuses.push(s),
    finish: () => (finished = true),
  };
  return { io, out, statuses, finished: () => finished };
}

describe('runRemoteCommand', () => {
  const opts = { stdin: false, stdout: true, stderr: false, tty: false, command: ['sh', '-c', 'exit 3'] };

  it('reports success after the output', async () => {
    const c = collectingIO();
    // The fake's stdout is not piped before wait() resumes it, so output goes through pipe.
    await runRemoteCommand(c.io, opts, () => Promise.resolve(fakeSession('', 0)), true);
    expect(c.statuses).toEqual([{ metadata: {}, status: 'Success' }]);
    expect(c.finished()).toBe(true);
  });

  it('reports a non-zero exit as NonZeroExitCode with an ExitCode cause', async () => {
    const c = collectingIO();
    await runRemoteCommand(c.io, opts, () => Promise.resolve(fakeSession('', 3)), true);
    expect(c.statuses[0]).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(c.statuses[0].message).toContain('exit code 3');
  });

  it('pipes stdin through and closes it at EOF', async () => {
    const stdin = new PassThrough();
    const c = collectingIO(stdin);
    const sink: string[] = [];
    const run = runRemoteCommand(
      c.io,
      { ...opts, stdin: true },
      () => Promise.resolve(fakeSession('>', 0, sink)),
      true,
    );
    stdin.end('typed');
    await run;
    expect(c.out.join('')).toBe('>typed');
    expect(c.statuses).toEqual([{ metadata: {}, status: 'Success' }]);
  });

  it('turns a failed start into a Failure status', async () => {
    const c = collectingIO();
    await runRemoteCommand(c.io, opts, () => Promise.reject(new Error('no such container')), true);
    expect(c.statuses[0]).toMatchObject({ status: 'Failure' });
    expect(String(c.statuses[0].message)).toContain('no such container');
  });
});
