// WebSocket channel protocols as non-kubectl clients speak them: port-forward in the kubelet's
// channel form (v4.channel.k8s.io, base64 and no subprotocol; 2 channels per port, each opened
// by the port as 2 bytes little-endian) and exec stdin in TEXT frames (the Python client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { WebSocket } from 'ws';
import { createUpgradeHandler } from '../../../orchestrator/apiserver/streaming/upgrade.js';
import type { ContainerRuntime, InteractiveSession } from '../../../orchestrator/runtime/types.js';

const POD = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
  spec: { containers: [{ name: 'web' }] },
  status: { phase: 'Running', podIP: '127.0.0.1' },
};

/** A runtime whose exec is `cat`: stdin comes back on stdout, exit 0 when stdin ends. */
const catRuntime = {
  listContainers: () => Promise.resolve([{ id: 'c1', state: 'running', labels: {} }]),
  execStream: (): Promise<InteractiveSession> => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    stdin.pipe(stdout);
    const stderr = new PassThrough();
    stderr.end();
    return Promise.resolve({
      stdin,
      stdout,
      stderr,
      resize: () => Promise.resolve(),
      wait: () => new Promise<number>((r) => stdout.on('end', () => r(0))),
      close: () => stdin.end(),
    });
  },
  attachStream: () => Promise.reject(new Error('unused')),
} as unknown as ContainerRuntime;

describe('WebSocket channel protocols', () => {
  let server: http.Server;
  let port = 0;
  let echo: net.Server;
  let echoPort = 0;

  beforeAll(async () => {
    echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    echoPort = (echo.address() as net.AddressInfo).port;
    const h = createUpgradeHandler({
      registry: { get: () => POD } as any,
      runtime: catRuntime,
      authenticate: () => true,
    });
    server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (req, s, head) => h.handle(req, s, head));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => echo.close(() => r()));
  });

  /** Opens a WebSocket and records every frame from the start (frames can ride with the 101). */
  const open = (path: string, protocols: string[]) =>
    new Promise<{ ws: WebSocket; frames: { data: Buffer; binary: boolean }[]; closed: Promise<void> }>(
      (resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/web/${path}`,
          protocols,
        );
        const frames: { data: Buffer; binary: boolean }[] = [];
        ws.on('message', (m: Buffer, binary: boolean) => frames.push({ data: m, binary }));
        const closed = new Promise<void>((r) => ws.on('close', () => r()));
        ws.on('open', () => resolve({ ws, frames, closed }));
        ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.on('error', reject);
      },
    );

  for (const protocols of [['v4.channel.k8s.io'], ['portforward.k8s.io'], []]) {
    it(`forwards ports over channels (${protocols[0] ?? 'no subprotocol'})`, async () => {
      const { ws, frames, closed } = await open(`portforward?ports=${echoPort},1`, protocols);
      expect(ws.protocol).toBe(protocols[0] ?? '');
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping')]));
      for (let i = 0; i < 100 && !frames.some((f) => f.data[0] === 0 && f.data.length > 3); i++)
        await new Promise((r) => setTimeout(r, 20));
      const lePort = (p: number) => [p & 0xff, p >> 8];
      // First frame on each of the 4 channels: the port, little-endian.
      for (const [ch, p] of [
        [0, echoPort],
        [1, echoPort],
        [2, 1],
        [3, 1],
      ]) {
        const first = frames.find((f) => f.data[0] === ch)!;
        expect([...first.data]).toEqual([ch, ...lePort(p)]);
        expect(first.binary).toBe(true);
      }
      const echoed = frames.filter((f) => f.data[0] === 0).slice(1);
      expect(Buffer.concat(echoed.map((f) => f.data.subarray(1))).toString()).toBe('ping');
      // Port 1 is refused: its error channel carries the kubelet's words.
      for (let i = 0; i < 100 && frames.filter((f) => f.data[0] === 3).length < 2; i++)
        await new Promise((r) => setTimeout(r, 20));
      const err = frames.filter((f) => f.data[0] === 3).slice(1);
      expect(err[0].data.subarray(1).toString()).toMatch(
        /^error forwarding port 1 to pod web, uid uid-1: dial tcp 127\.0\.0\.1:1: connect: connection refused$/,
      );
      ws.close();
      await closed;
    });
  }

  it('speaks the base64 channel protocol in text frames', async () => {
    const { ws, frames } = await open(`portforward?port=${echoPort}`, ['v4.base64.channel.k8s.io']);
    ws.send('0' + Buffer.from('hello').toString('base64'));
    for (let i = 0; i < 100 && frames.filter((f) => f.data.toString()[0] === '0').length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    const data = frames.filter((f) => f.data.toString()[0] === '0');
    expect(data.every((f) => !f.binary)).toBe(true);
    expect(Buffer.from(data[0].data.toString().slice(1), 'base64')).toEqual(
      Buffer.from([echoPort & 0xff, echoPort >> 8]),
    );
    expect(Buffer.from(data[1].data.toString().slice(1), 'base64').toString()).toBe('hello');
    ws.close();
  });

  it('closes the WebSocket once every port connection has ended', async () => {
    const { closed } = await open('portforward?ports=1', ['v4.channel.k8s.io']);
    await closed;
  });

  it('refuses a channel port-forward without ports before upgrading', async () => {
    await expect(open('portforward', ['v4.channel.k8s.io'])).rejects.toThrow('HTTP 400');
  });

  for (const protocol of ['v4.channel.k8s.io', 'v5.channel.k8s.io']) {
    it(`takes exec stdin from TEXT frames as well as binary ones (${protocol})`, async () => {
      const { ws, frames, closed } = await open('exec?command=cat&stdin=true&stdout=true', [protocol]);
      ws.send('\u0000from-text ', { binary: false });
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('from-binary')]), { binary: true });
      // v4 has no close signal: the client closing ends stdin; v5 sends one .
      if (protocol.startsWith('v5')) ws.send(Buffer.from([255, 0]));
      else {
        for (let i = 0; i < 100 && !frames.some((f) => f.data.toString().includes('from-binary')); i++)
          await new Promise((r) => setTimeout(r, 20));
        ws.close();
      }
      await closed;
      const out = frames
        .filter((f) => f.data[0] === 1)
        .map((f) => f.data.subarray(1).toString())
        .join('');
      expect(out).toBe('from-text from-binary');
      if (protocol.startsWith('v5'))
        expect(
          JSON.parse(
            frames
              .find((f) => f.data[0] === 3)!
              .data.subarray(1)
              .toString(),
          ).status,
        ).toBe('Success');
    });
  }
});
