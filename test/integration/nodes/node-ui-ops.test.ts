// The UI's node operations against a real cluster, through the dashboard's HTTP API the renderer
// uses: add a node (it registers Ready with the asked capacity), drain moves a Deployment's pods
// off a node, remove deletes the added node. Where Chromium exists it also saves screenshots of the
// node page (usage bars), the drain dialog and a power-off in progress to test-output/screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../fixtures/images/build.js';
import { ROOT, TestCluster, eventually } from '../../support/cluster.js';
import type { Page } from 'playwright-core';
import { NO_CHROMIUM, launchChromium, openPage } from '../../e2e/browser.js';
import type { DrainResult, OperationName } from '../../../orchestrator/contract/index.js';

const V = '1.33';
const SHOTS = path.join(ROOT, 'test-output/screenshots');
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: web
          image: kubedeck-test/busybox:latest
          command: [sleep, '3600']
          resources: {requests: {cpu: 200m, memory: 128Mi}}
`;

describe.skipIf(SKIP_DOCKER)('node operations from the UI (real cluster)', () => {
  const name = `nui-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let url = '';
  let cookie = '';
  let added = '';
  const k = (args: string[]) => cluster.kubectl(V, args);
  const worker1 = `${name}-worker`;

  /** One operation the way the web bridge sends it (session cookie, same-origin POST). */
  async function op<T = any>(op: OperationName, params: unknown, timeoutMs = 120_000): Promise<T> {
    const origin = new URL(url).origin;
    const res = await fetch(`${origin}/api/op/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${op}: ${res.status} ${body.error.message}`);
    return body.result as T;
  }
  const podsOn = async (node: string) =>
    (
      await k(['get', 'pods', '-l', 'app=web', '--field-selector', `spec.nodeName=${node}`, '-o', 'name'])
    ).stdout
      .split('\n')
      .filter(Boolean);

  beforeAll(async () => {
    await requireDocker();
    const images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    cluster.env.KUBEDECK_METRICS_RESOLUTION = '2s';
    const cfg = path.join(cluster.home, 'cluster.yaml');
    // A short node monitor grace period so a powered-off node turns NotReady within seconds.
    writeFileSync(cfg, 'nodeMonitorGracePeriod: 10s\nnodeMonitorPeriod: 1s\n');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '1', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    const d = await cluster.cli(['dashboard', '--url', '--name', name]);
    expect(d.code, d.stderr).toBe(0);
    url = d.stdout.trim();
    const signIn = await fetch(url, { redirect: 'manual' });
    cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/=/);
  });

  afterAll(async () => {
    await cluster.destroy();
  });

  it('addNode creates a worker that registers Ready with the asked capacity', async () => {
    const r = await op('addNode', { cpus: '1', memory: '1Gi' });
    added = r.node;
    expect(added).toBe(`${name}-worker2`);
    expect(r.kubectl).toBe(`kubedeck node add --cpus 1 --memory 1Gi --name ${name}`);
    expect(r.steps.at(-1)).toContain('is Ready');
    const n = JSON.parse((await k(['get', 'node', added, '-o', 'json'])).stdout);
    expect(n.status.capacity).toMatchObject({ cpu: '1', memory: '1Gi' });
    expect(n.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
  });

  it("drainNode evicts a Deployment's pods and they come back on the other worker", async () => {
    // A short grace period: busybox's sleep ignores SIGTERM, so eviction waits for it in full.
    const c = await cluster.kubectl(V, ['apply', '-f', '-'], { input: DEPLOYMENT });
    expect(c.code, c.stderr).toBe(0);
    await eventually(
      async () => {
        const r = await k(['get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}']);
        return r.stdout === '3';
      },
      'web ready',
      90_000,
    );
    // Drain whichever worker holds pods (the scheduler spreads them; at least one has some).
    const from = (await podsOn(worker1)).length ? worker1 : added;
    const to = from === worker1 ? added : worker1;
    const before = await podsOn(from);
    expect(before.length).toBeGreaterThan(0);

    const preview = await op<DrainResult>('drainNode', { name: from, dryRun: true });
    expect(
      preview.pods
        .filter((p) => p.outcome === 'evict')
        .map((p) => `pod/${p.name}`)
        .sort(),
    ).toEqual(before.sort());
    await screenshots(from, true);

    const r = await op<DrainResult>('drainNode', { name: from });
    expect(r.kubectl).toBe(`kubectl drain ${from} --ignore-daemonsets --delete-emptydir-data`);
    expect(r.drained, r.message).toBe(true);
    expect(r.pods.filter((p) => p.outcome === 'evicted')).toHaveLength(before.length);
    expect(r.message).toContain(`node/${from} drained`);
    const node = JSON.parse((await k(['get', 'node', from, '-o', 'json'])).stdout);
    expect(node.spec.unschedulable).toBe(true);
    expect(await podsOn(from)).toEqual([]);
    await eventually(async () => (await podsOn(to)).length === 3, 'all 3 pods on the other worker', 60_000);
    await op('nodeAction', { node: from, action: 'uncordon' });
    // The dialog's preview says what the real kubectl drain would (client dry run, same lines).
    const ours = await op<DrainResult>('drainNode', { name: to, dryRun: true });
    const real = await k(['drain', to, '--ignore-daemonsets', '--delete-emptydir-data', '--dry-run=client']);
    expect(real.code, real.stderr).toBe(0);
    const lines = (t: string) => t.split('\n').filter(Boolean).sort();
    expect(lines(ours.message)).toEqual(lines(real.stdout + real.stderr));
  });

  it('removeNode deletes the added node; the control plane cannot be removed', async () => {
    const cp = (await k(['get', 'nodes', '-l', 'node-role.kubernetes.io/control-plane', '-o', 'name']))
      .stdout;
    await expect(op('removeNode', { name: cp.trim().replace('node/', '') })).rejects.toThrow(/403/);
    const r = await op('removeNode', { name: added });
    expect(r.kubectl).toBe(`kubedeck node rm ${added} --name ${name}`);
    const g = await k(['get', 'node', added]);
    expect(g.code).not.toBe(0);
    expect(g.stderr).toContain(`nodes "${added}" not found`);
    // The Deployment's pods come back on the remaining worker.
    await eventually(async () => (await podsOn(worker1)).length === 3, 'pods back on worker 1', 60_000);
  });

  it('shows a power-off in progress in the browser', async () => {
    await screenshots(worker1, false);
  });

  /** Opens a page of the dashboard and waits for `ready` (Docker answers here: no first-run screen). */
  async function load(page: Page, target: string, ready: string): Promise<void> {
    await page.goto(target);
    await page.locator(ready).waitFor();
  }

  /** Screenshots of the node page; with drain=true the drain dialog, else a power-off in progress. */
  async function screenshots(node: string, drain: boolean): Promise<void> {
    if (NO_CHROMIUM) return;
    const browser = await launchChromium();
    const { page, consoleErrors: errors } = await openPage(browser, { width: 1280, height: 860 });
    try {
      await load(page, url.replace(/\/\?token=/, `/nodes/${node}?token=`), '[data-testid=node-usage]');
      if (drain) {
        await page.locator('[data-testid=metrics-time]').waitFor({ timeout: 30_000 });
        await page.screenshot({ path: path.join(SHOTS, 'node-detail-usage.png') });
        await page.locator('[data-testid=node-drain]').click();
        await page.locator('[data-testid=drain-pods] tr').first().waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'node-drain-dialog.png') });
        await page.locator('[data-testid=drain-dialog] button.ghost').click();
        await load(page, url.replace(/\?token=.*$/, 'nodes'), '[data-testid=add-node]');
        await page.locator('[data-testid=add-node]').click();
        await page.locator('[data-testid=add-node-dialog]').waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'node-add-dialog.png') });
      } else {
        await page.locator('[data-testid=node-stop]').click();
        await page.locator('[data-testid=node-action-form] button[type=submit]').click();
        await page.locator('[data-testid=node-state]', { hasText: /stopping|powered off/ }).waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'node-power-off-in-progress.png') });
        await page
          .locator('[data-testid=node-state] .pill.bad', { hasText: 'NotReady' })
          .waitFor({ timeout: 40_000 });
        await page.screenshot({ path: path.join(SHOTS, 'node-power-off-notready.png') });
      }
      expect(errors).toEqual([]);
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, 'node-ui-failure.png') }).catch(() => {});
      throw new Error(`${(e as Error).message}\nconsole errors: ${errors.join('\n')}`, { cause: e });
    } finally {
      await browser.close();
    }
  }
});
