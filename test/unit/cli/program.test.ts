import { describe, expect, it } from 'vitest';
import { buildProgram, type CliActions } from '../../../orchestrator/cli/program.js';

type Call = [keyof CliActions, unknown];

function parse(args: string[]): { calls: Call[]; err: string; exitCode?: number } {
  const calls: Call[] = [];
  const rec = (k: keyof CliActions) => (o: unknown) => {
    calls.push([k, o]);
    return Promise.resolve();
  };
  const actions: CliActions = {
    start: rec('start'),
    status: rec('status'),
    stop: rec('stop'),
    delete: rec('delete'),
    kubeconfig: rec('kubeconfig'),
    daemon: rec('daemon'),
  };
  let err = '';
  const program = buildProgram(actions, '1.2.3')
    .exitOverride()
    .configureOutput({ writeErr: (s) => void (err += s), writeOut: () => {} });
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeErr: (s) => void (err += s), writeOut: () => {} });
  try {
    program.parse(['node', 'kubedeck', ...args]);
    return { calls, err };
  } catch (e) {
    return { calls, err, exitCode: (e as { exitCode: number }).exitCode };
  }
}

describe('kubedeck command line', () => {
  it('start: defaults and options', () => {
    expect(parse(['start']).calls).toEqual([['start', { name: 'kubedeck' }]]);
    expect(parse(['start', '--name', 'dev', '--nodes', '0', '--config', 'c.yaml']).calls).toEqual([
      ['start', { name: 'dev', nodes: 0, config: 'c.yaml' }],
    ]);
    expect(parse(['start', '--nodes', '3']).calls[0][1]).toMatchObject({ nodes: 3 });
  });

  it('start: --nodes must be a whole number', () => {
    for (const bad of ['-1', 'two', '1.5']) {
      const r = parse(['start', '--nodes', bad]);
      expect(r.calls).toEqual([]);
      expect(r.exitCode).toBe(1);
      expect(r.err).toMatch(/--nodes.*whole number/);
    }
  });

  it('status: -o json and --output json; other formats rejected', () => {
    expect(parse(['status']).calls).toEqual([['status', { name: 'kubedeck' }]]);
    expect(parse(['status', '-o', 'json', '--name', 'x']).calls).toEqual([
      ['status', { name: 'x', output: 'json' }],
    ]);
    expect(parse(['status', '--output', 'json']).calls[0][1]).toMatchObject({ output: 'json' });
    const r = parse(['status', '-o', 'yaml']);
    expect(r.calls).toEqual([]);
    expect(r.err).toMatch(/json/);
  });

  it('stop, delete, kubeconfig, __daemon', () => {
    expect(parse(['stop', '--name', 'a']).calls).toEqual([['stop', { name: 'a' }]]);
    expect(parse(['delete']).calls).toEqual([['delete', { name: 'kubedeck' }]]);
    expect(parse(['kubeconfig']).calls).toEqual([['kubeconfig', { name: 'kubedeck', path: false }]]);
    expect(parse(['kubeconfig', '--path', '--name', 'b']).calls).toEqual([
      ['kubeconfig', { name: 'b', path: true }],
    ]);
    expect(parse(['__daemon', '--name', 'c']).calls).toEqual([['daemon', { name: 'c' }]]);
  });

  it('__daemon is hidden from help; unknown commands and options fail', () => {
    const help = buildProgram({} as CliActions).helpInformation();
    expect(help).toContain('start');
    expect(help).toContain('kubeconfig');
    expect(help).not.toContain('__daemon');
    expect(parse(['frobnicate']).exitCode).toBe(1);
    expect(parse(['stop', '--force']).exitCode).toBe(1);
  });
});
