import { describe, expect, it } from 'vitest';
import { create, deployment, fields, info, invalidStatus, lines, update } from './helpers.js';

const deploys = info('apps', 'v1', 'deployments');
const rs = info('apps', 'v1', 'replicasets');

describe('deployment validation', () => {
  it('accepts a defaulted deployment', () => {
    expect(create(deploys, deployment())).toEqual([]);
  });

  it('selector must match template labels, rendered like Go', () => {
    const errs = create(deploys, deployment({}, { app: 'x', tier: 'fe' }));
    expect(lines(errs)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x", "tier":"fe"}: `selector` does not match template `labels`',
    ]);
    expect(invalidStatus(deploys, 'web', errs).message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x", "tier":"fe"}: `selector` does not match template `labels`',
    );
  });

  it('selector is required and may not be empty', () => {
    const d = deployment();
    delete d.spec.selector;
    expect(fields(create(deploys, d))).toEqual(['FieldValueRequired spec.selector']);
    expect(lines(create(deploys, deployment({ selector: {} })))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('matchExpressions are honoured when matching', () => {
    const sel = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] };
    expect(create(deploys, deployment({ selector: sel }))).toEqual([]);
    expect(fields(create(deploys, deployment({ selector: sel }, { app: 'db' })))).toEqual([
      'FieldValueInvalid spec.template.metadata.labels',
    ]);
  });

  it('replicas, revisionHistoryLimit, progressDeadlineSeconds', () => {
    const errs = create(
      deploys,
      deployment({
        replicas: -1,
        revisionHistoryLimit: -2,
        minReadySeconds: 10,
        progressDeadlineSeconds: 10,
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds',
    ]);
  });

  it('strategy rules', () => {
    expect(
      lines(
        create(
          deploys,
          deployment({
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
          }),
        ),
      ),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    expect(
      lines(create(deploys, deployment({ strategy: { rollingUpdate: { maxUnavailable: '120%' } } }))),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    ]);
    expect(fields(create(deploys, deployment({ strategy: { rollingUpdate: { maxSurge: 'abc' } } })))).toEqual(
      ['FieldValueInvalid spec.strategy.rollingUpdate.maxSurge'],
    );
    expect(
      lines(create(deploys, deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))),
    ).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(fields(create(deploys, deployment({ strategy: { type: 'BlueGreen' } })))).toEqual([
      'FieldValueNotSupported spec.strategy',
    ]);
  });

  it('template restartPolicy must be Always and the pod spec is validated at spec.template.spec', () => {
    const d = deployment();
    d.spec.template.spec.restartPolicy = 'Never';
    d.spec.template.spec.containers.push({ name: 'app', image: 'x' });
    expect(lines(create(deploys, d))).toEqual([
      'spec.template.spec.containers[1].name: Duplicate value: "app"',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('selector is immutable in apps/v1', () => {
    const next = deployment({ selector: { matchLabels: { app: 'web2' } } }, { app: 'web2' });
    expect(lines(update(deploys, next, deployment()))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(update(deploys, deployment({ replicas: 5 }), deployment())).toEqual([]);
  });
});

describe('replicaset validation', () => {
  const replicaset = (spec: Record<string, any> = {}) => ({ ...deployment(spec), kind: 'ReplicaSet' });
  it('validates selector/template like deployments', () => {
    expect(create(rs, replicaset())).toEqual([]);
    expect(
      fields(create(rs, replicaset({ replicas: -1, selector: { matchLabels: { app: 'other' } } }))),
    ).toEqual(['FieldValueInvalid spec.replicas', 'FieldValueInvalid spec.template.metadata.labels']);
  });
});
