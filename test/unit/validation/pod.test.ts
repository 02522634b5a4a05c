import { describe, expect, it } from 'vitest';
import { create, fields, info, lines, pod, update } from './helpers.js';

const pods = info('', 'v1', 'pods');

describe('pod validation', () => {
  it('accepts a minimal defaulted pod', () => {
    expect(create(pods, pod())).toEqual([]);
  });

  it('requires at least one container', () => {
    expect(lines(create(pods, pod({ containers: [] })))).toEqual(['spec.containers: Required value']);
  });

  it('container names: required, DNS label, unique across containers and initContainers', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          { name: 'app', image: 'a' },
          { name: 'app', image: 'b' },
          { name: 'Bad', image: 'c' },
          { image: 'd' },
        ],
        initContainers: [{ name: 'app', image: 'e' }],
      }),
    );
    expect(fields(errs)).toEqual([
      'FieldValueDuplicate spec.containers[1].name',
      'FieldValueInvalid spec.containers[2].name',
      'FieldValueRequired spec.containers[3].name',
      'FieldValueDuplicate spec.initContainers[0].name',
    ]);
    expect(lines(errs)[0]).toBe('spec.containers[1].name: Duplicate value: "app"');
  });

  it('requires an image', () => {
    expect(lines(create(pods, pod({ containers: [{ name: 'app' }] })))).toEqual([
      'spec.containers[0].image: Required value',
    ]);
  });

  it('checks container ports: range, protocol enum, unique names', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [
              { name: 'http', containerPort: 70000 },
              { name: 'http', containerPort: 80, protocol: 'tcp' },
              { containerPort: 0 },
            ],
          },
        ],
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].containerPort: Required value',
    ]);
  });

  it('restartPolicy, dnsPolicy and imagePullPolicy are enums', () => {
    const errs = create(
      pods,
      pod({
        restartPolicy: 'Sometimes',
        dnsPolicy: 'Weird',
        containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Maybe' }],
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Weird": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('resources: quantities must parse and requests ≤ limits', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '500m', memory: 'lots' } },
          },
        ],
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.containers[0].resources.limits[memory]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 500m',
    ]);
    expect(
      create(
        pods,
        pod({
          containers: [
            { name: 'a', image: 'x', resources: { requests: { cpu: '100m' }, limits: { cpu: '0.1' } } },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('volumes: unique names, one source; mounts must reference a volume', () => {
    const errs = create(
      pods,
      pod({
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'data', configMap: { name: 'cfg' }, secret: { secretName: 's' } },
        ],
        containers: [
          {
            name: 'a',
            image: 'x',
            volumeMounts: [
              { name: 'nope', mountPath: '/x' },
              { name: 'data', mountPath: '/x' },
            ],
          },
        ],
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.volumes[1].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.containers[0].volumeMounts[0].name: Not found: "nope"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique',
    ]);
  });

  it('env names and valueFrom', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            env: [
              { name: '1BAD', value: 'v' },
              { name: 'OK', valueFrom: {} },
            ],
          },
        ],
      }),
    );
    expect(fields(errs)).toEqual([
      'FieldValueInvalid spec.containers[0].env[0].name',
      'FieldValueInvalid spec.containers[0].env[1].valueFrom',
    ]);
    expect(lines(errs)[0]).toContain(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
    );
  });

  it('probes need exactly one handler, liveness successThreshold must be 1', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            livenessProbe: { httpGet: { port: 80 }, tcpSocket: { port: 80 }, successThreshold: 2 },
            readinessProbe: { periodSeconds: 5 },
          },
        ],
      }),
    );
    expect(lines(errs)).toEqual([
      'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
  });

  it('tolerations: operator rules', () => {
    const errs = create(
      pods,
      pod({
        tolerations: [
          { key: 'k', operator: 'Exists', value: 'v' },
          { operator: 'Equal', value: 'x' },
        ],
      }),
    );
    expect(lines(errs)).toContain(
      'spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
    );
    expect(fields(errs)).toContain('FieldValueInvalid spec.tolerations[1].operator');
  });
});

describe('pod update', () => {
  const old = pod({ containers: [{ name: 'app', image: 'nginx:1.25' }] });

  it('allows changing the image and adding tolerations', () => {
    const next = structuredClone(old);
    next.spec.containers[0].image = 'nginx:1.26';
    next.spec.tolerations = [{ key: 'x', operator: 'Exists' }];
    expect(update(pods, next, old)).toEqual([]);
  });

  it('forbids other spec changes with the upstream message', () => {
    const next = structuredClone(old);
    next.spec.containers[0].env = [{ name: 'A', value: '1' }];
    const errs = update(pods, next, old);
    expect(fields(errs)).toEqual(['FieldValueForbidden spec']);
    expect(lines(errs)[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
  });

  it('forbids adding containers and emptying an image', () => {
    const next = structuredClone(old);
    next.spec.containers.push({ name: 'b', image: 'x' });
    expect(lines(update(pods, next, old))).toContain(
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    );
    const noImage = structuredClone(old);
    noImage.spec.containers[0].image = '';
    expect(fields(update(pods, noImage, old))).toContain('FieldValueRequired spec.containers[0].image');
  });

  it('activeDeadlineSeconds may only shrink', () => {
    const withDeadline = pod({ activeDeadlineSeconds: 100 });
    const next = pod({ activeDeadlineSeconds: 200 });
    expect(lines(update(pods, next, withDeadline))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
    ]);
    expect(update(pods, pod({ activeDeadlineSeconds: 50 }), withDeadline)).toEqual([]);
  });
});
