// Where this CLI's own entry is, to re-execute it as the daemon (`<node> <dist/cli.mjs> __daemon`).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DaemonCommand } from '../cluster/spawn.js';

/**
 * In the esbuild bundle every module shares dist/cli.mjs as import.meta.url, so this file's URL is
 * the bundle. Run from source (tsx), it is this .ts file: run main.ts through tsx instead.
 */
export function selfDaemonCommand(name: string, moduleUrl: string = import.meta.url): DaemonCommand {
  const here = fileURLToPath(moduleUrl);
  const tail = ['__daemon', '--name', name];
  if (here.endsWith('.ts')) {
    // Absolute loader URL: the daemon runs with cwd = its state dir, where 'tsx' would not resolve.
    const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
    return {
      command: process.execPath,
      args: ['--import', tsx, path.join(path.dirname(here), 'main.ts'), ...tail],
    };
  }
  return { command: process.execPath, args: [here, ...tail] };
}
