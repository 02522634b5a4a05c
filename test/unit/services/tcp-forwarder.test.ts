// TCP forwarding: a backend that refuses the connection (a pod that just stopped, before the
// endpoint update arrives) is retried on another backend, so the client never sees the failure;
// with no ready backend the client connection is closed at once.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Balancer } from '../../../orchestrator/proxy/balancer.js';
import { listenTcp } from '../../../orchestrator/proxy/forwarder.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function server(reply: string): Promise<number> {
  const s = net.createServer((c) => c.end(reply));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => s.close());
  return (s.address() as net.AddressInfo).port;
}

/** A port nothing listens on (connections to it are refused). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

async function listen(balancer: Balancer): Promise<number> {
  const l = listenTcp('127.0.0.1', 0, balancer, (e) => {
    throw e;
  });
  closers.push(() => l.close());
  for (let i = 0; i < 50 && !l.port(); i++) await new Promise((r) => setTimeout(r, 10));
  return l.port()!;
}

function fetch(port: number): Promise<string | Error> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    let data = '';
    c.on('data', (d) => (data += String(d)));
    c.on('close', () => resolve(data));
    c.on('error', (e) => resolve(e));
  });
}

describe('TCP forwarding', () => {
  it('retries a refused backend on another one before any byte is exchanged', async () => {
    const good = await server('ok');
    const dead = await closedPort();
    const port = await listen(
      new Balancer([
        { ip: '127.0.0.1', port: dead },
        { ip: '127.0.0.1', port: good },
      ]),
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => fetch(port)));
    expect(results).toEqual(Array(20).fill('ok'));
  });

  it('closes the client at once when there is no backend', async () => {
    const port = await listen(new Balancer([]));
    const r = await fetch(port);
    expect(r instanceof Error ? '' : r).toBe('');
  });
});
