// The web dashboard against a real cluster (2 workers, test images) in Debian's Chromium:
// acceptance 1 (the link `kubedeck dashboard --url` prints, every node on the map within 1 s, a
// deployment created with kubectl on the map within 1 s without a reload, the token leaving the
// URL, CSP) and what the course walkthrough (walkthrough.test.ts) does not do: restart with its
// revision diff, NodePort, live removal, dark theme, cordon/uncordon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SKIP_DOCKER, requireDocker } from '../support/docker.js';
import { TestCluster, eventually } from '../support/cluster.js';
import { NO_CHROMIUM, SHOTS, launchChromium, openPage, startUiCluster } from './browser.js';

const V = '1.33';

describe.skipIf(SKIP_DOCKER || NO_CHROMIUM)('web dashboard (Chromium)', () => {
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let browser: Browser;
  let page: Page;
  let url: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    await requireDocker();
    ({ url } = await startUiCluster(cluster, 'crashLoopBackOff: {base: 1s, cap: 8s}\n'));
    browser = await launchChromium();
    ({ page, consoleErrors } = await openPage(browser));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await cluster.destroy();
  }, 120_000);

  it('`kubedeck dashboard --url` prints a tokened loopback link', () => {
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

  it('a deployment created with kubectl appears on the map within 1 s without a reload', async () => {
    const r = await cluster.kubectl(V, [
      'create',
      'deployment',
      'hello',
      '--image=kubedeck-test/busybox:latest',
      '--',
      'sh',
      '-c',
      // httpd as PID 1 would ignore SIGTERM and hold every delete for the 30 s grace period.
      "trap 'exit 0' TERM; httpd -f -p 8080 & wait",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const created = Date.now();
    const chip = page.locator('[data-testid=pod][data-pod^="hello-"]');
    await chip.first().waitFor({ timeout: 1000 });
    console.log(`[e2e] its pod on the map ${Date.now() - created} ms after kubectl returned`);
    await expect.poll(() => chip.first().getAttribute('data-status'), { timeout: 60_000 }).toBe('Running');
    // It sits on a worker, not the control plane.
    const node = await page
      .locator('[data-testid=node-card]', { has: chip.first() })
      .getAttribute('data-node');
    expect(node).not.toBe('kubedeck-control-plane');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-kubectl-deployment.png') });
  });

  it('the Pods list shows the rows `kubectl get pods` prints (the server-side Table cells)', async () => {
    await page.getByRole('link', { name: 'Pods', exact: true }).click();
    const list = page.locator('table[data-testid=list-pods]');
    await list.locator('tr[data-name^="hello-"]').first().waitFor({ timeout: 10_000 });
    const headers = await list.locator('thead th').allTextContents();
    expect(headers.slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    // NAME READY STATUS RESTARTS as kubectl prints them; AGE may be a second apart.
    const ui = async () =>
      (
        await list.locator('tbody tr').evaluateAll((rows) =>
          rows.map((r) =>
            [...r.querySelectorAll('td')]
              .slice(0, 4)
              .map((td) => td.textContent?.trim())
              .join(' '),
          ),
        )
      ).sort();
    const kubectl = async () =>
      (await cluster.kubectl(V, ['get', 'pods', '--no-headers'])).stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/).slice(0, 4).join(' '))
        .sort();
    await expect
      .poll(async () => JSON.stringify(await ui()) === JSON.stringify(await kubectl()), { timeout: 10_000 })
      .toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-pods-list.png') });
  });

  it('restart from the Deployment page makes revision 2, and the history diffs it', async () => {
    await page.getByRole('link', { name: 'Deployments', exact: true }).click();
    await page.locator('table[data-testid=list-deployments] a', { hasText: /^hello$/ }).click();
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByText('deployment.apps/hello restarted').waitFor({ timeout: 10_000 });
    await page.getByTestId('history-tab').click();
    const history = page.getByTestId('rollout-history');
    await history.locator('tr[data-revision="2"]').waitFor({ timeout: 30_000 });
    const added = await history.getByTestId('revision-diff').locator('.add').allTextContents();
    expect(added.join('\n')).toContain('kubectl.kubernetes.io/restartedAt');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-restart-diff.png'), fullPage: true });
    const h = await cluster.kubectl(V, ['rollout', 'history', 'deployment/hello']);
    expect(h.stdout).toMatch(/^2\s/m);
  });

  it('expose as NodePort from the deployment page; the Service page links to it and it answers', async () => {
    await page.getByTestId('expose').click();
    const form = page.getByTestId('expose-form');
    await form.getByTestId('type').selectOption('NodePort');
    expect(await form.getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl expose deployment hello --type=NodePort --port=8080',
    );
    await form.getByRole('button', { name: 'Expose' }).click();
    await page.getByText('service/hello exposed').waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: 'Services', exact: true }).click();
    await page.locator('table[data-testid=list-services] a', { hasText: /^hello$/ }).click();
    const link = page.getByTestId('service-urls').locator('a').first();
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^http:\/\/localhost:3\d{4}$/);
    // busybox httpd answers (any HTTP status proves the path host → node port → pod works).
    const status = await eventually(
      async () => (await fetch(href.replace('localhost', '127.0.0.1'))).status,
      `${href} answers`,
      60_000,
    );
    expect(status).toBeGreaterThanOrEqual(200);
  });

  it('deleting with kubectl removes the pods from the map; no console errors; inline scripts blocked', async () => {
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await cluster.kubectl(V, ['delete', 'deployment', 'hello', '--wait=false']);
    await page
      .locator('[data-testid=pod][data-pod^="hello-"]')
      .first()
      .waitFor({ state: 'detached', timeout: 60_000 });
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

  it('node actions: cordon and uncordon a worker from its page (commands shown)', async () => {
    const errorsBefore = consoleErrors.length; // the CSP test above logs its (expected) block
    const names = (await cluster.kubectl(V, ['get', 'nodes', '-o', 'name'])).stdout.trim().split('\n');
    const worker = names.map((n) => n.replace('node/', '')).find((n) => !n.includes('control-plane'))!;
    await page.getByRole('link', { name: 'Nodes', exact: true }).click();
    await page.locator('table[data-testid=list-nodes] a', { hasText: new RegExp(`^${worker}$`) }).click();
    const run = async (action: string, hint: string, done: string) => {
      await page.getByTestId(`node-${action}`).click();
      const form = page.getByTestId('node-action-form');
      expect(await form.getByTestId('kubectl-hint').textContent()).toContain(hint);
      await form.getByRole('button', { name: 'Run' }).click();
      await page.getByRole('status').filter({ hasText: done }).waitFor({ timeout: 10_000 });
    };
    await run('cordon', `kubectl cordon ${worker}`, `node/${worker} cordoned`);
    const get = await cluster.kubectl(V, ['get', 'node', worker, '--no-headers']);
    expect(get.stdout).toContain('SchedulingDisabled');
    await run('uncordon', `kubectl uncordon ${worker}`, `node/${worker} uncordoned`);
    expect((await cluster.kubectl(V, ['get', 'node', worker, '--no-headers'])).stdout).not.toContain(
      'SchedulingDisabled',
    );
    expect(consoleErrors.slice(errorsBefore)).toEqual([]);
  });
});
