import { describe, expect, it } from 'vitest';
import { create, fields, info, lines, update } from './helpers.js';

const leases = info('coordination.k8s.io', 'v1', 'leases');
const slices = info('discovery.k8s.io', 'v1', 'endpointslices');
const hpa2 = info('autoscaling', 'v2', 'horizontalpodautoscalers');
const hpa1 = info('autoscaling', 'v1', 'horizontalpodautoscalers');
const m = { name: 'x', namespace: 'default' };

describe('leases', () => {
  it('leaseDurationSeconds must be positive', () => {
    expect(lines(create(leases, { metadata: m, spec: { leaseDurationSeconds: 0 } }))).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
    expect(create(leases, { metadata: m, spec: { holderIdentity: 'n1', leaseDurationSeconds: 40 } })).toEqual(
      [],
    );
  });
});

describe('endpointslices', () => {
  const slice = {
    metadata: m,
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'] }],
    ports: [{ port: 80 }],
  };
  it('addressType is an enum and addresses must fit it', () => {
    expect(create(slices, slice)).toEqual([]);
    expect(lines(create(slices, { ...slice, addressType: 'IPv5' }))).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(
      lines(create(slices, { ...slice, endpoints: [{ addresses: [] }, { addresses: ['::1'] }] })),
    ).toEqual([
      'endpoints[0].addresses: Required value: must contain at least 1 address',
      'endpoints[1].addresses[0]: Invalid value: "::1": must be a valid IPv4 address',
    ]);
  });
  it('addressType is immutable', () => {
    expect(
      fields(update(slices, { ...slice, addressType: 'IPv6', endpoints: [{ addresses: ['::1'] }] }, slice)),
    ).toEqual(['FieldValueInvalid addressType']);
  });
});

describe('horizontalpodautoscalers', () => {
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
  it('scaleTargetRef kind/name, minReplicas ≥ 1, maxReplicas ≥ minReplicas', () => {
    expect(create(hpa2, { metadata: m, spec: { scaleTargetRef: ref, maxReplicas: 3 } })).toEqual([]);
    expect(
      lines(
        create(hpa2, {
          metadata: m,
          spec: { scaleTargetRef: { name: 'a/b' }, minReplicas: 0, maxReplicas: 0 },
        }),
      ),
    ).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.scaleTargetRef.kind: Required value',
      `spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/'`,
    ]);
  });

  it('metric targets', () => {
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
    ];
    expect(
      lines(create(hpa2, { metadata: m, spec: { scaleTargetRef: ref, maxReplicas: 3, metrics } })),
    ).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
  });

  it('v1 objects are validated in the v2 shape', () => {
    expect(
      create(hpa1, {
        metadata: m,
        spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
      }),
    ).toEqual([]);
    expect(
      lines(create(hpa1, { metadata: m, spec: { scaleTargetRef: ref, minReplicas: 4, maxReplicas: 3 } })),
    ).toEqual(['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`']);
  });

  it('behavior policies', () => {
    const behavior = { scaleUp: { policies: [{ type: 'Pods', value: 0, periodSeconds: 2000 }] } };
    expect(
      lines(create(hpa2, { metadata: m, spec: { scaleTargetRef: ref, maxReplicas: 3, behavior } })),
    ).toEqual([
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]);
  });
});
