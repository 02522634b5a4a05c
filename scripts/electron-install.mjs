// postinstall: fetch Electron's binary when the machine can, and say so in one line when it cannot.
// Electron's own install script is denied in package.json's allowScripts because its failure
// (no route to the download host) would fail the whole `npm ci`; everything but the desktop shell
// works without the binary (the same UI runs as `kubedeck dashboard`).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const TIMEOUT_MS = 180_000;

function installScript() {
  try {
    return path.join(
      path.dirname(createRequire(import.meta.url).resolve('electron/package.json')),
      'install.js',
    );
  } catch {
    return undefined; // installed with --omit=dev: nothing to fetch
  }
}

const script = installScript();
if (script && !electronBinary()) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log(
      'electron: binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); `npm start` needs it, `kubedeck dashboard` does not',
    );
  } else {
    const r = spawnSync(process.execPath, [script], { stdio: 'pipe', timeout: TIMEOUT_MS, encoding: 'utf8' });
    if (r.status !== 0 || !electronBinary()) {
      const why =
        (r.error?.message ?? r.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? 'no answer';
      console.log(
        `electron: could not download the binary (${why.trim().slice(0, 120)}); the desktop app cannot open here, everything else works (try \`kubedeck dashboard\`)`,
      );
    }
  }
}
