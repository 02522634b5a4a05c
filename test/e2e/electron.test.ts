// The desktop shell end to end with Playwright's Electron driver. Runs only where an Electron
// binary is installed (`npm i -D electron`); elsewhere it prints why it is skipped.
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ROOT } from '../support/cluster.js';
// @ts-expect-error -- a plain .mjs build script without types
import { electronBinary } from '../../scripts/electron-binary.mjs';

const BIN: string | undefined = electronBinary();
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
