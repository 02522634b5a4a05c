// Debian's Chromium driven by playwright-core (no bundled browser download).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
