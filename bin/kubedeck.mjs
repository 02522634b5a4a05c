#!/usr/bin/env node
// Entry point for `npx kubedeck`: runs the bundled CLI built by `npm ci` (prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('kubedeck: dist/cli.mjs is missing; run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(bundle);
