// Service defaults (SetDefaults_Service) plus the clusterIP/clusterIPs normalisation and IP family
// choice the registry makes for a single-stack IPv4 cluster. IP and nodePort allocation is the server's.
import { child, def, defStr, each, isObj } from './util.js';

export function defaultService(obj: Record<string, any>): void {
  const spec = child(obj, 'spec');
  defStr(spec, 'sessionAffinity', 'None');
  defStr(spec, 'type', 'ClusterIP');
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    def(cfg, 'timeoutSeconds', 10800);
  }
  each(spec.ports, (p) => {
    defStr(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  });
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) defStr(spec, 'externalTrafficPolicy', 'Cluster');
  if (external || spec.type === 'ClusterIP') defStr(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') def(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type === 'ExternalName') return;
  // normalizeClusterIPs: keep clusterIP and clusterIPs[0] in step.
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && ips.length > 0) spec.clusterIP = ips[0];
  const headless = spec.clusterIP === 'None';
  const selectorless = !isObj(spec.selector) || Object.keys(spec.selector).length === 0;
  defStr(spec, 'ipFamilyPolicy', headless && selectorless ? 'RequireDualStack' : 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
}
