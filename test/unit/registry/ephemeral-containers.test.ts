// pods/ephemeralcontainers through the registry: only spec.ephemeralContainers changes, new ones
// may be added, existing ones never change or go, and upstream's per-field rules apply.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { StatusError } from '../../../orchestrator/api/errors.js';

const PODS = findResource('', 'v1', 'pods')!;
const SUB = 'ephemeralcontainers';
const SMP = 'application/strategic-merge-patch+json';

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const debugger1 = { name: 'debugger', image: 'busybox', targetContainerName: 'app', stdin: true, tty: true };

describe('pods/ephemeralcontainers', () => {
  let reg: Registry;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'app', image: 'busybox' }],
        initContainers: [{ name: 'init', image: 'busybox' }],
      },
    });
  });

  const patch = (ecs: unknown[], type: string = SMP) =>
    reg.patch(
      PODS,
      'default',
      'p',
      type as any,
      JSON.stringify({ spec: { ephemeralContainers: ecs } }),
      {},
      SUB,
    ).obj;

  it('adds an ephemeral container with a strategic merge patch (what kubectl debug sends), defaulted', () => {
    const out = patch([{ ...debugger1, resources: {} }]);
    expect(out.spec.ephemeralContainers).toHaveLength(1);
    expect(out.spec.ephemeralContainers[0]).toMatchObject({
      name: 'debugger',
      targetContainerName: 'app',
      imagePullPolicy: 'Always',
      terminationMessagePolicy: 'File',
    });
    // A second one merges by name.
    const two = patch([{ name: 'second', image: 'busybox' }]);
    expect(two.spec.ephemeralContainers.map((c: any) => c.name)).toEqual(['debugger', 'second']);
  });

  it('changes nothing but spec.ephemeralContainers', () => {
    const out = reg.patch(
      PODS,
      'default',
      'p',
      SMP,
      JSON.stringify({
        metadata: { labels: { sneaky: 'yes' } },
        spec: { activeDeadlineSeconds: 5, ephemeralContainers: [debugger1] },
        status: { phase: 'Failed' },
      }),
      {},
      SUB,
    ).obj;
    expect(out.metadata.labels?.sneaky).toBeUndefined();
    expect(out.spec.activeDeadlineSeconds).toBeUndefined();
    expect(out.status?.phase).not.toBe('Failed');
    expect(out.spec.ephemeralContainers).toHaveLength(1);
  });

  it('refuses removing or changing an existing one with upstream messages (PUT and JSON patch)', () => {
    patch([debugger1]);
    const current = reg.get(PODS, 'default', 'p');
    const removed = statusOf(() =>
      reg.update(
        PODS,
        'default',
        'p',
        { ...current, spec: { ...current.spec, ephemeralContainers: [] } },
        {},
        SUB,
      ),
    );
    expect(removed.code).toBe(422);
    expect(removed.message).toBe(
      'Pod "p" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n',
    );
    const changed = statusOf(() =>
      reg.patch(
        PODS,
        'default',
        'p',
        'application/json-patch+json',
        JSON.stringify([{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'other' }]),
        {},
        SUB,
      ),
    );
    expect(changed.message).toContain(
      'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be changed',
    );
  });

  it('applies the ephemeral container field rules', () => {
    const e = statusOf(() =>
      patch([
        {
          name: 'app',
          image: 'busybox',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: '1' } },
          readinessProbe: { exec: { command: ['true'] } },
          lifecycle: { preStop: { exec: { command: ['true'] } } },
          targetContainerName: 'nope',
        },
      ]),
    );
    expect(e.code).toBe(422);
    const causes = (e.details as any).causes.map((c: any) => `${c.field}: ${c.message}`);
    expect(causes).toEqual([
      'spec.ephemeralContainers[0].name: Duplicate value: "app"',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container',
    ]);
    // Names are unique across init containers too.
    expect(statusOf(() => patch([{ name: 'init', image: 'busybox' }])).message).toContain(
      'spec.ephemeralContainers[0].name: Duplicate value: "init"',
    );
  });

  it('refuses ephemeral containers on create', () => {
    const e = statusOf(() =>
      reg.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'q' },
        spec: { containers: [{ name: 'app', image: 'busybox' }], ephemeralContainers: [debugger1] },
      }),
    );
    expect(e.message).toBe(
      'Pod "q" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create',
    );
  });

  it('keeps the main resource from changing ephemeral containers', () => {
    const current = reg.get(PODS, 'default', 'p');
    const e = statusOf(() =>
      reg.update(PODS, 'default', 'p', {
        ...current,
        spec: { ...current.spec, ephemeralContainers: [debugger1] },
      }),
    );
    expect(e.code).toBe(422);
    expect(e.message).toContain('pod updates may not change fields');
  });
});
