// WebSocket streaming as the official Python client (python3-kubernetes) speaks it, against a real
// cluster: port-forward in the channel form (v4.channel.k8s.io, ports in the query, the port as
// the first frame of each channel) and exec whose str stdin goes out in TEXT frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER } from '../support/docker.js';
import { startWithWorkers } from '../support/workers.js';
import { pythonScript, requirePythonClient } from '../support/python.js';
import { TestCluster, eventually } from '../support/cluster.js';

describe.skipIf(SKIP_DOCKER)('Python client: port-forward and exec stdin over WebSocket', () => {
  const name = `pys-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  const py = (script: string, args: string[]) => pythonScript(cluster, script, args);

  beforeAll(async () => {
    await requirePythonClient();
    const images = await startWithWorkers(cluster);
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: ${images.busybox}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www"]
`;
    const a = await cluster.kubectl('1.33', ['apply', '-f', '-'], { input: manifest });
    expect(a.code, a.stderr).toBe(0);
    await eventually(
      async () =>
        JSON.parse((await cluster.kubectl('1.33', ['get', 'pod', 'web', '-o', 'json'])).stdout).status
          .phase === 'Running',
      'web Running',
      90_000,
      500,
    );
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  it('port-forwards with portforward() (v4.channel.k8s.io)', async () => {
    const r = await py('portforward.py', ['default', 'web', '8080']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('200 OK');
    expect(r.stdout).toContain('hello-from-httpd');
  });

  it('reports a refused port on the error channel', async () => {
    const r = await py('portforward.py', ['default', 'web', '9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error forwarding port 9 to pod web');
    expect(r.stderr).toContain('connection refused');
  });

  it('execs with stdin written as text by stream()', async () => {
    const r = await py('exec_stdin.py', ['default', 'web', 'typed-in-python']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('typed-in-python\nexit=0\n');
  });
});
