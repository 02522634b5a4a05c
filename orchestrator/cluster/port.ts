// API server port selection: a free port in a high range, chosen once and persisted.
import net from 'node:net';
import { UserError } from '../config/errors.js';

/**
 * Range for the first pick: below every common ephemeral-port range (Linux 32768+, macOS and
 * Windows 49152+), so outgoing connections never hold the saved port, and below NodePorts (30000+).
 */
export const PORT_RANGE = { min: 20000, max: 29999 };

/** True when `port` can be bound on `host` right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Tries random ports in the range; falls back to an OS-assigned one if every try is busy. */
export async function pickFreePort(host = '127.0.0.1', range = PORT_RANGE, tries = 40): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const port = range.min + Math.floor(Math.random() * (range.max - range.min + 1));
    if (await isPortFree(port, host)) return port;
  }
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host }, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The saved API port is held by someone else: say how to get out of it. */
export function portInUseError(port: number, name: string): UserError {
  const flag = name === 'kubedeck' ? '' : ` --name ${name}`;
  return new UserError(
    `port ${port} (the API port saved for cluster '${name}') is in use by another process`,
    `free it, or run \`kubedeck delete${flag}\` to recreate the cluster on a new port`,
  );
}
