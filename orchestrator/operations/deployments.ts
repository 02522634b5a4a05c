// Imperative Deployment operations: create, scale, set image, rollout undo/restart. Each writes
// through the registry like kubectl would over HTTP and returns kubectl's own wording.
import { badRequest, notFound, StatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { KubeObject } from '../api/types.js';
import { SKIPPED } from '../controllers/deployment/rollback.js';
import {
  shellQuote,
  type CreateDeploymentParams,
  type OpResult,
  type RolloutParams,
  type ScaleParams,
  type SetImageParams,
} from '../contract/index.js';
import { kindInfo } from './kinds.js';

const DEPLOYMENTS = kindInfo('deployments');
const REPLICASETS = kindInfo('replicasets');
const REVISION = 'deployment.kubernetes.io/revision';
const TEMPLATE_HASH = 'pod-template-hash';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
// Bookkeeping annotations kubectl's rollback keeps from the Deployment instead of the ReplicaSet:
// the controller's own (never copied to a ReplicaSet) plus the old rollback request.
const SKIP_ON_ROLLBACK = new Set([...SKIPPED, 'deprecated.deployment.rollback.to']);

const ns = (n: string) => (n && n !== 'default' ? ` -n ${n}` : '');

/** Container name kubectl derives from an image: last path segment, no tag or digest. */
export function containerNameFor(image: string): string {
  const last = image.split('/').pop() ?? image;
  const base = last.split('@')[0].split(':')[0];
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/^-+|-+$/g, '') || 'app'
  );
}

export function createDeployment(registry: Registry, p: CreateDeploymentParams): OpResult {
  if (!p.name) throw badRequest('a deployment needs a name');
  if (!p.image) throw badRequest('a deployment needs an image (--image)');
  const labels = { app: p.name };
  const container: Record<string, unknown> = {
    name: containerNameFor(p.image),
    image: p.image,
    resources: {},
  };
  if (p.port) container.ports = [{ containerPort: p.port }];
  if (p.command?.length) container.command = p.command;
  registry.create(
    DEPLOYMENTS,
    p.namespace,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: p.name, labels },
      spec: {
        replicas: p.replicas ?? 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
    },
    { fieldManager: 'kubectl-create' },
  );
  const flags = `${p.replicas !== undefined ? ` --replicas=${p.replicas}` : ''}${p.port ? ` --port=${p.port}` : ''}`;
  return {
    kubectl: `kubectl create deployment ${p.name} --image=${p.image}${flags}${ns(p.namespace)}${p.command?.length ? ` -- ${p.command.join(' ')}` : ''}`,
    message: `deployment.apps/${p.name} created`,
  };
}

function mergePatch(registry: Registry, namespace: string, name: string, body: unknown, manager: string) {
  return registry.patch(DEPLOYMENTS, namespace, name, 'application/merge-patch+json', JSON.stringify(body), {
    fieldManager: manager,
  }).obj;
}

export function scale(registry: Registry, p: ScaleParams): OpResult {
  if (!Number.isInteger(p.replicas) || p.replicas < 0)
    throw badRequest('replicas must be a whole number, 0 or more');
  mergePatch(registry, p.namespace, p.name, { spec: { replicas: p.replicas } }, 'kubectl-scale');
  return {
    kubectl: `kubectl scale deployment/${p.name} --replicas=${p.replicas}${ns(p.namespace)}`,
    message: `deployment.apps/${p.name} scaled`,
  };
}

export function setImage(registry: Registry, p: SetImageParams): OpResult {
  const d = registry.get(DEPLOYMENTS, p.namespace, p.name);
  const containers: any[] = d.spec?.template?.spec?.containers ?? [];
  const names = p.container === '*' ? containers.map((c) => c.name) : [p.container];
  for (const n of names) {
    if (!containers.some((c) => c.name === n)) throw badRequest(`unable to find container named "${n}"`);
  }
  const next = structuredClone(d);
  for (const c of next.spec.template.spec.containers) if (names.includes(c.name)) c.image = p.image;
  const cause = p.changeCause?.trim();
  // One write, so the new ReplicaSet is born with its change-cause (the controller copies it over).
  if (cause) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [CHANGE_CAUSE]: cause };
  registry.update(DEPLOYMENTS, p.namespace, p.name, next, { fieldManager: 'kubectl-set' });
  const annotate = cause
    ? ` && kubectl annotate deployment/${p.name} ${CHANGE_CAUSE}=${shellQuote(cause)} --overwrite${ns(p.namespace)}`
    : '';
  return {
    kubectl: `kubectl set image deployment/${p.name} ${p.container}=${p.image}${ns(p.namespace)}${annotate}`,
    message: `deployment.apps/${p.name} image updated`,
  };
}

export function rolloutRestart(registry: Registry, p: RolloutParams): OpResult {
  const d = registry.get(DEPLOYMENTS, p.namespace, p.name);
  if (d.spec?.paused) {
    throw badRequest(`deployments "${p.name}" can't restart paused deployment (run rollout resume first)`);
  }
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  mergePatch(
    registry,
    p.namespace,
    p.name,
    { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } },
    'kubectl-rollout',
  );
  return {
    kubectl: `kubectl rollout restart deployment/${p.name}${ns(p.namespace)}`,
    message: `deployment.apps/${p.name} restarted`,
  };
}

/** The ReplicaSets a Deployment controls, newest revision first. */
export function history(registry: Registry, d: KubeObject): KubeObject[] {
  return registry
    .list(REPLICASETS, d.metadata.namespace)
    .items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0);

/** Upstream's rollback: copy the chosen revision's pod template (without its hash) back. */
export function rolloutUndo(registry: Registry, p: RolloutParams): OpResult {
  const d = registry.tryGet(DEPLOYMENTS, p.namespace, p.name);
  if (!d) throw notFound(DEPLOYMENTS, p.name);
  const cmd = `kubectl rollout undo deployment/${p.name}${p.toRevision ? ` --to-revision=${p.toRevision}` : ''}${ns(p.namespace)}`;
  if (d.spec?.paused) {
    throw badRequest(
      `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${p.name}' and try again`,
    );
  }
  const rss = history(registry, d);
  if (!rss.length) throw badRequest(`no rollout history found for deployment "${p.name}"`);
  let target: KubeObject | undefined;
  if (p.toRevision) target = rss.find((rs) => revisionOf(rs) === p.toRevision);
  else target = rss[1]; // the revision before the current (highest) one
  if (!target) {
    throw badRequest(
      p.toRevision
        ? `unable to find specified revision ${p.toRevision} in history`
        : 'no last revision to roll back to',
    );
  }
  const template = structuredClone(target.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[TEMPLATE_HASH];
  if (JSON.stringify(template) === JSON.stringify(d.spec.template)) {
    return {
      kubectl: cmd,
      message: `deployment.apps/${p.name} skipped rollback (current template already matches revision ${revisionOf(target)})`,
    };
  }
  try {
    registry.update(
      DEPLOYMENTS,
      p.namespace,
      p.name,
      {
        ...d,
        metadata: { ...d.metadata, annotations: rollbackAnnotations(d, target) },
        spec: { ...d.spec, template },
      },
      {
        fieldManager: 'kubectl-rollout',
      },
    );
  } catch (e) {
    if (e instanceof StatusError && e.code === 409)
      throw badRequest('the deployment changed meanwhile; try again');
    throw e;
  }
  return { kubectl: cmd, message: `deployment.apps/${p.name} rolled back` };
}

/** kubectl's rollback: the Deployment's bookkeeping annotations plus the revision's own (its change-cause). */
function rollbackAnnotations(d: KubeObject, rs: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIP_ON_ROLLBACK.has(k)) out[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!SKIP_ON_ROLLBACK.has(k)) out[k] = v;
  return out;
}
