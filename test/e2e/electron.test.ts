// The desktop shell end to end with Playwright's Electron driver. Runs only where an Electron
// binary is installed (`npm i -D electron`); elsewhere it prints why it is skipped.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from '../support/cluster.js';

function electronBinary(): string | undefined {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const BIN = electronBinary();
const MAIN = path.join(ROOT, 'dist/main/index.cjs');
if (!BIN)
  console.warn(
    '[e2e] no Electron binary (the electron package is not installed): skipping the desktop-shell test',
  );

describe.skipIf(!BIN)('desktop shell (Electron)', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it('opens one hardened window showing the cluster map', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: BIN!,
      args: [MAIN],
      env: { ...process.env, KUBEDECK_IN_PROCESS: '1' },
    });
    close = () => app.close();
    const win = await app.firstWindow();
    await win.locator('[data-testid=cluster-map]').waitFor({ timeout: 60_000 });
    const prefs = await app.evaluate(({ BrowserWindow }: any) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return w.webContents.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await win.evaluate(() => typeof (globalThis as any).require)).toBe('undefined');
    expect(await win.evaluate(() => Object.keys((globalThis as any).kubedeck).sort())).toEqual([
      'call',
      'logs',
      'watch',
    ]);
  });
});
