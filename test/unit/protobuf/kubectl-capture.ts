// Test helper: a tiny HTTP API server that answers just enough discovery for `kubectl create`
// and records request bodies, so tests can decode what real kubectl sends.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { RESOURCES } from '../../../orchestrator/api/resources.js';

export interface Captured {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

/** Directory of the versioned kubectl binaries, or undefined when absent. */
export function kubectlBinary(minor: number): string | undefined {
  try {
    const real = fs.realpathSync(execSync('command -v kubectl', { encoding: 'utf8' }).trim());
    const p = path.join(path.dirname(real), `kubectl.1.${minor}`);
    return fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function resourceList(group: string, version: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: RESOURCES.filter((r) => r.group === group && r.version === version).map((r) => ({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      shortNames: r.shortNames,
    })),
  };
}

export async function startCaptureServer(
  extra?: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => boolean,
): Promise<{ url: string; captured: Captured[]; close: () => Promise<void> }> {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (extra?.(req, res, body)) return;
      if (url.pathname === '/version') return send(200, { major: '1', minor: '33', gitVersion: 'v1.33.0' });
      if (url.pathname === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'] });
      if (url.pathname === '/apis') {
        const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))].map((g) => {
          const versions = [...new Set(RESOURCES.filter((r) => r.group === g).map((r) => r.version))].map(
            (v) => ({ groupVersion: `${g}/${v}`, version: v }),
          );
          return { name: g, versions, preferredVersion: versions[0] };
        });
        return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
      }
      const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(url.pathname);
      if (m) return send(200, m[1] ? resourceList('', 'v1') : resourceList(m[2], m[3]));
      if (req.method === 'POST') {
        captured.push({
          method: 'POST',
          url: req.url ?? '',
          contentType: String(req.headers['content-type'] ?? ''),
          body,
        });
        const name = /\/([a-z]+)$/.exec(url.pathname)?.[1] ?? 'x';
        return send(201, { apiVersion: 'v1', kind: 'Status', metadata: { name }, status: 'Success' });
      }
      send(404, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'not found',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs kubectl against `server` with an isolated HOME/cache; resolves with exit code and output. */
export function runKubectl(
  bin: string,
  server: string,
  args: string[],
  timeoutMs = 15_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-home-'));
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--server', server, '--cache-dir', path.join(home, 'cache'), ...args],
      { timeout: timeoutMs, env: { ...process.env, HOME: home, KUBECONFIG: path.join(home, 'none') } },
      (err, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
