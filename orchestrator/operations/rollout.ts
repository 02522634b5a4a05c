// Rollout history and pause/resume: what `kubectl rollout history|pause|resume` do, over the
// registry. History comes from the Deployment's ReplicaSets (their revision annotations).
import { stringify } from 'yaml';
import { badRequest, notFound } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { KubeObject } from '../api/types.js';
import type { OpResult, RolloutHistory, RolloutParams, RolloutRevision } from '../contract/index.js';
import { CHANGE_CAUSE, history } from './deployments.js';
import { kindInfo } from './kinds.js';

const DEPLOYMENTS = kindInfo('deployments');
const REVISION = 'deployment.kubernetes.io/revision';
const TEMPLATE_HASH = 'pod-template-hash';

const ns = (n: string) => (n && n !== 'default' ? ` -n ${n}` : '');

/** The pod template as a person compares revisions: without the controller's hash label. */
function templateYaml(rs: KubeObject): string {
  const t = structuredClone(rs.spec?.template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[TEMPLATE_HASH];
    if (!Object.keys(t.metadata.labels).length) delete t.metadata.labels;
  }
  return stringify(t);
}

export function rolloutHistory(registry: Registry, p: RolloutParams): RolloutHistory {
  const d = registry.tryGet(DEPLOYMENTS, p.namespace, p.name);
  if (!d) throw notFound(DEPLOYMENTS, p.name);
  const current = Number(d.metadata.annotations?.[REVISION] ?? 0);
  const revisions: RolloutRevision[] = history(registry, d)
    .filter((rs) => rs.metadata.annotations?.[REVISION])
    .map((rs) => ({
      revision: Number(rs.metadata.annotations![REVISION]),
      changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? '',
      replicaSet: rs.metadata.name!,
      images: (rs.spec?.template?.spec?.containers ?? []).map((c: any) => String(c.image)),
      replicas: Number(rs.status?.replicas ?? 0),
      current: Number(rs.metadata.annotations![REVISION]) === current,
      template: templateYaml(rs),
    }));
  return {
    kubectl: `kubectl rollout history deployment/${p.name}${ns(p.namespace)}`,
    message: `deployment.apps/${p.name}`,
    revisions,
  };
}

function setPaused(registry: Registry, p: RolloutParams, paused: boolean): OpResult {
  const verb = paused ? 'pause' : 'resume';
  const d = registry.tryGet(DEPLOYMENTS, p.namespace, p.name);
  if (!d) throw notFound(DEPLOYMENTS, p.name);
  // kubectl refuses a no-op pause/resume with these words.
  if (!!d.spec?.paused === paused)
    throw badRequest(`deployments.apps "${p.name}" is ${paused ? 'already paused' : 'not paused'}`);
  registry.patch(
    DEPLOYMENTS,
    p.namespace,
    p.name,
    'application/merge-patch+json',
    JSON.stringify({ spec: { paused: paused ? true : null } }),
    { fieldManager: 'kubectl-rollout' },
  );
  return {
    kubectl: `kubectl rollout ${verb} deployment/${p.name}${ns(p.namespace)}`,
    message: `deployment.apps/${p.name} ${paused ? 'paused' : 'resumed'}`,
  };
}

export const rolloutPause = (registry: Registry, p: RolloutParams) => setPaused(registry, p, true);
export const rolloutResume = (registry: Registry, p: RolloutParams) => setPaused(registry, p, false);
