// Electron main entry (bundled to dist/main/index.cjs where Electron exists).
import { runShell } from './app.js';

runShell().catch((err: unknown) => {
  console.error(`kubedeck: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
