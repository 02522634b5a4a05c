// Debian's Chromium driven by playwright-core (no bundled browser download), and what the browser
// e2e files share: where screenshots go and a 2-worker cluster on the test images.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureTestImages, type TestImages } from '../fixtures/images/build.js';
import { ROOT, eventually, type TestCluster } from '../support/cluster.js';

export const CHROMIUM = process.env.KUBEDECK_CHROMIUM ?? '/usr/bin/chromium';
export const NO_CHROMIUM = !existsSync(CHROMIUM);
if (NO_CHROMIUM)
  console.warn(`[e2e] ${CHROMIUM} is missing (apt-get install chromium): skipping browser tests`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// Screenshots go to test-output/ (ignored) so a test run leaves the checkout clean;
// KUBEDECK_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots for the README instead.
export const SHOTS = path.join(
  ROOT,
  process.env.KUBEDECK_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-output/screenshots',
);
mkdirSync(SHOTS, { recursive: true });

/** A page that collects console errors and uncaught exceptions (the e2e files assert none). */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return { page, consoleErrors };
}

/**
 * Starts `cluster` with 2 workers on the local test images and `config` (cluster settings YAML),
 * waits until all 3 nodes are Ready, and returns the images and the dashboard's tokened URL.
 */
export async function startUiCluster(
  cluster: TestCluster,
  config: string,
): Promise<{ images: TestImages; url: string }> {
  const images = await ensureTestImages();
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  const cfg = path.join(cluster.home, 'cluster.yaml');
  writeFileSync(cfg, config);
  const r = await cluster.cli(['start', '--name', cluster.name, '--nodes', '2', '--config', cfg], 180_000);
  if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  // Worker nodes register asynchronously: the map checks expect them all.
  await eventually(
    async () => {
      const nodes = await cluster.kubectl('1.33', ['get', 'nodes', '--no-headers']);
      return nodes.stdout.split('\n').filter((l) => / Ready /.test(l)).length === 3;
    },
    'all 3 nodes Ready',
    90_000,
  );
  const d = await cluster.cli(['dashboard', '--url', '--name', cluster.name]);
  if (d.code !== 0) throw new Error(`kubedeck dashboard --url failed:\n${d.stderr}`);
  return { images, url: d.stdout.trim() };
}
