// How probes reach containers. The caller chooses: from the agent's network namespace directly
// (defaultProbeTransport, Node http/net to the pod IP) or any other path, e.g. through exec.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { ContainerRuntime } from '../../runtime/types.js';

export interface HttpProbeRequest {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface ProbeTransport {
  /** Resolves with the status code; rejects with a Go-style message on connection errors. */
  http(req: HttpProbeRequest): Promise<{ statusCode: number; body?: string }>;
  /** Resolves when a TCP connection opens; rejects with a Go-style message. */
  tcp(host: string, port: number, timeoutMs: number): Promise<void>;
  exec(containerId: string, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

const hostPort = (host: string, port: number) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

function dialError(host: string, port: number, e: NodeJS.ErrnoException): string {
  const hp = hostPort(host, port);
  if (e.code === 'ECONNREFUSED') return `dial tcp ${hp}: connect: connection refused`;
  if (e.code === 'EHOSTUNREACH') return `dial tcp ${hp}: connect: no route to host`;
  if (e.code === 'ETIMEDOUT') return `dial tcp ${hp}: i/o timeout`;
  return `dial tcp ${hp}: ${e.message}`;
}

export function defaultProbeTransport(runtime: Pick<ContainerRuntime, 'exec'>): ProbeTransport {
  return {
    http(req) {
      const url = `${req.scheme.toLowerCase()}://${hostPort(req.host, req.port)}${req.path.startsWith('/') ? '' : '/'}${req.path}`;
      return new Promise((resolve, reject) => {
        const mod = req.scheme === 'HTTPS' ? https : http;
        const r = mod.request(
          url,
          { method: 'GET', headers: req.headers, rejectUnauthorized: false },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              if (size < 10240) chunks.push(c);
              size += c.length;
            });
            res.on('end', () =>
              resolve({
                statusCode: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8').slice(0, 10240),
              }),
            );
            res.on('error', (e) => reject(new Error(`Get "${url}": ${e.message}`)));
          },
        );
        r.setTimeout(req.timeoutMs, () => {
          r.destroy();
          reject(
            new Error(
              `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
            ),
          );
        });
        r.on('error', (e: NodeJS.ErrnoException) =>
          reject(new Error(`Get "${url}": ${dialError(req.host, req.port, e)}`)),
        );
        r.end();
      });
    },
    tcp(host, port, timeoutMs) {
      return new Promise((resolve, reject) => {
        const s = net.connect({ host, port });
        const t = setTimeout(() => {
          s.destroy();
          reject(new Error(`dial tcp ${hostPort(host, port)}: i/o timeout`));
        }, timeoutMs);
        s.once('connect', () => {
          clearTimeout(t);
          s.destroy();
          resolve();
        });
        s.once('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(t);
          reject(new Error(dialError(host, port, e)));
        });
      });
    },
    async exec(id, cmd, timeoutMs) {
      const r = await runtime.exec(id, cmd, { timeoutMs });
      return { exitCode: r.exitCode, output: r.stdout + r.stderr };
    },
  };
}
