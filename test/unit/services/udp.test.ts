// UDP Services: datagrams from one client go to one backend through a per-client session and the
// replies come back from the service address.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { Balancer } from '../../../orchestrator/proxy/balancer.js';
import { listenUdp } from '../../../orchestrator/proxy/forwarder.js';

describe('UDP forwarding', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  const echo = async (name: string) => {
    const s = dgram.createSocket('udp4');
    s.on('message', (m, r) => s.send(`${name}:${String(m)}`, r.port, r.address));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    closers.push(() => s.close());
    return { ip: '127.0.0.1', port: s.address().port };
  };

  it('relays datagrams to a backend and answers from the service socket', async () => {
    const a = await echo('a');
    const l = listenUdp('127.0.0.1', 0, new Balancer([a]), (e) => {
      throw e;
    });
    closers.push(() => l.close());
    await new Promise((r) => setTimeout(r, 50));
    const client = dgram.createSocket('udp4');
    closers.push(() => client.close());
    const replies: string[] = [];
    const got = new Promise<void>((resolve) =>
      client.on('message', (m, r) => {
        expect(r.port).toBe(l.port());
        replies.push(String(m));
        if (replies.length === 2) resolve();
      }),
    );
    client.send('one', l.port(), '127.0.0.1');
    await new Promise((r) => setTimeout(r, 100)); // the session connects on the first datagram
    client.send('two', l.port(), '127.0.0.1');
    await got;
    expect(replies).toEqual(['a:one', 'a:two']);
  });
});
