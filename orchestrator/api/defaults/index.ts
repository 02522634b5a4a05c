// applyDefaults: upstream SetDefaults_* for every served kind, applied in the request's version.
import type { KubeObject, ResourceInfo } from '../types.js';
import { defaultPod } from './pod.js';
import { defaultDeployment, defaultReplicaSet } from './apps.js';
import { defaultService } from './service.js';
import {
  defaultEndpoints,
  defaultEndpointSlice,
  defaultNamespace,
  defaultNode,
  defaultSecret,
} from './core.js';
import { defaultHPAv1, defaultHPAv2 } from './hpa.js';
import {
  defaultCertificateSigningRequest,
  defaultPodTemplateObject,
  defaultReplicationController,
} from './legacy.js';

type Defaulter = (obj: Record<string, any>) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/pods': defaultPod,
  'apps/deployments': defaultDeployment,
  'apps/replicasets': defaultReplicaSet,
  '/services': defaultService,
  '/namespaces': defaultNamespace,
  '/nodes': defaultNode,
  '/secrets': defaultSecret,
  '/endpoints': defaultEndpoints,
  'discovery.k8s.io/endpointslices': defaultEndpointSlice,
  '/replicationcontrollers': defaultReplicationController,
  '/podtemplates': defaultPodTemplateObject,
  'certificates.k8s.io/certificatesigningrequests': defaultCertificateSigningRequest,
};

/** Mutates obj (which is in info's version). Kinds without upstream defaults are left alone. */
export function applyDefaults(info: ResourceInfo, obj: KubeObject): void {
  if (info.group === 'autoscaling' && info.resource === 'horizontalpodautoscalers') {
    (info.version === 'v1' ? defaultHPAv1 : defaultHPAv2)(obj);
    return;
  }
  DEFAULTERS[`${info.group}/${info.resource}`]?.(obj);
}

export { defaultPodSpec, defaultPullPolicy, podQOSClass } from './pod.js';
export { defaultHPAv2 } from './hpa.js';
