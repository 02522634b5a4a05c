// Bundles the headless orchestrator (CLI + daemon) into dist/ with esbuild.
// Dependencies stay external: they are installed next to the bundle by npm.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'orchestrator/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
if (!process.env.KUBEDECK_QUIET_BUILD) console.log(`built dist/ in ${Date.now() - started} ms`);
