// Builds the user interface: the renderer (Vue + Monaco) with Vite into dist/renderer, skipped when
// nothing it is built from changed since the last build (a content hash kept next to the output),
// because a Monaco build takes tens of seconds and `npm test` runs this every time; and the thin
// Electron shell (dist/main/index.cjs, dist/preload.cjs) with esbuild, which takes milliseconds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

export async function buildUi(root) {
  await buildShell(root);
  return buildRenderer(root);
}

async function buildShell(root) {
  const { build } = await import('esbuild');
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  };
  // CommonJS has no import.meta: give modules that locate files the bundle's own URL instead.
  const url = {
    define: { 'import.meta.url': '__kdUrl' },
    banner: { js: "const __kdUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  await build({
    ...common,
    ...url,
    entryPoints: { 'main/index': 'main/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    packages: 'external',
  });
  // The sandboxed preload may require only 'electron': everything else is inlined.
  await build({
    ...common,
    entryPoints: { preload: 'main/preload/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
}

async function buildRenderer(root) {
  const inputs = [
    ...files(path.join(root, 'renderer')),
    ...files(path.join(root, 'orchestrator/contract')),
    path.join(root, 'package-lock.json'),
  ]
    .filter((f) => existsSync(f))
    .sort();
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(path.relative(root, f)).update('\0').update(readFileSync(f));
  const digest = hash.digest('hex');
  const stamp = path.join(root, 'dist/renderer/.source-hash');
  if (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === digest &&
    existsSync(path.join(root, 'dist/renderer/index.html'))
  ) {
    return false;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, digest);
  return true;
}
