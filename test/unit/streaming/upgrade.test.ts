// The upgrade entry point end to end on a plain HTTP server: a WebSocket v5 exec client against
// the FakeRuntime, pre-upgrade errors as Status, and port-forward streams spliced to a local TCP
// server through a SpdySession.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { WebSocket } from 'ws';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { LABEL } from '../../../orchestrator/node/kubelet/naming.js';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';
import { createUpgradeHandler } from '../../../orchestrator/apiserver/streaming/upgrade.js';
import { servePortForward } from '../../../orchestrator/apiserver/streaming/portforward.js';
import { SpdySession } from '../../../orchestrator/apiserver/streaming/spdy/session.js';
import {
  FrameReader,
  FrameWriter,
  type Frame,
} from '../../../orchestrator/apiserver/streaming/spdy/frames.js';

const POD = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
  spec: { containers: [{ name: 'web' }] },
  status: { phase: 'Running', podIP: '127.0.0.1' },
};

describe('exec over WebSocket v5 (FakeRuntime)', () => {
  const rt = new FakeRuntime();
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    rt.addImage('busybox');
    rt.script('busybox', {
      exec: (cmd) => ({
        exitCode: cmd.includes('fail') ? 7 : 0,
        stdout: `ran ${cmd.join(' ')}\n`,
        stderr: 'warn\n',
      }),
    });
    const id = await rt.createContainer({
      name: 'k8s_web',
      image: 'busybox',
      labels: { [LABEL.podUid]: 'uid-1', [LABEL.containerName]: 'web' },
    });
    await rt.startContainer(id);
    const registry: any = {
      get: (_info: unknown, _ns: string, name: string) => {
        if (name !== 'web') throw new StatusError(404, 'NotFound', `pods "${name}" not found`, {});
        return POD;
      },
    };
    const h = createUpgradeHandler({
      registry,
      runtime: rt,
      authenticate: (req) => req.headers.authorization === 'Bearer t',
    });
    server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (req, s, head) => h.handle(req, s, head));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const exec = (query: string, token = 't') =>
    new Promise<{ channels: Record<number, string>; protocol: string; status?: number; body?: string }>(
      (resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/${query}`,
          ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
          { headers: { authorization: `Bearer ${token}` } },
        );
        const channels: Record<number, string> = {};
        ws.on('message', (m: Buffer) => (channels[m[0]] = (channels[m[0]] ?? '') + m.subarray(1).toString()));
        ws.on('open', () => {
          ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('input')]));
          ws.send(Buffer.from([255, 0])); // v5: stdin closed
        });
        ws.on('close', () => resolve({ channels, protocol: ws.protocol }));
        ws.on('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (d) => (body += String(d)));
          res.on('end', () => resolve({ channels, protocol: '', status: res.statusCode, body }));
        });
        ws.on('error', reject);
      },
    );

  it('negotiates v5, streams stdout/stderr and ends with a Success status', async () => {
    const r = await exec('web/exec?command=echo&command=hi&stdin=true&stdout=true&stderr=true');
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(r.channels[1]).toBe('ran echo hi\n');
    expect(r.channels[2]).toBe('warn\n');
    expect(JSON.parse(r.channels[3])).toEqual({ metadata: {}, status: 'Success' });
  });

  it('reports a non-zero exit as NonZeroExitCode', async () => {
    const r = await exec('web/exec?command=fail&stdout=true');
    const status = JSON.parse(r.channels[3]);
    expect(status.reason).toBe('NonZeroExitCode');
    expect(status.details.causes).toEqual([{ reason: 'ExitCode', message: '7' }]);
  });

  it('passes terminal sizes from the resize channel to the runtime', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/web/exec?command=sh&stdin=true&stdout=true&tty=true`,
      ['v5.channel.k8s.io'],
      { headers: { authorization: 'Bearer t' } },
    );
    await new Promise((r) => ws.on('open', r));
    ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":101,"Height":27}')]));
    for (let i = 0; i < 50 && !rt.calls.some((c) => c.op === 'resize'); i++)
      await new Promise((r) => setTimeout(r, 20));
    ws.send(Buffer.from([255, 0]));
    await new Promise((r) => ws.on('close', r));
    expect(rt.calls.find((c) => c.op === 'resize')?.args.slice(1)).toEqual([101, 27]);
  });

  it('answers errors before the upgrade as Status objects', async () => {
    const bad = await exec('web/exec?command=ls&stdout=true&container=nope');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body!).message).toBe('container nope is not valid for pod web');
    const missing = await exec('other/exec?command=ls&stdout=true');
    expect(missing.status).toBe(404);
    const unauth = await exec('web/exec?command=ls&stdout=true', 'wrong');
    expect(unauth.status).toBe(401);
  });
});

describe('port-forward streams', () => {
  it('splices a data stream to the pod port and reports refused ports on the error stream', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const echoPort = (echo.address() as net.AddressInfo).port;
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const session = new SpdySession(Duplex.from({ readable: toServer, writable: toClient }));
    servePortForward(session, { podName: 'web', podUid: 'uid-1', podIp: '127.0.0.1' });
    const reader = new FrameReader();
    const got: Frame[] = [];
    toClient.on('data', (c: Buffer) => got.push(...reader.push(c)));
    const w = new FrameWriter();
    const open = (id: number, type: string, p: number, req: string) =>
      toServer.write(
        w.encode({
          type: 'syn_stream',
          streamId: id,
          associatedId: 0,
          priority: 0,
          fin: false,
          headers: { streamtype: type, port: String(p), requestid: req },
        }),
      );
    const dataOf = (id: number) =>
      Buffer.concat(got.flatMap((f) => (f.type === 'data' && f.streamId === id ? [f.data] : []))).toString();
    const finned = (id: number) => got.some((f) => f.type === 'data' && f.streamId === id && f.fin);
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
    };

    open(1, 'error', echoPort, '0');
    open(3, 'data', echoPort, '0');
    toServer.write(w.encode({ type: 'data', streamId: 3, fin: true, data: Buffer.from('ping') }));
    await until(() => finned(3) && finned(1));
    expect(dataOf(3)).toBe('ping');
    expect(dataOf(1)).toBe('');

    // A port nothing listens on: the kubelet-style message arrives on the error stream.
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    open(5, 'error', closed, '1');
    open(7, 'data', closed, '1');
    await until(() => finned(5));
    expect(dataOf(5)).toMatch(
      new RegExp(
        `^error forwarding port ${closed} to pod web, uid uid-1: dial tcp 127.0.0.1:${closed}: connect: connection refused$`,
      ),
    );
    session.close();
    echo.close();
  });
});
