// The YAML editor in Chromium against a real control plane (no worker nodes: nothing here needs
// pods): schema completion with Ctrl+Space next to a schema validation marker, a diff against live
// that agrees with real `kubectl diff --server-side`, and Apply from the diff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestCluster } from '../support/cluster.js';
import { NO_CHROMIUM, SHOTS, launchChromium, openPage } from './browser.js';

const V = '1.33';

const file = (text: string) => ({ name: 'manifest.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
const configMap = (name: string, color: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  color: ${color}\n`;

describe.skipIf(NO_CHROMIUM)('YAML editor (Chromium)', () => {
  const cluster = new TestCluster(`yaml-${randomBytes(3).toString('hex')}`);
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    await cluster.start();
    const r = await cluster.cli(['dashboard', '--url', '--name', cluster.name]);
    if (r.code !== 0) throw new Error(r.stderr);
    browser = await launchChromium();
    ({ page, consoleErrors } = await openPage(browser));
    await page.goto(r.stdout.trim());
    // Where no Docker engine answers, the app opens on the first-run screen; that screen is not
    // what this file tests, so step past it.
    await page.waitForLoadState('networkidle');
    const skip = page.getByText('Continue without Docker');
    if (await skip.isVisible()) await skip.click();
    try {
      await page.getByRole('link', { name: 'YAML editor' }).click();
      await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, 'yaml-editor-failed.png') });
      throw new Error(`${(e as Error).message}\nconsole: ${consoleErrors.join('\n')}`, { cause: e });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await cluster.destroy();
  });

  it('Ctrl+Space under a Deployment spec lists its fields; a wrong type gets a marker', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  minReadySeconds: soon',
      '  ',
      '  selector:',
      '    matchLabels: {app: web}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers: [{name: web, image: kubedeck-test/busybox:latest}]',
      '',
    ].join('\n');
    await page.getByTestId('open-file').setInputFiles(file(manifest));
    // The schema (monaco-yaml's worker) flags "soon": minReadySeconds is an integer.
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({
      timeout: 15_000,
    });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget.visible');
    await suggest.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => suggest.locator('.monaco-list-row').allTextContents(), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([expect.stringContaining('replicas'), expect.stringContaining('strategy')]),
      );
    const labels = await suggest.locator('.monaco-list-row .label-name').allTextContents();
    expect(labels).not.toContain('containers'); // a Pod's field, not a Deployment's
    // Ctrl+Space again opens the selected field's documentation from the schema.
    const focused = suggest.locator('.monaco-list-row.focused .label-name');
    for (let i = 0; i < 5 && (await focused.textContent()) !== 'replicas'; i++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Space');
    await page
      .locator('.suggest-details-container', { hasText: 'Number of desired pods' })
      .waitFor({ timeout: 5000 })
      .finally(() => page.screenshot({ path: path.join(SHOTS, 'yaml-completion.png') }));
    await page.keyboard.press('Escape');
    // Hovering the marked value says what is wrong.
    await page.locator('.monaco-editor .view-lines span', { hasText: /^soon$/ }).hover();
    await page
      .locator('.monaco-hover', { hasText: /integer/i })
      .first()
      .waitFor({ timeout: 10_000 });
  });

  it('Diff shows new and changed objects like `kubectl diff`, then Apply from the diff', async () => {
    // Made with kubectl apply: its last-applied annotation must come out of the UI's apply just as
    // out of kubectl's own (`kubectl diff` at the end finds nothing).
    const live = await cluster.kubectl(V, ['apply', '-f', '-'], { input: configMap('e2e-settings', 'red') });
    expect(live.code, live.stderr).toBe(0);
    const manifest = `${configMap('e2e-settings', 'blue')}---\n${configMap('e2e-new', 'green')}`;
    const onDisk = path.join(cluster.home, 'manifest.yaml');
    writeFileSync(onDisk, manifest);
    // The real kubectl agrees: exit status 1 (differences) and the changed line.
    const real = await cluster.kubectl(V, ['diff', '--server-side', '--force-conflicts', '-f', onDisk]);
    expect(real.code, real.stderr).toBe(1);
    expect(real.stdout).toMatch(/^-\s+color: red$/m);
    expect(real.stdout).toMatch(/^\+\s+color: blue$/m);

    await page.getByTestId('open-file').setInputFiles(file(manifest));
    await page.getByTestId('diff').click();
    const panel = page.getByTestId('manifest-diff');
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getByTestId('kubectl-hint').textContent()).toContain(
      'kubectl diff --server-side --force-conflicts',
    );
    expect(await panel.locator('[data-object="configmap/e2e-settings"]').getAttribute('data-state')).toBe(
      'changed',
    );
    expect(await panel.locator('[data-object="configmap/e2e-new"]').getAttribute('data-state')).toBe('new');
    // Monaco's side-by-side diff: live "red" on the left, the dry-run "blue" on the right.
    const diffEditor = panel.locator('.monaco-diff-editor');
    await diffEditor.locator('.editor.original .view-line', { hasText: 'color: red' }).waitFor();
    await diffEditor.locator('.editor.modified .view-line', { hasText: 'color: blue' }).waitFor();
    await diffEditor.locator('.line-insert, .char-insert').first().waitFor({ timeout: 10_000 });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'yaml-diff.png') });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: path.join(SHOTS, 'yaml-diff-dark.png') });
    await page.getByTestId('theme-toggle').click();
    // Nothing was written by the diff.
    const still = await cluster.kubectl(V, ['get', 'cm', 'e2e-settings', '-o', 'jsonpath={.data.color}']);
    expect(still.stdout).toBe('red');

    await panel.getByTestId('diff-apply').click();
    const result = page.getByTestId('apply-result');
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toContain('configmap/e2e-settings configured');
    expect(await result.textContent()).toContain('configmap/e2e-new created');
    await panel.waitFor({ state: 'detached' });
    const after = await cluster.kubectl(V, [
      'get',
      'cm',
      'e2e-settings',
      'e2e-new',
      '-o',
      'jsonpath={.items[*].data.color}',
    ]);
    expect(after.stdout).toBe('blue green');
    await page.getByTestId('diff').click();
    await expect.poll(() => page.getByTestId('diff-summary').textContent()).toBe('Nothing would change');
    const again = await cluster.kubectl(V, ['diff', '--server-side', '--force-conflicts', '-f', onDisk]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
