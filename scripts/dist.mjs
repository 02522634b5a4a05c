// `npm run dist`: builds the bundles, then the installers named in electron-builder.yml for this
// platform. electron-builder packages the Electron binary that `npm ci` downloaded; where that
// download was impossible (an offline machine), it says so instead of failing halfway.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = electronBinary();
if (!bin) {
  console.error(
    'npm run dist: no Electron binary is installed (it could not be downloaded when npm ci ran),\n' +
      'so there is nothing to package. Run `npm ci` and `npm run dist` on a machine that can download Electron.',
  );
  process.exit(1);
}
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(process.execPath, ['scripts/build.mjs']);
// electronDist: package the binary already installed rather than downloading another copy.
step(path.join(root, 'node_modules/.bin/electron-builder'), [
  '--config',
  'electron-builder.yml',
  `--config.electronDist=${path.join(root, 'node_modules/electron/dist')}`,
  ...process.argv.slice(2),
]);
