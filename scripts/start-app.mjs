// `npm start`: the desktop app (dist/main/index.cjs) in Electron. Where no Electron binary is
// installed it says so and points at the same UI in the browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = electronBinary();
if (!bin) {
  console.error(
    'No Electron binary is installed, so the desktop app cannot open here.\n' +
      '  Install it:            npm install --save-dev electron   (downloads the binary)\n' +
      '  Or use the same UI:    npx kubedeck start && npx kubedeck dashboard',
  );
  process.exit(1);
}
const child = spawn(bin, [path.join(root, 'dist/main/index.cjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
