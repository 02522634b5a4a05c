// The real entry point as a process (through tsx, no build needed): exit codes and stream usage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../../orchestrator/cli/main.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const home = mkdtempSync(path.join(os.tmpdir(), 'kubedeck-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(...args: string[]) {
  return runEnv({}, ...args);
}

function runEnv(extra: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', tsx, main, ...args], {
    env: { ...process.env, KUBEDECK_HOME: home, KUBECONFIG: path.join(home, 'kubeconfig'), ...extra },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kubedeck process', () => {
  it('status -o json of an absent cluster: exit 0, JSON on stdout only', () => {
    const r = run('status', '-o', 'json', '--name', 'nope');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'nope', status: 'absent' });
    expect(r.stderr).toBe('');
  });

  it('start --nodes 2 without a Docker engine: exit 1 with one line on stderr', () => {
    const r = runEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, 'start', '--nodes', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kubedeck: Docker is not running — start Docker/);
  });

  it('kubeconfig of a cluster never started: exit 1 telling to start it', () => {
    const r = run('kubeconfig', '--name', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no kubeconfig yet.*kubedeck start --name nope/);
  });

  it('invalid name: exit 1 with the naming rule', () => {
    const r = run('stop', '--name', 'Bad_Name');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid cluster name 'Bad_Name'/);
  });

  it('stop and delete of an absent cluster succeed and say so', () => {
    expect(run('stop', '--name', 'nope')).toMatchObject({
      code: 0,
      stderr: "Cluster 'nope' is not running.\n",
    });
    expect(run('delete', '--name', 'nope')).toMatchObject({
      code: 0,
      stderr: "Cluster 'nope' does not exist.\n",
    });
  });
});
