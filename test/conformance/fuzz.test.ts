// Acceptance 9: malformed bodies, oversized bodies, bad paths and names, wrong content types.
// Every answer is a 4xx Status, the server stays up, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { TestCluster } from '../support/cluster.js';
import { rawRequest } from '../support/https.js';

/** Deterministic pseudo-random generator so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 0x100000000;
  };
}

const DEPLOY = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'fz' },
  spec: {
    selector: { matchLabels: { app: 'fz' } },
    template: { metadata: { labels: { app: 'fz' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
};

function mutateJson(text: string, r: () => number): string {
  const chars = [...text];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * chars.length);
    const op = Math.floor(r() * 3);
    const junk = '{}[]:,"\\\u0000x9-e'[Math.floor(r() * 15)];
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, junk);
    else chars[at] = junk;
  }
  return chars.join('');
}

describe('API fuzzing', () => {
  const cluster = new TestCluster();
  let url = '';
  let ca = '';
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    await cluster.start();
    url = cluster.lock().url;
    ca = cluster.caCert();
    auth = { Authorization: `Bearer ${cluster.token()}` };
  });
  afterAll(async () => {
    await cluster.destroy();
  });

  /** Names and resourceVersions of everything the fuzz cases target (heartbeats elsewhere may write). */
  const snapshot = async (): Promise<string> => {
    const parts: string[] = [];
    for (const p of [
      '/api/v1/namespaces',
      '/apis/apps/v1/deployments',
      '/api/v1/configmaps',
      '/api/v1/pods',
    ]) {
      const r = await rawRequest(`${url}${p}`, { ca, headers: auth });
      expect(r.status).toBe(200);
      for (const o of JSON.parse(r.body).items)
        parts.push(`${p} ${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`);
    }
    return parts.sort().join('\n');
  };

  const expect4xxStatus = (r: { status: number; body: string }, what: string) => {
    expect(r.status, `${what} → ${r.status} ${r.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(r.status, `${what} → ${r.status} ${r.body.slice(0, 200)}`).toBeLessThan(500);
    let s: any;
    expect(() => (s = JSON.parse(r.body)), `${what}: body is a JSON Status`).not.toThrow();
    expect(s.kind, what).toBe('Status');
    expect(s.status).toBe('Failure');
    expect(typeof s.message).toBe('string');
  };

  it('answers every malformed request with a 4xx Status and writes nothing', async () => {
    const before = await snapshot();
    const r = rng(20261127);
    const deployUrl = `${url}/apis/apps/v1/namespaces/default/deployments`;
    const cases: {
      what: string;
      method: string;
      path: string;
      headers?: Record<string, string>;
      body?: Buffer | string;
    }[] = [];
    const valid = JSON.stringify(DEPLOY);
    for (let i = 0; i < 120; i++) {
      const body = mutateJson(valid, r);
      // A mutation that still parses may be a valid object: only malformed bodies are kept.
      try {
        JSON.parse(body);
        continue;
      } catch {
        /* malformed: keep it */
      }
      cases.push({
        what: `mutated json #${i}`,
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    }
    for (let i = 0; i < 30; i++) {
      const body = Buffer.concat([Buffer.from('k8s\0'), randomBytes(8 + Math.floor(r() * 200))]);
      cases.push({
        what: `random protobuf #${i}`,
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
        body,
      });
    }
    cases.push(
      {
        what: 'yaml garbage',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/yaml' },
        body: 'a: [b\n  - : :',
      },
      {
        what: 'yaml alias bomb',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/yaml' },
        body: 'a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      },
      {
        what: 'oversized body',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.alloc(4 * 1024 * 1024, 0x20),
      },
      {
        what: 'array body',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body: '[1,2,3]',
      },
      {
        what: 'empty body',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body: '',
      },
      {
        what: 'wrong content type',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'text/html' },
        body: valid,
      },
      {
        what: 'xml',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/xml' },
        body: '<x/>',
      },
      {
        what: 'kind mismatch',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...DEPLOY, kind: 'Pod' }),
      },
      {
        what: 'metadata not an object',
        method: 'POST',
        path: deployUrl,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...DEPLOY, metadata: 'x' }),
      },
      { what: 'path traversal name', method: 'GET', path: `${deployUrl}/..%2f..%2fetc%2fpasswd` },
      { what: 'dot-dot name', method: 'GET', path: `${deployUrl}/%2e%2e` },
      { what: 'bad percent encoding', method: 'GET', path: `${deployUrl}/%zz` },
      { what: 'traversal namespace', method: 'GET', path: `${url}/api/v1/namespaces/..%2fkube-system/pods` },
      { what: 'unknown resource', method: 'GET', path: `${url}/apis/apps/v1/namespaces/default/widgets` },
      { what: 'unknown group', method: 'GET', path: `${url}/apis/nope.example.com/v1/things` },
      { what: 'deep path', method: 'GET', path: `${deployUrl}/a/b/c/d/e` },
      { what: 'bad subresource', method: 'GET', path: `${deployUrl}/x/bogus` },
      {
        what: 'bad label selector',
        method: 'GET',
        path: `${deployUrl}?labelSelector=${encodeURIComponent('a in (b')}`,
      },
      {
        what: 'unsupported field selector',
        method: 'GET',
        path: `${deployUrl}?fieldSelector=spec.foo%3Dbar`,
      },
      { what: 'bad continue', method: 'GET', path: `${deployUrl}?limit=1&continue=%%%` },
      {
        what: 'bad patch type',
        method: 'PATCH',
        path: `${deployUrl}/x`,
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
      {
        what: 'malformed merge patch',
        method: 'PATCH',
        path: `${url}/api/v1/namespaces/default`,
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: '{"metadata":',
      },
      {
        what: 'malformed json patch',
        method: 'PATCH',
        path: `${url}/api/v1/namespaces/default`,
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: '[{"op":"explode"}]',
      },
      {
        what: 'bad dryRun',
        method: 'POST',
        path: `${deployUrl}?dryRun=Some`,
        headers: { 'Content-Type': 'application/json' },
        body: valid,
      },
      {
        what: 'bad fieldValidation',
        method: 'POST',
        path: `${deployUrl}?fieldValidation=Loose`,
        headers: { 'Content-Type': 'application/json' },
        body: valid,
      },
      {
        what: 'delete with garbage options',
        method: 'DELETE',
        path: `${url}/api/v1/namespaces/default/configmaps/none`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"propagationPolicy":',
      },
      {
        what: 'name mismatch on PUT',
        method: 'PUT',
        path: `${url}/api/v1/namespaces/default`,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }),
      },
    );
    for (const c of cases) {
      const res = await rawRequest(c.path, {
        ca,
        method: c.method,
        headers: { ...auth, ...c.headers },
        body: c.body,
      });
      expect4xxStatus(res, c.what);
    }
    expect(await snapshot()).toBe(before);
    const health = await rawRequest(`${url}/readyz`, { ca });
    expect(health.status).toBe(200);
  });
});
