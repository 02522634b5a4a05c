// Validation entry points the API server calls (after applyDefaults), dispatching on the resource.
import type { FieldError, KubeObject, ResourceInfo } from '../types.js';
import { eventsToCore, hpaV1ToV2 } from '../conversion.js';
import { validateObjectMeta, validateObjectMetaUpdate, nameIsDNSSubdomain } from './meta.js';
import { validatePod, validatePodUpdate } from './pod.js';
import { validatePodCreate } from './ephemeral.js';
import { validateAppsStatus, validateAppsUpdate, validateDeployment, validateReplicaSet } from './apps.js';
import { validateService, validateServiceUpdate } from './service.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateEndpoints,
  validateEvent,
  validateNamespace,
  validateNode,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './core.js';
import { validateEndpointSlice, validateEndpointSliceUpdate, validateHPA, validateLease } from './other.js';
import {
  validatePodTemplate,
  validateReplicationController,
  validateReplicationControllerStatus,
  validateReplicationControllerUpdate,
} from './legacy.js';
import {
  validateCertificateSigningRequest,
  validateCertificateSigningRequestUpdate,
} from './certificates.js';

type Create = (obj: KubeObject) => FieldError[];

const CREATE: Record<string, Create> = {
  '/pods': validatePodCreate,
  'apps/deployments': validateDeployment,
  'apps/replicasets': validateReplicaSet,
  '/services': validateService,
  '/configmaps': validateConfigMap,
  '/secrets': validateSecret,
  '/namespaces': validateNamespace,
  '/nodes': validateNode,
  '/serviceaccounts': validateServiceAccount,
  '/endpoints': validateEndpoints,
  '/events': (o) => validateEvent(o),
  'events.k8s.io/events': (o) => validateEvent(eventsToCore(o), 'reportingController'),
  'coordination.k8s.io/leases': validateLease,
  'discovery.k8s.io/endpointslices': validateEndpointSlice,
  'autoscaling/horizontalpodautoscalers': validateHPA,
  '/replicationcontrollers': validateReplicationController,
  '/podtemplates': validatePodTemplate,
  'certificates.k8s.io/certificatesigningrequests': validateCertificateSigningRequest,
};

const key = (info: ResourceInfo) => `${info.group}/${info.resource}`;

/** HPAs are validated in the v2 shape, like upstream validates its internal type. */
function normalize(info: ResourceInfo, obj: KubeObject): KubeObject {
  if (info.group === 'autoscaling' && info.version === 'v1' && obj.apiVersion !== 'autoscaling/v2')
    return hpaV1ToV2(obj);
  return obj;
}

export function validateCreate(info: ResourceInfo, obj: KubeObject): FieldError[] {
  const fn = CREATE[key(info)];
  if (fn) return fn(normalize(info, obj));
  return validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameFn: nameIsDNSSubdomain });
}

export function validateUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  const n = normalize(info, obj);
  const o = normalize(info, old);
  switch (key(info)) {
    case '/pods':
      return [
        ...validateObjectMetaUpdate(n.metadata, o.metadata),
        ...validatePod(n),
        ...validatePodUpdate(n, o),
      ];
    case 'apps/deployments':
      return validateAppsUpdate(n, o, validateDeployment);
    case 'apps/replicasets':
      return validateAppsUpdate(n, o, validateReplicaSet);
    case '/replicationcontrollers':
      return validateReplicationControllerUpdate(n, o);
    case 'certificates.k8s.io/certificatesigningrequests':
      return validateCertificateSigningRequestUpdate(n, o);
    case '/services':
      return validateServiceUpdate(n, o);
    case '/configmaps':
      return validateConfigMapUpdate(n, o);
    case '/secrets':
      return validateSecretUpdate(n, o);
    case 'discovery.k8s.io/endpointslices':
      return [...validateObjectMetaUpdate(n.metadata, o.metadata), ...validateEndpointSliceUpdate(n, o)];
    case '/nodes': {
      const errs = [...validateObjectMetaUpdate(n.metadata, o.metadata), ...validateNode(n)];
      const oldCIDR = o.spec?.podCIDR;
      if (oldCIDR && n.spec?.podCIDR !== oldCIDR)
        errs.push({
          type: 'FieldValueForbidden',
          field: 'spec.podCIDRs',
          detail: 'node updates may not change podCIDR except from "" to valid',
        });
      return errs;
    }
  }
  return [...validateObjectMetaUpdate(n.metadata, o.metadata), ...validateCreate(info, obj)];
}

/** Status subresource writes: identity is fixed and counters must be sane. */
export function validateStatusUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  if (info.group === 'apps') errs.push(...validateAppsStatus(obj));
  if (info.storage === 'core/replicationcontrollers') errs.push(...validateReplicationControllerStatus(obj));
  return errs;
}

export { parseQuantity } from './quantity.js';
