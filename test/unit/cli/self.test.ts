import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selfDaemonCommand } from '../../../orchestrator/cli/self.js';

describe('selfDaemonCommand', () => {
  it('re-executes the bundle itself when running from dist/cli.mjs', () => {
    const bundle = '/opt/kubedeck/dist/cli.mjs';
    expect(selfDaemonCommand('dev', pathToFileURL(bundle).href)).toEqual({
      command: process.execPath,
      args: [bundle, '__daemon', '--name', 'dev'],
    });
  });

  it('runs main.ts through an absolute tsx loader when running from source', () => {
    const cmd = selfDaemonCommand(
      'kubedeck',
      new URL('../../../orchestrator/cli/self.ts', import.meta.url).href,
    );
    expect(cmd.args[0]).toBe('--import');
    expect(existsSync(fileURLToPath(cmd.args[1]))).toBe(true);
    expect(cmd.args[2]).toMatch(/orchestrator[/\\]cli[/\\]main\.ts$/);
    expect(existsSync(cmd.args[2])).toBe(true);
    expect(cmd.args.slice(3)).toEqual(['__daemon', '--name', 'kubedeck']);
  });
});
