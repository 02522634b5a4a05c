// The horizontal-pod-autoscaler end to end: a real 2-worker cluster with shortened HPA windows, a
// Deployment of CPU burners switched on and off by a ConfigMap-mounted flag file, metrics from the
// Docker engine, and the real kubectl 1.27 and 1.33 (autoscale, get/describe hpa, top).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';

const V = '1.33';

describe.skipIf(SKIP_DOCKER)('horizontal pod autoscaler with metrics from Docker', () => {
  const name = `hpa-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  const k = (args: string[], input?: string, version = V) => cluster.kubectl(version, args, { input });
  const ok = async (args: string[], input?: string, version = V) => {
    const r = await k(args, input, version);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const replicas = async () =>
    Number((await k(['get', 'deployment', 'burn', '-o', 'jsonpath={.spec.replicas}'])).stdout);
  const flag = (on: boolean) =>
    ok(
      ['apply', '-f', '-'],
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: load}\ndata: {state: "${on ? 1 : 0}"}\n`,
    );

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    cluster.env.KUBEDECK_METRICS_RESOLUTION = '2s';
    const cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(
      cfg,
      [
        'horizontalPodAutoscaler:',
        '  syncPeriod: 1s',
        '  downscaleStabilization: 6s',
        '  cpuInitializationPeriod: 3s',
        '  initialReadinessDelay: 1s',
        '',
      ].join('\n'),
    );
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  });

  afterAll(async () => {
    await cluster.destroy();
  });

  it('scales a CPU-bound Deployment up while loaded and back down after', async () => {
    await flag(true);
    // Each pod burns up to its 100m limit (5× its 20m request; less on a busy host) while the flag says 1.
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: burn}
spec:
  replicas: 1
  selector: {matchLabels: {app: burn}}
  template:
    metadata: {labels: {app: burn}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: burn
        image: ${images.busybox}
        imagePullPolicy: Never
        command: ['sh', '-c', 'while :; do read v < /cfg/state; if [ "$v" = 1 ]; then i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; else sleep 1; fi; done']
        resources: {requests: {cpu: 20m}, limits: {cpu: 100m}}
        volumeMounts: [{name: cfg, mountPath: /cfg}]
      volumes: [{name: cfg, configMap: {name: load}}]
`,
    );
    expect(await ok(['autoscale', 'deployment', 'burn', '--cpu-percent=50', '--min=1', '--max=3'])).toMatch(
      /horizontalpodautoscaler.autoscaling\/burn autoscaled/,
    );

    // Metrics appear for the running pod and the nodes; `kubectl top` prints them (both versions).
    await eventually(
      async () => /^burn-\S+\s+\d+m\s+\d+Mi\s*$/m.test((await k(['top', 'pods'])).stdout),
      'kubectl top pods to show the burner',
      90_000,
      1000,
    );
    for (const v of ['1.27', '1.33']) {
      const pods = await ok(['top', 'pods', '-A', '--containers'], undefined, v);
      expect(pods).toMatch(/^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
      expect(pods).toMatch(/^default\s+burn-\S+\s+burn\s+\d+m\s+\d+Mi\s*$/m);
      const nodes = await ok(['top', 'nodes'], undefined, v);
      expect(nodes).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)/);
      expect(nodes).toMatch(new RegExp(`^${name}-worker2?\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));
      // The in-app control plane reports its own process.
      expect(nodes).toMatch(/^kubedeck-control-plane\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m);
    }
    // `kubectl get` on the metrics resources prints metrics-server's columns.
    const table = await ok(['get', 'pods.metrics.k8s.io']);
    expect(table).toMatch(/^NAME\s+CPU\s+MEMORY\s+WINDOW\s*$/m);
    expect(table).toMatch(/^burn-\S+\s+\d+n\s+\d+Ki\s+[\d.]+m?s\s*$/m);

    // Under load (well above 50% of the request) the HPA goes to its maximum of 3.
    await eventually(async () => (await replicas()) === 3, 'scale-up to 3 replicas', 90_000, 1000);
    for (const v of ['1.27', '1.33']) {
      const hpa = await ok(['get', 'hpa', 'burn'], undefined, v);
      expect(hpa).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
      expect(hpa).toMatch(/^burn\s+Deployment\/burn\s+(cpu: )?(\d+%|<unknown>)\/50%\s+1\s+3\s+\d+\s+/m);
    }
    for (const v of ['1.27', '1.33']) {
      const described = await ok(['describe', 'hpa', 'burn'], undefined, v);
      expect(described).toMatch(/Reference:\s+Deployment\/burn/);
      expect(described).toMatch(
        /resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \(\d+m\) \/ 50%/,
      );
      expect(described).toMatch(/AbleToScale\s+True/);
      expect(described).toMatch(/ScalingActive\s+True\s+ValidMetricFound/);
      expect(described).toMatch(
        /SuccessfulRescale\s+.*New size: \d; reason: cpu resource utilization \(percentage of request\) above target/,
      );
    }

    // Load off: after the (shortened) downscale stabilization it returns to the minimum.
    await flag(false);
    await eventually(async () => (await replicas()) === 1, 'scale-down to 1 replica', 120_000, 1000);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale',
      '-o',
      'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
    ]);
    expect(events).toMatch(/New size: 1; reason: All metrics below target/);
    const st = JSON.parse(await ok(['get', 'hpa.v2.autoscaling', 'burn', '-o', 'json'])).status;
    expect(st.currentMetrics[0].resource.name).toBe('cpu');
    expect(st.currentMetrics[0].resource.current.averageUtilization).toBeLessThan(50);
  }, 420_000);
});
