// `kubedeck` entry point (bundled to dist/cli.mjs). Failures print one actionable line and exit 1.
import { CommanderError } from 'commander';
import { UserError } from '../config/errors.js';
import { createActions } from './actions.js';
import { buildProgram } from './program.js';

declare const KUBEDECK_VERSION: string | undefined;

export async function runCli(argv: string[] = process.argv): Promise<number> {
  const version = typeof KUBEDECK_VERSION === 'string' ? KUBEDECK_VERSION : '0.1.0';
  const program = buildProgram(createActions(), version).exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed the message
    if (err instanceof UserError) {
      process.stderr.write(`kubedeck: ${err.line()}\n`);
      for (const d of err.details) process.stderr.write(d + '\n');
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`kubedeck: ${e?.message ?? String(err)}${e?.code ? ` (${e.code})` : ''}\n`);
    if (process.env.KUBEDECK_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    return 1;
  }
}

// A closed pipe (`kubedeck start | head -1`) must not abort a start half-way: drop further output.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

// The daemon keeps running after its action resolves; only one-shot commands exit here.
const code = await runCli();
if (code !== 0 || !process.argv.includes('__daemon')) {
  // Flush piped stdout before exiting (status/kubeconfig output may be large).
  process.stdout.write('', () => process.exit(code));
}
