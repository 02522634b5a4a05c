import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../orchestrator/api/defaults/index.js';
import { defaultPullPolicy } from '../../../orchestrator/api/defaults/pod.js';
import { RESOURCES } from '../../../orchestrator/api/resources.js';

const pods = RESOURCES.find((r) => r.resource === 'pods')!;

describe('imagePullPolicy defaulting', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/nginx', 'Always'],
    ['localhost:5000/nginx:v1', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => expect(defaultPullPolicy(image)).toBe(policy));
});

describe('pod defaults', () => {
  it('fills pod, container, probe, port and volume defaults', () => {
    const pod: any = {
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            resources: { limits: { cpu: '1', memory: '1Gi' } },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
        volumes: [
          { name: 'cfg', configMap: { name: 'c' } },
          { name: 'scratch' },
          { name: 's', secret: { secretName: 's' } },
        ],
      },
    };
    applyDefaults(pods, pod);
    const s = pod.spec;
    expect(s).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    const c = s.containers[0];
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports[0].protocol).toBe('TCP');
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.resources.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(c.env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(s.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
    ]);
    expect(s.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it('keeps explicit values and existing tolerations', () => {
    const pod: any = {
      metadata: { name: 'p' },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'a',
            image: 'busybox:1.36',
            imagePullPolicy: 'Never',
            resources: { requests: { cpu: '100m' } },
          },
        ],
        tolerations: [{ operator: 'Exists' }],
      },
    };
    applyDefaults(pods, pod);
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.terminationGracePeriodSeconds).toBe(0);
    expect(pod.spec.containers[0].imagePullPolicy).toBe('Never');
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.status.qosClass).toBe('Burstable');
  });
});
