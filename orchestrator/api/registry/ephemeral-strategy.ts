// pods/ephemeralcontainers: a write changes spec.ephemeralContainers and nothing else
// (upstream podEphemeralContainersStrategy / dropNonEphemeralContainerUpdates).
import type { KubeObject } from '../types.js';
import { deepCopy } from './meta.js';

export function onlyEphemeralContainers(obj: KubeObject, old: KubeObject): KubeObject {
  const next = deepCopy(old);
  next.spec ??= {};
  const ecs = obj.spec?.ephemeralContainers;
  if (ecs === undefined || ecs === null) delete next.spec.ephemeralContainers;
  else next.spec.ephemeralContainers = deepCopy(ecs);
  next.metadata.resourceVersion = obj.metadata?.resourceVersion;
  return next;
}
