// The web dashboard against a real cluster (2 workers, test images) in Debian's Chromium: the link
// `kubedeck dashboard --url` prints, the live map, a pod created with kubectl appearing without a
// reload, the YAML editor pinning a server error to its line, and no console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SKIP_DOCKER, requireDocker } from '../support/docker.js';
import { ensureTestImages } from '../fixtures/images/build.js';
import { ROOT, TestCluster, eventually } from '../support/cluster.js';
import { NO_CHROMIUM, launchChromium } from './browser.js';

const V = '1.33';
// Screenshots go to test-output/ (ignored) so a test run leaves the checkout clean;
// KUBEDECK_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots for the README instead.
const SHOTS = path.join(
  ROOT,
  process.env.KUBEDECK_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-output/screenshots',
);
mkdirSync(SHOTS, { recursive: true });

describe.skipIf(SKIP_DOCKER || NO_CHROMIUM)('web dashboard (Chromium)', () => {
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let browser: Browser;
  let page: Page;
  let url: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await requireDocker();
    const images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(cfg, 'crashLoopBackOff: {base: 1s, cap: 8s}\nimagePullBackOff: {base: 1s, cap: 4s}\n');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    // Worker nodes register asynchronously: the map test expects them all.
    await eventually(
      async () => {
        const nodes = await cluster.kubectl(V, ['get', 'nodes', '--no-headers']);
        return (
          nodes.stdout
            .trim()
            .split('\n')
            .filter((l) => / Ready /.test(l)).length === 3
        );
      },
      'all 3 nodes Ready',
      90_000,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await cluster.destroy();
  });

  it('`kubedeck dashboard --url` prints a tokened loopback link', async () => {
    const r = await cluster.cli(['dashboard', '--url', '--name', name]);
    expect(r.code, r.stderr).toBe(0);
    url = r.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
  });

  it('shows every node on the map within 1 s, and the token leaves the URL', async () => {
    const res = await page.goto(url);
    const loaded = Date.now();
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('[data-testid=node-card][data-node]').nth(2).waitFor({ timeout: 1000 });
    console.log(`[e2e] all 3 nodes on the map ${Date.now() - loaded} ms after load`);
    expect(await page.locator('[data-testid=node-card]').count()).toBe(3);
    expect(page.url()).not.toContain('token');
    expect(page.url()).toBe(url.replace(/\?token=.*$/, ''));
  });

  it('a pod created with kubectl appears within 1 s without a reload', async () => {
    const r = await cluster.kubectl(V, [
      'run',
      'hello',
      '--image=kubedeck-test/busybox:latest',
      '--restart=Never',
      '--',
      'sleep',
      '3600',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const created = Date.now();
    const chip = page.locator('[data-testid=pod][data-pod=hello]');
    await chip.waitFor({ timeout: 1000 });
    console.log(`[e2e] pod on the map ${Date.now() - created} ms after kubectl returned`);
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 60_000 }).toBe('Running');
    // It sits on a worker, not the control plane.
    const node = await page.locator('[data-testid=node-card]', { has: chip }).getAttribute('data-node');
    expect(node).not.toBe('kubedeck-control-plane');
    await page.screenshot({ path: path.join(SHOTS, 'overview.png') });
  });

  it('pod detail shows its logs', async () => {
    await cluster.kubectl(V, [
      'run',
      'talker',
      '--image=kubedeck-test/busybox:latest',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'for i in 1 2 3; do echo hello from kubedeck $i; done; sleep 3600',
    ]);
    await page
      .locator('[data-testid=pod][data-pod=talker][data-status=Running]')
      .waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=pod][data-pod=talker]').click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect
      .poll(() => page.locator('[data-testid=logs]').textContent(), { timeout: 15_000 })
      .toContain('hello from kubedeck 3');
    await page.screenshot({ path: path.join(SHOTS, 'pod-logs.png') });
  });

  it('creates a deployment from the UI (kubectl shown) and scales it from its page', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('new-deployment').click();
    const dialog = page.getByTestId('create-deployment');
    const inputs = dialog.locator('input');
    await inputs.nth(0).fill('web');
    await inputs.nth(2).fill('2');
    await inputs.nth(3).fill('httpd -f -p 8080');
    expect(await dialog.getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl create deployment web --image=kubedeck-test/busybox:latest --replicas=2 -- httpd -f -p 8080',
    );
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const running = page.locator('[data-testid=pod][data-pod^="web-"][data-status=Running]');
    await expect.poll(() => running.count(), { timeout: 90_000 }).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'overview-deployment.png') });
    await page.getByRole('link', { name: 'Deployments' }).click();
    await page.locator('table[data-testid=list-deployments] a', { hasText: 'web' }).click();
    await page.getByRole('button', { name: 'Scale' }).first().click();
    await page.getByTestId('scale-form').locator('input[type=range]').fill('3');
    expect(await page.getByTestId('scale-form').getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl scale deployment/web --replicas=3',
    );
    await page.getByTestId('scale-form').getByRole('button', { name: 'Scale' }).click();
    await page.getByText('deployment.apps/web scaled').waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await page.locator('dd', { hasText: 'desired' }).textContent()) ?? '', {
        timeout: 90_000,
      })
      .toContain('3 desired · 3 updated · 3 ready');
    await page.screenshot({ path: path.join(SHOTS, 'deployment.png') });
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => running.count(), { timeout: 30_000 }).toBe(3);
    const nodes = await running.evaluateAll((els) =>
      els.map((el) => el.closest('[data-testid=node-card]')?.getAttribute('data-node')),
    );
    console.log(`[e2e] web pods on nodes: ${nodes.join(', ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'overview-scaled.png') });
  });

  it('rollout history: restart makes revision 2 with its change-cause, a diff, and undo to revision 1', async () => {
    // kubectl records a change-cause this way; the Deployment controller copies it to the new RS.
    const cause = 'restart from the dashboard';
    const a = await cluster.kubectl(V, [
      'annotate',
      'deployment',
      'web',
      `kubernetes.io/change-cause=${cause}`,
    ]);
    expect(a.code, a.stderr).toBe(0);
    await page.getByRole('link', { name: 'Deployments' }).click();
    await page.locator('table[data-testid=list-deployments] a', { hasText: 'web' }).click();
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByText('deployment.apps/web restarted').waitFor({ timeout: 10_000 });
    await page.getByTestId('history-tab').click();
    const history = page.getByTestId('rollout-history');
    await history.locator('tr[data-revision="2"]').waitFor({ timeout: 30_000 });
    expect(await history.locator('tr[data-revision="2"]').textContent()).toContain(cause);
    const added = await history.getByTestId('revision-diff').locator('.add').allTextContents();
    expect(added.join('\n')).toContain('kubectl.kubernetes.io/restartedAt');
    await page.screenshot({ path: path.join(SHOTS, 'deployment-history.png'), fullPage: true });
    await history.locator('tr[data-revision="1"]').getByTestId('undo-to').click();
    expect(await history.getByTestId('undo-form').getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl rollout undo deployment/web --to-revision=1',
    );
    await history.getByTestId('undo-form').getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('deployment.apps/web rolled back').waitFor({ timeout: 10_000 });
    // Upstream moves revision 1 to the top as revision 3.
    await history.locator('tr[data-revision="3"]').waitFor({ timeout: 30_000 });
    const h = await cluster.kubectl(V, ['rollout', 'history', 'deployment/web']);
    expect(h.stdout).toMatch(/^2\s+restart from the dashboard/m);
    expect(h.stdout).toMatch(/^3\s/m);
  });

  it('expose as NodePort from the deployment page; the Service page links to it and it answers', async () => {
    await page.getByTestId('expose').click();
    const form = page.getByTestId('expose-form');
    await form.locator('select').selectOption('NodePort');
    expect(await form.getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl expose deployment web --type=NodePort --port=8080',
    );
    await form.getByRole('button', { name: 'Expose' }).click();
    await page.getByText('service/web exposed').waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: 'Services' }).click();
    await page.locator('table[data-testid=list-services] a', { hasText: 'web' }).click();
    const link = page.getByTestId('service-urls').locator('a').first();
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^http:\/\/localhost:3\d{4}$/);
    // busybox httpd answers (any HTTP status proves the path host → node port → pod works).
    const status = await eventually(
      async () => (await fetch(href.replace('localhost', '127.0.0.1'))).status,
      `${href} answers`,
      30_000,
    );
    expect(status).toBeGreaterThanOrEqual(200);
  });

  it('YAML editor: server dry-run pins an invalid field to its line; apply creates', async () => {
    await page.getByRole('link', { name: 'YAML editor' }).click();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // A Deployment whose line 6 (replicas: -1) the server rejects.
    const manifest = (text: string) => ({
      name: 'manifest.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(text),
    });
    await page
      .getByTestId('open-file')
      .setInputFiles(
        manifest(
          [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: broken',
            'spec:',
            '  replicas: -1',
            '  selector:',
            '    matchLabels: {app: broken}',
            '  template:',
            '    metadata: {labels: {app: broken}}',
            '    spec:',
            '      containers: [{name: c, image: kubedeck-test/busybox:latest}]',
            '',
          ].join('\n'),
        ),
      );
    await page.getByTestId('dry-run').click();
    await page.getByTestId('apply-error').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('apply-result').textContent()).toMatch(/line 6: spec\.replicas/);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 5000 });
    await page.screenshot({ path: path.join(SHOTS, 'yaml-editor-error.png') });
    await page
      .getByTestId('open-file')
      .setInputFiles(
        manifest('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\ndata:\n  greeting: hi\n'),
      );
    await page.getByTestId('apply').click();
    await expect
      .poll(() => page.getByTestId('apply-result').textContent())
      .toContain('configmap/from-editor created');
    const got = await cluster.kubectl(V, [
      'get',
      'configmap',
      'from-editor',
      '-o',
      'jsonpath={.data.greeting}',
    ]);
    expect(got.stdout).toBe('hi');
  });

  it('deleting with kubectl removes the pod from the map; no console errors; inline scripts blocked', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await cluster.kubectl(V, ['delete', 'pod', 'hello', '--grace-period=1', '--wait=false']);
    await page.locator('[data-testid=pod][data-pod=hello]').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: path.join(SHOTS, 'overview-dark.png') });
    expect(consoleErrors).toEqual([]);
    const ran = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const s = d.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      d.body.appendChild(s);
      return (globalThis as any).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });

  it('node actions: cordon/uncordon, and power a worker off and on from its page (commands shown)', async () => {
    const errorsBefore = consoleErrors.length; // the CSP test above logs its (expected) block
    const names = (await cluster.kubectl(V, ['get', 'nodes', '-o', 'name'])).stdout.trim().split('\n');
    const worker = names.map((n) => n.replace('node/', '')).find((n) => !n.includes('control-plane'))!;
    await page.getByRole('link', { name: 'Nodes' }).click();
    await page.locator('table[data-testid=list-nodes] a', { hasText: new RegExp(`^${worker}$`) }).click();
    const run = async (action: string, hint: string, done: string | RegExp, timeout = 10_000) => {
      await page.getByTestId(`node-${action}`).click();
      const form = page.getByTestId('node-action-form');
      expect(await form.getByTestId('kubectl-hint').textContent()).toContain(hint);
      await form.getByRole('button', { name: 'Run' }).click();
      await page.getByRole('status').filter({ hasText: done }).waitFor({ timeout });
    };
    await run('cordon', `kubectl cordon ${worker}`, `node/${worker} cordoned`);
    const get = await cluster.kubectl(V, ['get', 'node', worker, '--no-headers']);
    expect(get.stdout).toContain('SchedulingDisabled');
    await run('uncordon', `kubectl uncordon ${worker}`, `node/${worker} uncordoned`);
    await run('stop', `kubedeck node stop ${worker} --name ${name}`, `Powered off ${worker}`, 30_000);
    await run('start', `kubedeck node start ${worker} --name ${name}`, `${worker} is Ready`, 90_000);
    expect(consoleErrors.slice(errorsBefore)).toEqual([]);
  });
});
