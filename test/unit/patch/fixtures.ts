// Shared objects for the patch tests: a Deployment as the apiserver stores it after kubectl create.
import { RESOURCES } from '../../../orchestrator/api/resources.js';
import type { KubeObject, ResourceInfo } from '../../../orchestrator/api/types.js';

export function info(resource: string, version?: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.resource === resource && (!version || x.version === version));
  if (!r) throw new Error(`no resource ${resource}`);
  return r;
}

export const deployments = info('deployments');
export const pods = info('pods');
export const services = info('services');
export const configmaps = info('configmaps');

export function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '10',
      generation: 1,
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          restartPolicy: 'Always',
        },
      },
    },
    status: { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
  };
}
