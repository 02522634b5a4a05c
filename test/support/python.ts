// The official Python client (Debian's python3-kubernetes) driving a test cluster.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, run, type RunResult, type TestCluster } from './cluster.js';

/** Debian's python3 carries python3-kubernetes; another python3 first on PATH may not. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const FIXTURES = path.join(ROOT, 'test/fixtures/python');

/** Fails with what to install when the python3 in use lacks the client. */
export async function requirePythonClient(): Promise<void> {
  const probe = await run(PYTHON, ['-c', 'import kubernetes']);
  if (probe.code !== 0)
    throw new Error(`${PYTHON} lacks the kubernetes package (apt-get install python3-kubernetes)`);
}

/** Runs test/fixtures/python/<script> with the cluster's kubeconfig as its first argument. */
export function pythonScript(cluster: TestCluster, script: string, args: string[]): Promise<RunResult> {
  return run(PYTHON, [path.join(FIXTURES, script), cluster.kubeconfig, ...args], {
    env: cluster.env,
    timeoutMs: 60_000,
  });
}
