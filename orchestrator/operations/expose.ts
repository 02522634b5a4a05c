// `kubectl expose deployment X --type=T --port=P [--target-port=Q] [--name=N]`: a Service that
// selects the Deployment's pods. Like kubectl, the selector is the Deployment's matchLabels.
import { badRequest, notFound } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { ExposeParams, OpResult } from '../contract/index.js';
import { kindInfo } from './kinds.js';

const DEPLOYMENTS = kindInfo('deployments');
const SERVICES = kindInfo('services');
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

const validPort = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

export function expose(registry: Registry, p: ExposeParams): OpResult {
  const type = p.type ?? 'ClusterIP';
  if (!TYPES.includes(type)) throw badRequest(`unsupported service type "${type}"`);
  if (!validPort(p.port)) throw badRequest('--port must be a number from 1 to 65535');
  if (p.targetPort !== undefined && !validPort(p.targetPort))
    throw badRequest('--target-port must be a number from 1 to 65535');
  const d = registry.tryGet(DEPLOYMENTS, p.namespace, p.deployment);
  if (!d) throw notFound(DEPLOYMENTS, p.deployment);
  const selector = d.spec?.selector?.matchLabels;
  if (!selector || !Object.keys(selector).length)
    throw badRequest(
      `couldn't retrieve selectors via --selector flag or introspection: the deployment has no matchLabels`,
    );
  const name = p.name || p.deployment;
  registry.create(
    SERVICES,
    p.namespace,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels: { ...(d.metadata.labels ?? {}) } },
      spec: {
        type,
        selector: { ...selector },
        ports: [{ protocol: 'TCP', port: p.port, targetPort: p.targetPort ?? p.port }],
      },
    },
    { fieldManager: 'kubectl-expose' },
  );
  const flags = [
    type !== 'ClusterIP' ? ` --type=${type}` : '',
    ` --port=${p.port}`,
    p.targetPort !== undefined && p.targetPort !== p.port ? ` --target-port=${p.targetPort}` : '',
    p.name && p.name !== p.deployment ? ` --name=${p.name}` : '',
    p.namespace && p.namespace !== 'default' ? ` -n ${p.namespace}` : '',
  ].join('');
  return { kubectl: `kubectl expose deployment ${p.deployment}${flags}`, message: `service/${name} exposed` };
}
