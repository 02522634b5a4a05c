// Acceptance 6–8: informers across a restart, durability across stop/start and kill -9,
// listeners only on loopback, bearer-token auth and TLS verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { TestCluster, eventually } from '../support/cluster.js';
import { rawRequest } from '../support/https.js';

const V = '1.33';

describe('persistence, restart and security', () => {
  const cluster = new TestCluster();
  const k = (args: string[]) => cluster.kubectl(V, args);
  // The server's list resourceVersion (kubectl -o json prints a client-side List without one).
  const listRevision = async () =>
    Number(
      JSON.parse((await k(['get', '--raw', '/api/v1/namespaces/default/configmaps'])).stdout).metadata
        .resourceVersion,
    );

  beforeAll(async () => {
    await cluster.start();
  });
  afterAll(async () => {
    await cluster.destroy();
  });

  it('a client-node informer sees ADDED/MODIFIED/DELETED and keeps up across a server restart', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const api = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      api.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`ADDED ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`MODIFIED ${o.metadata?.name} ${o.data?.v}`));
    informer.on('delete', (o) => seen.push(`DELETED ${o.metadata?.name}`));
    let restarts = 0;
    informer.on('error', () => {
      restarts++;
      if (restarts < 50) setTimeout(() => void informer.start().catch(() => undefined), 300);
    });
    await informer.start();
    try {
      await k(['create', 'configmap', 'one', '--from-literal=v=1']);
      await eventually(() => seen.includes('ADDED one'), 'ADDED one');
      await k(['patch', 'configmap', 'one', '-p', '{"data":{"v":"2"}}']);
      await eventually(() => seen.includes('MODIFIED one 2'), 'MODIFIED one');
      await k(['delete', 'configmap', 'one']);
      await eventually(() => seen.includes('DELETED one'), 'DELETED one');

      const rvBefore = await listRevision();
      expect((await cluster.stop()).code).toBe(0);
      await cluster.start();
      // Changes made after the restart reach the informer once it reconnects (watch resume or relist).
      await k(['create', 'configmap', 'two', '--from-literal=v=1']);
      await eventually(() => seen.includes('ADDED two'), 'ADDED two after restart', 30_000);
      await k(['delete', 'configmap', 'two']);
      await eventually(() => seen.includes('DELETED two'), 'DELETED two after restart', 30_000);
      const rvAfter = await listRevision();
      expect(rvAfter).toBeGreaterThan(rvBefore);
    } finally {
      void informer.stop();
    }
  });

  it('objects survive stop/start and kill -9; resourceVersion keeps increasing', async () => {
    for (let i = 0; i < 5; i++)
      expect((await k(['create', 'configmap', `keep-${i}`, `--from-literal=i=${i}`])).code).toBe(0);
    const rv0 = await listRevision();
    expect(rv0).toBeGreaterThan(1);

    expect((await cluster.stop()).code).toBe(0);
    await cluster.start();
    let after = JSON.parse((await k(['get', 'cm', '-o', 'json'])).stdout);
    expect(after.items.filter((c: any) => c.metadata.name.startsWith('keep-')).length).toBe(5);

    const { pid } = cluster.lock();
    process.kill(pid, 'SIGKILL');
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 'daemon to die');
    const restarted = await cluster.start();
    expect(restarted.stdout + restarted.stderr).toMatch(/stale/i);
    after = JSON.parse((await k(['get', 'cm', '-o', 'json'])).stdout);
    const names = after.items.map((c: any) => c.metadata.name);
    for (let i = 0; i < 5; i++) expect(names).toContain(`keep-${i}`);
    expect(after.items.find((c: any) => c.metadata.name === 'keep-3').data.i).toBe('3');
    const upd = await k(['label', 'configmap', 'keep-0', 'x=y']);
    expect(upd.code, upd.stderr).toBe(0);
    const rv1 = Number(
      JSON.parse((await k(['get', 'cm', 'keep-0', '-o', 'json'])).stdout).metadata.resourceVersion,
    );
    expect(await listRevision()).toBe(rv1);
    expect(rv1).toBeGreaterThan(rv0);
  });

  it('listens only on loopback; no token gets 401; kubectl verifies TLS against the kubeconfig CA', async () => {
    const { pid, url } = cluster.lock();
    const ss = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
    const mine = ss.split('\n').filter((l) => l.includes(`pid=${pid},`));
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) {
      const local = line.trim().split(/\s+/)[3];
      expect(local).toMatch(/^127\.0\.0\.1:\d+$/);
    }

    const ca = cluster.caCert();
    const anon = await rawRequest(`${url}/api/v1/namespaces`, { ca });
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const wrong = await rawRequest(`${url}/api/v1/namespaces`, {
      ca,
      headers: { Authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    const ok = await rawRequest(`${url}/api/v1/namespaces`, {
      ca,
      headers: { Authorization: `Bearer ${cluster.token()}` },
    });
    expect(ok.status).toBe(200);

    // A kubeconfig whose CA is some other certificate must make kubectl refuse the server.
    const other = path.join(cluster.home, 'other-kubeconfig');
    const kc = readFileSync(cluster.kubeconfig, 'utf8');
    const foreignCa = Buffer.from(
      readFileSync(new URL('../fixtures/foreign-ca.crt', import.meta.url), 'utf8'),
    ).toString('base64');
    writeFileSync(
      other,
      kc.replace(/certificate-authority-data: .*/g, `certificate-authority-data: ${foreignCa}`),
    );
    const bad = await cluster.kubectl(V, ['--kubeconfig', other, 'get', 'ns']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/x509|certificate/);
  });
});
