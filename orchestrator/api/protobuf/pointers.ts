// Go pointer scalars in the API types we decode. Gogo protobuf writes every non-pointer scalar,
// so a zero on the wire usually means "unset" and is dropped like JSON omitempty would; for
// pointer fields a zero (replicas: 0, automountServiceAccountToken: false) was set on purpose.
// The proto descriptors cannot tell the two apart, hence this list (k8s.io/api types.go facts).
const P: Record<string, string[]> = {
  'k8s.io.api.apps.v1.DeploymentSpec': ['replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  'k8s.io.api.apps.v1.ReplicaSetSpec': ['replicas'],
  'k8s.io.api.core.v1.ReplicationControllerSpec': ['replicas'],
  'k8s.io.api.certificates.v1.CertificateSigningRequestSpec': ['expirationSeconds'],
  'k8s.io.api.core.v1.PodSpec': [
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'automountServiceAccountToken',
    'shareProcessNamespace',
    'priority',
    'enableServiceLinks',
    'preemptionPolicy',
    'runtimeClassName',
    'setHostnameAsFQDN',
    'hostUsers',
  ],
  'k8s.io.api.core.v1.PodSecurityContext': [
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'fsGroup',
    'fsGroupChangePolicy',
    'supplementalGroupsPolicy',
  ],
  'k8s.io.api.core.v1.SecurityContext': [
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'privileged',
    'readOnlyRootFilesystem',
    'allowPrivilegeEscalation',
    'procMount',
  ],
  'k8s.io.api.core.v1.Probe': ['terminationGracePeriodSeconds'],
  'k8s.io.api.core.v1.ServiceAccount': ['automountServiceAccountToken'],
  'k8s.io.api.core.v1.ConfigMap': ['immutable'],
  'k8s.io.api.core.v1.Secret': ['immutable'],
  'k8s.io.api.core.v1.ServiceSpec': [
    'allocateLoadBalancerNodePorts',
    'loadBalancerClass',
    'internalTrafficPolicy',
    'ipFamilyPolicy',
    'trafficDistribution',
  ],
  'k8s.io.api.core.v1.ServicePort': ['appProtocol'],
  'k8s.io.api.core.v1.EndpointPort': ['appProtocol'],
  'k8s.io.api.core.v1.EndpointAddress': ['nodeName'],
  'k8s.io.api.core.v1.Toleration': ['tolerationSeconds'],
  'k8s.io.api.core.v1.ConfigMapVolumeSource': ['defaultMode', 'optional'],
  'k8s.io.api.core.v1.SecretVolumeSource': ['defaultMode', 'optional'],
  'k8s.io.api.core.v1.KeyToPath': ['mode'],
  'k8s.io.api.core.v1.ConfigMapKeySelector': ['optional'],
  'k8s.io.api.core.v1.SecretKeySelector': ['optional'],
  'k8s.io.api.core.v1.ConfigMapEnvSource': ['optional'],
  'k8s.io.api.core.v1.SecretEnvSource': ['optional'],
  'k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec': ['minReplicas', 'targetCPUUtilizationPercentage'],
  'k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec': ['minReplicas'],
  'k8s.io.api.autoscaling.v2.HPAScalingRules': ['stabilizationWindowSeconds', 'selectPolicy'],
  'k8s.io.api.autoscaling.v2.MetricTarget': ['averageUtilization'],
  'k8s.io.api.coordination.v1.LeaseSpec': [
    'holderIdentity',
    'leaseDurationSeconds',
    'leaseTransitions',
    'strategy',
    'preferredHolder',
  ],
  'k8s.io.api.discovery.v1.Endpoint': ['hostname', 'nodeName', 'zone'],
  'k8s.io.api.discovery.v1.EndpointConditions': ['ready', 'serving', 'terminating'],
  'k8s.io.api.discovery.v1.EndpointPort': ['name', 'protocol', 'port', 'appProtocol'],
  'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta': ['deletionGracePeriodSeconds'],
  'k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference': ['controller', 'blockOwnerDeletion'],
  'k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta': ['remainingItemCount'],
  'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions': [
    'gracePeriodSeconds',
    'orphanDependents',
    'propagationPolicy',
  ],
};

const SET = new Set(Object.entries(P).flatMap(([t, fs]) => fs.map((f) => `${t}.${f}`)));

/** True when `field` of message `typeFullName` (with or without leading dot) is a Go pointer. */
export function isPointerField(typeFullName: string, field: string): boolean {
  return SET.has(`${typeFullName.replace(/^\./, '')}.${field}`);
}
