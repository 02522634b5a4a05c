// The official Python client (Debian's python3-kubernetes) against a real cluster: list then
// watch resumed from the list's resourceVersion, pod log follow, exec with stdout and stderr.
// It spells query booleans its own way (watch=True, follow=True, stdout=True), which is what
// these exercise; exec stdin in text frames and port-forward are in python-streaming.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER } from '../support/docker.js';
import { startWithWorkers } from '../support/workers.js';
import { pythonScript, requirePythonClient } from '../support/python.js';
import { TestCluster, eventually } from '../support/cluster.js';

describe.skipIf(SKIP_DOCKER)('Python client: list/watch, log follow, exec', () => {
  const name = `pyc-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  const py = (script: string, args: string[]) => pythonScript(cluster, script, args);

  beforeAll(async () => {
    await requirePythonClient();
    const images = await startWithWorkers(cluster);
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: ticker, labels: {test: python-client}}
spec:
  containers:
  - name: ticker
    image: ${images.busybox}
    command: ["sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.3; done"]
`;
    const a = await cluster.kubectl('1.33', ['apply', '-f', '-'], { input: manifest });
    expect(a.code, a.stderr).toBe(0);
    await eventually(
      async () =>
        JSON.parse((await cluster.kubectl('1.33', ['get', 'pod', 'ticker', '-o', 'json'])).stdout).status
          .phase === 'Running',
      'ticker Running',
      90_000,
      500,
    );
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  it('lists, then watches from the list resourceVersion (watch=True) and sees only later changes', async () => {
    const r = await py('list_watch.py', ['default', 'pylw']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('listed pylw-a\nADDED pylw-b\nMODIFIED pylw-b\ndone\n');
  });

  it('follows a pod log (follow=True) past the lines that existed when it asked', async () => {
    const r = await py('log_follow.py', ['default', 'ticker', '5']);
    expect(r.code, r.stderr).toBe(0);
    const ticks = r.stdout
      .trim()
      .split('\n')
      .map((l) => Number(/^tick-(\d+)$/.exec(l)?.[1]));
    expect(ticks).toHaveLength(5);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBe(ticks[0] + i);
  });

  it('execs with stdout=True and stderr=True over WebSocket and reports the exit code', async () => {
    const r = await py('exec_output.py', ['default', 'ticker']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("stdout='to-stdout\\n'\nstderr='to-stderr\\n'\nexit=3\n");
  });
});
