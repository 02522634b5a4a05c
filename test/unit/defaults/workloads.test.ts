import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../orchestrator/api/defaults/index.js';
import { RESOURCES } from '../../../orchestrator/api/resources.js';

const find = (group: string, version: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource)!;

describe('deployment and replicaset defaults', () => {
  it('deployment', () => {
    const d: any = {
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:1' }] } } },
    };
    applyDefaults(find('apps', 'v1', 'deployments'), d);
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    const tpl = d.spec.template.spec;
    expect(tpl).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
    expect(tpl.containers[0].imagePullPolicy).toBe('IfNotPresent');
    // Pod-only admission values stay off templates.
    expect(tpl.serviceAccountName).toBeUndefined();
    expect(tpl.enableServiceLinks).toBeUndefined();
  });

  it('Recreate gets no rollingUpdate; explicit replicas 0 kept', () => {
    const d: any = {
      metadata: { name: 'd' },
      spec: { replicas: 0, strategy: { type: 'Recreate' }, template: { spec: { containers: [] } } },
    };
    applyDefaults(find('apps', 'v1', 'deployments'), d);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.replicas).toBe(0);
  });

  it('replicaset', () => {
    const rs: any = {
      metadata: { name: 'r' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } },
    };
    applyDefaults(find('apps', 'v1', 'replicasets'), rs);
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template.spec.restartPolicy).toBe('Always');
  });
});

describe('service defaults', () => {
  const services = find('', 'v1', 'services');
  it('ClusterIP', () => {
    const s: any = {
      metadata: { name: 's' },
      spec: {
        selector: { app: 'a' },
        ports: [{ port: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }],
      },
    };
    applyDefaults(services, s);
    expect(s.spec).toEqual({
      selector: { app: 'a' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });
  it('NodePort and LoadBalancer get externalTrafficPolicy', () => {
    const s: any = { metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    applyDefaults(services, s);
    expect(s.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
  });
  it('ExternalName gets no traffic policies or IP families', () => {
    const s: any = { metadata: { name: 's' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
    applyDefaults(services, s);
    expect(s.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });
});

describe('small kinds', () => {
  it('namespace', () => {
    const ns: any = { metadata: { name: 'team' } };
    applyDefaults(find('', 'v1', 'namespaces'), ns);
    expect(ns).toEqual({
      metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });
  it('secret type and stringData merge', () => {
    const s: any = { metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { b: 'hello' } };
    applyDefaults(find('', 'v1', 'secrets'), s);
    expect(s).toEqual({ metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'aGVsbG8=' } });
  });
  it('endpoints and endpointslice ports', () => {
    const ep: any = { metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] };
    applyDefaults(find('', 'v1', 'endpoints'), ep);
    expect(ep.subsets[0].ports[0].protocol).toBe('TCP');
    const es: any = { metadata: { name: 'e' }, addressType: 'IPv4', ports: [{ port: 80 }] };
    applyDefaults(find('discovery.k8s.io', 'v1', 'endpointslices'), es);
    expect(es.ports[0]).toEqual({ port: 80, name: '', protocol: 'TCP' });
  });
  it('node allocatable defaults to capacity', () => {
    const n: any = { metadata: { name: 'n' }, status: { capacity: { cpu: '4', pods: '110' } } };
    applyDefaults(find('', 'v1', 'nodes'), n);
    expect(n.status.allocatable).toEqual({ cpu: '4', pods: '110' });
  });
});
