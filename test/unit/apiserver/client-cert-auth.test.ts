// Client-certificate authentication and the CSR flow through an in-process control plane (real
// TLS and SQLite): a CSR approved over /approval is signed by the cluster CA, its certificate then
// authenticates as CN with O as groups; certificates from another CA and missing credentials get 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCa, issueServingCert, type KeyPairPem } from '../../../orchestrator/cluster/pki.js';
import { startControlPlane, type ControlPlane } from '../../../orchestrator/controlplane/control-plane.js';
import { parseCsrPem } from '../../../orchestrator/api/certificates/csr.js';
import { issueCertificate } from '../../../orchestrator/controllers/certificates/issue.js';
import { csrObject, rsaCsr } from '../certificates/helpers.js';

const TOKEN = 'test-token';
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Reply {
  status: number;
  body: any;
}

describe('client certificates signed by the cluster CA', () => {
  let cp: ControlPlane;
  let dir: string;
  let ca: KeyPairPem;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-certauth-'));
    ca = generateCa('certauth');
    cp = await startControlPlane({
      name: 'certauth',
      stateDir: dir,
      hosts: ['127.0.0.1'],
      port: 0,
      tls: issueServingCert(ca),
      ca,
      tokens: { [TOKEN]: 'admin' },
    });
  });
  afterAll(async () => {
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function call(
    method: string,
    p: string,
    opts: { body?: unknown; token?: boolean; cert?: { cert: string; key: string } } = {},
  ): Promise<Reply> {
    const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = {};
    if (opts.token) headers.Authorization = `Bearer ${TOKEN}`;
    if (data)
      Object.assign(headers, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(data)),
      });
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${cp.url}${p}`,
        {
          method,
          headers,
          ca: ca.cert,
          cert: opts.cert?.cert,
          key: opts.cert?.key,
          agent: false,
          timeout: 10_000,
        },
        (res) => {
          let buf = '';
          res.on('data', (c) => (buf += String(c)));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: buf ? JSON.parse(buf) : undefined }),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  async function issue(name: string, cn: string, groups: string[]): Promise<{ cert: string; key: string }> {
    const { pem, key } = rsaCsr(cn, groups);
    const created = await call('POST', CSRS, { body: csrObject(name, pem), token: true });
    expect(created.status).toBe(201);
    expect(created.body.spec.username).toBe('admin');
    const csr = created.body;
    csr.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }] };
    const approved = await call('PUT', `${CSRS}/${name}/approval`, { body: csr, token: true });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const got = await call('GET', `${CSRS}/${name}`, { token: true });
      if (got.body.status?.certificate)
        return { cert: Buffer.from(got.body.status.certificate, 'base64').toString(), key };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('certificate not issued');
  }

  it('authenticates the certificate as CN with O groups, on reads and as CSR requestor', async () => {
    const cred = await issue('jane', 'jane', ['dev', 'ops']);
    const ns = await call('GET', '/api/v1/namespaces/default', { cert: cred });
    expect(ns.status).toBe(200);
    expect(ns.body.metadata.name).toBe('default');
    const own = await call('POST', CSRS, { body: csrObject('by-jane', rsaCsr('x').pem), cert: cred });
    expect(own.status).toBe(201);
    expect(own.body.spec.username).toBe('jane');
    expect(own.body.spec.groups).toEqual(['dev', 'ops', 'system:authenticated']);
  });

  it('refuses certificates of another CA and requests without credentials', async () => {
    const other = generateCa('other');
    const { pem, key } = rsaCsr('mallory');
    const cert = issueCertificate(parseCsrPem(pem), {
      ca: other,
      usages: ['client auth'],
      durationMs: 3600_000,
      now: new Date(),
    });
    const r = await call('GET', '/api/v1/namespaces', { cert: { cert, key } });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await call('GET', '/api/v1/namespaces')).status).toBe(401);
    expect((await call('GET', '/api/v1/namespaces', { token: true })).status).toBe(200);
  });
});
