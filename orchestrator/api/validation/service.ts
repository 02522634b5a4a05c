// Service rules (ValidateService / ValidateServiceUpdate in pkg/apis/core/validation).
import type { FieldError, KubeObject } from '../types.js';
import { RenderedValue } from '../errors.js';
import { duplicate, forbidden, goStringSlice, invalid, isObj, notSupported, required } from './errs.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum } from './names.js';
import { nameIsDNS1035Label, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validatePortNumOrName } from './container.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
/** The default --service-node-port-range; allocation itself is the server's job. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

const isHeadless = (spec: any) => spec.clusterIP === 'None';

function goServicePortKey(port: number, protocol: string): RenderedValue {
  return new RenderedValue(
    `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validatePorts(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : [];
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  const requireName = ports.length > 1;
  ports.forEach((sp, i) => {
    const p = `spec.ports[${i}]`;
    if (!isObj(sp)) return;
    if (requireName && !sp.name) errs.push(required(`${p}.name`));
    else if (sp.name) {
      for (const m of isDNS1123Label(String(sp.name))) errs.push(invalid(`${p}.name`, sp.name, m));
      if (names.has(sp.name)) errs.push(duplicate(`${p}.name`, sp.name));
      names.add(sp.name);
    }
    for (const m of isValidPortNum(sp.port)) errs.push(invalid(`${p}.port`, sp.port ?? 0, m));
    if (!sp.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(sp.protocol))
      errs.push(notSupported(`${p}.protocol`, sp.protocol, PROTOCOLS));
    if (sp.targetPort !== undefined && sp.targetPort !== 0 && sp.targetPort !== '')
      errs.push(...validatePortNumOrName(sp.targetPort, `${p}.targetPort`));
    const key = `${sp.port}/${sp.protocol}`;
    if (keys.has(key)) errs.push(duplicate(p, goServicePortKey(sp.port, sp.protocol)));
    keys.add(key);
    if (sp.nodePort) {
      if (spec.type === 'ClusterIP')
        errs.push(forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      else if (sp.nodePort < NODE_PORT_RANGE.min || sp.nodePort > NODE_PORT_RANGE.max)
        errs.push(
          invalid(
            `${p}.nodePort`,
            sp.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
          ),
        );
      const nk = `${sp.nodePort}/${sp.protocol}`;
      if (nodePorts.has(nk)) errs.push(duplicate(`${p}.nodePort`, sp.nodePort));
      nodePorts.add(nk);
    }
  });
  return errs;
}

function validateClusterIPs(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.clusterIP && ips.length && ips[0] !== spec.clusterIP)
    errs.push(
      invalid(
        'spec.clusterIPs',
        new RenderedValue(`[]string{${ips.map((s) => JSON.stringify(s)).join(', ')}}`),
        'must match `clusterIP` if specified',
      ),
    );
  if (spec.clusterIP && spec.clusterIP !== 'None' && !isValidIP(spec.clusterIP))
    errs.push(invalid('spec.clusterIP', spec.clusterIP, IP_DETAIL));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') return;
    if (!isValidIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, IP_DETAIL));
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', ips.length, 'may only hold up to 2 values'));
  return errs;
}

export function validateService(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNS1035Label });
  const spec = isObj(obj.spec) ? obj.spec : {};
  const type = spec.type;
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (!type) errs.push(required('spec.type'));
  else if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  if (type === 'ExternalName') {
    if (spec.clusterIP || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length))
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else
      for (const m of isDNS1123Subdomain(String(spec.externalName).replace(/\.$/, '')))
        errs.push(invalid('spec.externalName', spec.externalName, m));
  } else {
    errs.push(...validateClusterIPs(spec));
  }
  errs.push(...validatePorts(spec));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(spec.sessionAffinity))
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  else if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (typeof t === 'number' && (t <= 0 || t > 86400))
      errs.push(
        invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          t,
          'must be greater than 0 and less than 86400',
        ),
      );
  } else if (isObj(spec.sessionAffinityConfig) && isObj(spec.sessionAffinityConfig.clientIP)) {
    errs.push(
      invalid(
        'spec.sessionAffinityConfig',
        new RenderedValue('core.SessionAffinityConfig{...}'),
        'must not be set when session affinity is None',
      ),
    );
  }
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (!external) {
    if (spec.externalTrafficPolicy)
      errs.push(
        invalid(
          'spec.externalTrafficPolicy',
          spec.externalTrafficPolicy,
          "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        ),
      );
  } else if (!spec.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy))
    errs.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  if (type !== 'ExternalName') {
    if (!spec.internalTrafficPolicy) errs.push(required('spec.internalTrafficPolicy'));
    else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy))
      errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.ipFamilyPolicy && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy))
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  if (Array.isArray(spec.ipFamilies)) {
    const seen = new Set<string>();
    spec.ipFamilies.forEach((f: string, i: number) => {
      if (!IP_FAMILIES.includes(f)) errs.push(notSupported(`spec.ipFamilies[${i}]`, f, IP_FAMILIES));
      else if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
      seen.add(f);
    });
  }
  if (Array.isArray(spec.externalIPs))
    spec.externalIPs.forEach((ip: string, i: number) => {
      if (!isValidIP(String(ip))) errs.push(invalid(`spec.externalIPs[${i}]`, ip, IP_DETAIL));
    });
  if (spec.healthCheckNodePort && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'))
    errs.push(
      invalid(
        'spec.healthCheckNodePort',
        spec.healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  return errs;
}

/** clusterIP(s) and the primary IP family may not change once set (except via ExternalName). */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateService(obj)];
  const ns = obj.spec ?? {};
  const os = old.spec ?? {};
  if (ns.type === 'ExternalName' || os.type === 'ExternalName') return errs;
  const newIP = ns.clusterIPs?.[0] ?? ns.clusterIP;
  const oldIP = os.clusterIPs?.[0] ?? os.clusterIP;
  if (oldIP && newIP && newIP !== oldIP)
    errs.push(
      invalid('spec.clusterIPs[0]', goStringSlice(ns.clusterIPs ?? [newIP]), 'may not change once set'),
    );
  const newFam = ns.ipFamilies?.[0];
  const oldFam = os.ipFamilies?.[0];
  if (oldFam && newFam && newFam !== oldFam)
    errs.push(invalid('spec.ipFamilies[0]', newFam, 'may not change once set'));
  return errs;
}
