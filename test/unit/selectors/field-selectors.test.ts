import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { RESOURCES } from '../../../orchestrator/api/resources.js';
import {
  checkFieldSelector,
  fieldSelectorString,
  matchFields,
  parseFieldSelector,
} from '../../../orchestrator/api/selectors.js';
import type { KubeObject, ResourceInfo } from '../../../orchestrator/api/types.js';

function info(group: string, resource: string, version = 'v1'): ResourceInfo {
  const r = RESOURCES.find((x) => x.group === group && x.resource === resource && x.version === version);
  if (!r) throw new Error(`no resource ${group}/${resource}`);
  return r;
}
const PODS = info('', 'pods');
const NODES = info('', 'nodes');
const NAMESPACES = info('', 'namespaces');
const SECRETS = info('', 'secrets');
const SERVICES = info('', 'services');
const EVENTS = info('', 'events');
const EVENTS_V1 = info('events.k8s.io', 'events');
const REPLICASETS = info('apps', 'replicasets');
const DEPLOYMENTS = info('apps', 'deployments');
const CONFIGMAPS = info('', 'configmaps');

function err(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).code).toBe(400);
    return e as StatusError;
  }
  throw new Error('expected a 400');
}

/** Parse, check and match in one go, as a list request does. */
function sel(ri: ResourceInfo, s: string, obj: KubeObject): boolean {
  const reqs = parseFieldSelector(s);
  checkFieldSelector(ri, reqs);
  return matchFields(ri, reqs, obj);
}

describe('parseFieldSelector', () => {
  it('parses =, == and != terms', () => {
    expect(parseFieldSelector('metadata.name=web')).toEqual([
      { field: 'metadata.name', op: '=', value: 'web' },
    ]);
    expect(parseFieldSelector('status.phase==Running,spec.nodeName!=n1')).toEqual([
      { field: 'spec.nodeName', op: '!=', value: 'n1' },
      { field: 'status.phase', op: '==', value: 'Running' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
    expect(parseFieldSelector('spec.nodeName=')).toEqual([{ field: 'spec.nodeName', op: '=', value: '' }]);
    expect(parseFieldSelector('a=b,,c=d')).toHaveLength(2);
  });

  it('does not trim whitespace (upstream keeps it in the field name)', () => {
    expect(parseFieldSelector('a=b, c=d').map((r) => r.field)).toEqual([' c', 'a']);
  });

  it('unescapes \\\\, \\, and \\= in values and splits only on unescaped commas', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d')).toEqual([
      { field: 'metadata.name', op: '=', value: 'a,b=c\\d' },
    ]);
    expect(parseFieldSelector('x=a\\,b,y=c').map((r) => r.value)).toEqual(['a,b', 'c']);
    expect(fieldSelectorString(parseFieldSelector('x=a\\,b\\=c\\\\d,y!=e'))).toBe('x=a\\,b\\=c\\\\d,y!=e');
  });

  it('rejects bad syntax with upstream messages', () => {
    expect(err(() => parseFieldSelector('foo')).message).toBe(
      "invalid selector: 'foo'; can't understand 'foo'",
    );
    expect(err(() => parseFieldSelector('a=b,zzz')).message).toBe(
      "invalid selector: 'a=b,zzz'; can't understand 'zzz'",
    );
    // Go prints the offending rune with %v, i.e. as a number.
    expect(err(() => parseFieldSelector('a=b=c')).message).toBe(
      'invalid field selector: unescaped character in value: 61',
    );
    expect(err(() => parseFieldSelector('a!==b')).message).toBe(
      'invalid field selector: unescaped character in value: 61',
    );
    expect(err(() => parseFieldSelector('a=b\\x')).message).toBe(
      'invalid field selector: invalid escape sequence: \\x',
    );
    expect(err(() => parseFieldSelector('a=b\\')).message).toBe(
      'invalid field selector: invalid escape sequence: \\',
    );
  });
});

describe('checkFieldSelector', () => {
  const check = (ri: ResourceInfo, s: string) => checkFieldSelector(ri, parseFieldSelector(s));

  it('accepts the fields each kind supports', () => {
    expect(() =>
      check(
        PODS,
        'metadata.name=a,metadata.namespace=b,spec.nodeName=c,spec.restartPolicy=Always,spec.schedulerName=s,' +
          'spec.serviceAccountName=x,spec.hostNetwork=false,status.phase=Running,status.podIP=1.2.3.4,' +
          'status.podIPs=1.2.3.4,status.nominatedNodeName=n,spec.host=n',
      ),
    ).not.toThrow();
    expect(() => check(NODES, 'metadata.name=a,spec.unschedulable=true')).not.toThrow();
    expect(() => check(NAMESPACES, 'metadata.name=a,status.phase=Active')).not.toThrow();
    expect(() => check(SECRETS, 'metadata.name=a,metadata.namespace=b,type=Opaque')).not.toThrow();
    expect(() => check(SERVICES, 'metadata.name=a,spec.clusterIP=None,spec.type=ClusterIP')).not.toThrow();
    expect(() => check(REPLICASETS, 'metadata.name=a,status.replicas=0')).not.toThrow();
    expect(() => check(DEPLOYMENTS, 'metadata.name=a,metadata.namespace=b')).not.toThrow();
    expect(() => check(CONFIGMAPS, 'metadata.name=a')).not.toThrow();
    expect(() =>
      check(
        EVENTS,
        'involvedObject.kind=Pod,involvedObject.namespace=d,involvedObject.name=p,involvedObject.uid=u,' +
          'involvedObject.apiVersion=v1,involvedObject.resourceVersion=1,involvedObject.fieldPath=x,' +
          'reason=Started,reportingComponent=kubelet,source=kubelet,type=Normal,metadata.name=e,metadata.namespace=d',
      ),
    ).not.toThrow();
    expect(() =>
      check(EVENTS_V1, 'regarding.name=p,regarding.kind=Pod,reportingController=kubelet,type=Normal'),
    ).not.toThrow();
  });

  it('rejects unsupported fields with "field label not supported"', () => {
    expect(err(() => check(PODS, 'status.hostIP=1.2.3.4')).message).toBe(
      'field label not supported: status.hostIP',
    );
    expect(err(() => check(NODES, 'metadata.namespace=x')).message).toBe(
      'field label not supported: metadata.namespace',
    );
    expect(err(() => check(NAMESPACES, 'metadata.namespace=x')).message).toBe(
      'field label not supported: metadata.namespace',
    );
    expect(err(() => check(DEPLOYMENTS, 'spec.replicas=1')).message).toBe(
      'field label not supported: spec.replicas',
    );
    expect(err(() => check(EVENTS, 'regarding.name=x')).message).toBe(
      'field label not supported: regarding.name',
    );
    expect(err(() => check(EVENTS_V1, 'involvedObject.name=x')).message).toBe(
      'field label not supported: involvedObject.name',
    );
    expect(err(() => check(SECRETS, '=x')).message).toBe('field label not supported: ');
    expect(err(() => check(SERVICES, 'a=b, spec.type=x')).message).toBe(
      'field label not supported:  spec.type',
    );
  });

  it('works with every resource in the table', () => {
    for (const r of RESOURCES)
      expect(() => checkFieldSelector(r, parseFieldSelector('metadata.name=x'))).not.toThrow();
  });
});

describe('matchFields', () => {
  const pod: KubeObject = {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'sa',
    },
    status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], nominatedNodeName: '' },
  };

  it('matches pods on the upstream selectable fields', () => {
    expect(sel(PODS, 'metadata.name=web-1', pod)).toBe(true);
    expect(sel(PODS, 'metadata.name=web-2', pod)).toBe(false);
    expect(sel(PODS, 'metadata.namespace=default,spec.nodeName=node-1', pod)).toBe(true);
    expect(sel(PODS, 'spec.nodeName!=node-1', pod)).toBe(false);
    expect(sel(PODS, 'spec.nodeName!=node-2', pod)).toBe(true);
    expect(sel(PODS, 'spec.host=node-1', pod)).toBe(true); // legacy alias
    expect(sel(PODS, 'status.phase=Running,spec.restartPolicy=Always', pod)).toBe(true);
    expect(sel(PODS, 'spec.schedulerName=default-scheduler,spec.serviceAccountName=sa', pod)).toBe(true);
    expect(sel(PODS, 'status.podIP=10.0.0.5', pod)).toBe(true);
    expect(sel(PODS, 'spec.hostNetwork=false', pod)).toBe(true);
    expect(sel(PODS, 'spec.hostNetwork=true', { ...pod, spec: { ...pod.spec, hostNetwork: true } })).toBe(
      true,
    );
    expect(sel(PODS, 'status.nominatedNodeName=', pod)).toBe(true);
    // Upstream accepts status.podIPs but never fills it, so only the empty value matches.
    expect(sel(PODS, 'status.podIPs=10.0.0.5', pod)).toBe(false);
    expect(sel(PODS, 'status.podIPs=', pod)).toBe(true);
  });

  it('selects unscheduled pods with spec.nodeName= (what a scheduler asks for)', () => {
    const pending = { metadata: { name: 'p', namespace: 'default' }, spec: {}, status: { phase: 'Pending' } };
    expect(sel(PODS, 'spec.nodeName=', pending)).toBe(true);
    expect(sel(PODS, 'spec.nodeName=', pod)).toBe(false);
    expect(sel(PODS, 'spec.nodeName!=', pod)).toBe(true);
    expect(sel(PODS, 'status.podIP=', pending)).toBe(true);
  });

  it('matches what kubectl describe asks of core events', () => {
    const ev: KubeObject = {
      metadata: { name: 'web-1.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u-1', apiVersion: 'v1' },
      reason: 'Scheduled',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      reportingComponent: 'default-scheduler',
    };
    const q =
      'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u-1,involvedObject.kind=Pod';
    expect(sel(EVENTS, q, ev)).toBe(true);
    expect(sel(EVENTS, q.replace('u-1', 'u-2'), ev)).toBe(false);
    expect(
      sel(
        EVENTS,
        'involvedObject.apiVersion=v1,involvedObject.fieldPath=,involvedObject.resourceVersion=',
        ev,
      ),
    ).toBe(true);
    expect(
      sel(
        EVENTS,
        'reason=Scheduled,type=Normal,source=default-scheduler,reportingComponent=default-scheduler',
        ev,
      ),
    ).toBe(true);
    expect(sel(EVENTS, 'type=Warning', ev)).toBe(false);
    // source falls back to the reporting controller when source.component is empty.
    expect(sel(EVENTS, 'source=kubelet', { ...ev, source: {}, reportingComponent: 'kubelet' })).toBe(true);
    // events.k8s.io names map onto the same stored fields.
    expect(
      sel(EVENTS_V1, 'regarding.name=web-1,regarding.uid=u-1,reportingController=default-scheduler', ev),
    ).toBe(true);
    expect(sel(EVENTS_V1, 'regarding.kind=Node', ev)).toBe(false);
  });

  it('matches the other kinds', () => {
    const node = { metadata: { name: 'n1' }, spec: {} };
    expect(sel(NODES, 'spec.unschedulable=false', node)).toBe(true);
    expect(sel(NODES, 'spec.unschedulable=true', { ...node, spec: { unschedulable: true } })).toBe(true);
    expect(sel(NODES, 'metadata.name=n1', node)).toBe(true);
    expect(
      sel(NAMESPACES, 'status.phase=Active', { metadata: { name: 'd' }, status: { phase: 'Active' } }),
    ).toBe(true);
    expect(
      sel(NAMESPACES, 'status.phase=Terminating', { metadata: { name: 'd' }, status: { phase: 'Active' } }),
    ).toBe(false);
    const secret = { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/service-account-token' };
    expect(sel(SECRETS, 'type=kubernetes.io/service-account-token', secret)).toBe(true);
    expect(sel(SECRETS, 'type!=Opaque', secret)).toBe(true);
    const svc = {
      metadata: { name: 'kubernetes', namespace: 'default' },
      spec: { clusterIP: '10.96.0.1', type: 'ClusterIP' },
    };
    expect(sel(SERVICES, 'spec.clusterIP=10.96.0.1,spec.type=ClusterIP', svc)).toBe(true);
    expect(sel(SERVICES, 'spec.type=NodePort', svc)).toBe(false);
    const rs = { metadata: { name: 'web-abc', namespace: 'default' }, status: { replicas: 3 } };
    expect(sel(REPLICASETS, 'status.replicas=3', rs)).toBe(true);
    expect(sel(REPLICASETS, 'status.replicas=0', { ...rs, status: {} })).toBe(true);
    expect(sel(REPLICASETS, 'status.replicas!=0', rs)).toBe(true);
    expect(
      sel(CONFIGMAPS, 'metadata.namespace=kube-system', { metadata: { name: 'c', namespace: 'default' } }),
    ).toBe(false);
  });

  it('matches everything with no requirements', () => {
    expect(matchFields(PODS, [], pod)).toBe(true);
  });
});
