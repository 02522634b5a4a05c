// Shared helpers for cluster tests: temp dirs and the fake daemon command.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DaemonCommand } from '../../../orchestrator/cluster/spawn.js';

export function tempDir(prefix = 'kubedeck-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const fixture = fileURLToPath(new URL('./fixtures/fake-daemon.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function fakeDaemonCommand(name: string): DaemonCommand {
  return { command: process.execPath, args: ['--import', tsx, fixture, '__daemon', '--name', name] };
}
