// Pod and pod template defaults (pkg/apis/core/v1/defaults.go), plus the admission-time values
// a real API server adds to Pods (ServiceAccount, Priority, DefaultTolerationSeconds).
import { child, def, defStr, each, isObj } from './util.js';
import { VOLUME_SOURCES } from '../volume-sources.js';

/** Upstream: `latest` or no tag (and no digest) → Always, anything else → IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  // An unparsable reference yields no tag upstream, hence IfNotPresent (validation reports the image).
  if (!image || /\s/.test(image)) return 'IfNotPresent';
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const tag = colon > lastSlash ? ref.slice(colon + 1) : '';
  if (tag === '' && at >= 0) return 'IfNotPresent';
  if (/[A-Z]/.test(colon > lastSlash ? ref.slice(0, colon) : ref)) return 'IfNotPresent';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: unknown): void {
  if (!isObj(h) || !isObj(h.httpGet)) return;
  defStr(h.httpGet, 'path', '/');
  defStr(h.httpGet, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  for (const [k, v] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const)
    if (!p[k]) p[k] = v;
  defaultHandler(p);
  if (isObj(p.grpc)) def(p.grpc, 'service', '');
}

function defaultFieldRefs(items: unknown): void {
  each(items, (it) => {
    if (isObj(it.fieldRef)) defStr(it.fieldRef, 'apiVersion', 'v1');
    if (isObj(it.resourceFieldRef)) def(it.resourceFieldRef, 'divisor', '0');
  });
}

export function defaultContainer(c: Record<string, any>): void {
  defStr(c, 'imagePullPolicy', defaultPullPolicy(typeof c.image === 'string' ? c.image : ''));
  defStr(c, 'terminationMessagePath', '/dev/termination-log');
  defStr(c, 'terminationMessagePolicy', 'File');
  each(c.ports, (p) => defStr(p, 'protocol', 'TCP'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
  each(c.env, (e) => {
    if (isObj(e.valueFrom)) defaultFieldRefs([e.valueFrom]);
  });
}

function defaultVolume(v: Record<string, any>): void {
  if (!VOLUME_SOURCES.some((s) => isObj(v[s]))) v.emptyDir = {};
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected'])
    if (isObj(v[s])) def(v[s], 'defaultMode', 420);
  if (isObj(v.hostPath)) def(v.hostPath, 'type', '');
  if (isObj(v.downwardAPI)) defaultFieldRefs(v.downwardAPI.items);
  if (isObj(v.projected))
    each(v.projected.sources, (src) => {
      if (isObj(src.serviceAccountToken)) def(src.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObj(src.downwardAPI)) defaultFieldRefs(src.downwardAPI.items);
    });
}

/** SetDefaults_PodSpec and the per-container/per-volume defaults beneath it (templates too). */
export function defaultPodSpec(spec: Record<string, any>): void {
  defStr(spec, 'dnsPolicy', 'ClusterFirst');
  defStr(spec, 'restartPolicy', 'Always');
  def(spec, 'securityContext', {});
  def(spec, 'terminationGracePeriodSeconds', 30);
  defStr(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    each(spec[list], defaultContainer);
  each(spec.volumes, defaultVolume);
  if (spec.hostNetwork === true)
    for (const list of ['initContainers', 'containers'])
      each(spec[list], (c) => each(c.ports, (p) => def(p, 'hostPort', p.containerPort)));
}

export function defaultPodTemplate(tpl: unknown): void {
  if (!isObj(tpl)) return;
  defaultPodSpec(child(tpl, 'spec'));
}

/** requests default to limits for each resource with a limit but no request (SetDefaults_Pod). */
function requestsFromLimits(c: Record<string, any>): void {
  if (!isObj(c.resources) || !isObj(c.resources.limits)) return;
  const req = child(c.resources, 'requests');
  for (const [k, v] of Object.entries(c.resources.limits)) if (req[k] === undefined) req[k] = v;
}

const hasAny = (o: unknown) => isObj(o) && Object.keys(o).length > 0;

/** Upstream qos.GetPodQOS over cpu and memory. */
export function podQOSClass(spec: Record<string, any>): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r])))
        guaranteed = false;
    }
    if (hasAny(req) || hasAny(lim)) any = true;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

export function defaultPod(pod: Record<string, any>): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  for (const list of ['initContainers', 'containers']) each(spec[list], requestsFromLimits);
  def(spec, 'enableServiceLinks', true);
  // ServiceAccount admission; v1 output mirrors serviceAccountName into the deprecated field.
  defStr(spec, 'serviceAccountName', 'default');
  defStr(spec, 'serviceAccount', spec.serviceAccountName);
  // Priority admission with no PriorityClass.
  if (!spec.priorityClassName) {
    def(spec, 'priority', 0);
    defStr(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  }
  // DefaultTolerationSeconds admission: evict 300 s after the node goes not-ready/unreachable.
  const tols: any[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const tolerates = (key: string) =>
    tols.some(
      (t) =>
        isObj(t) &&
        (t.key === key || (!t.key && t.operator === 'Exists')) &&
        (!t.effect || t.effect === 'NoExecute'),
    );
  const add: any[] = [];
  for (const key of [NOT_READY, UNREACHABLE])
    if (!tolerates(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...tols, ...add];
  // Registry PrepareForCreate: a new pod starts Pending with its QoS class.
  const status = child(pod, 'status');
  defStr(status, 'phase', 'Pending');
  defStr(status, 'qosClass', podQOSClass(spec));
}
