import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../orchestrator/api/patch/index.js';
import { listFactsAt } from '../../../orchestrator/api/patch/merge-keys.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { deployment, deployments, pods, services } from './fixtures.js';

const SMP = 'application/strategic-merge-patch+json' as const;
const smp = (patch: unknown, obj = deployment()) => applyPatch(deployments, obj, SMP, JSON.stringify(patch));

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('strategic merge patch: what kubectl sends', () => {
  it('kubectl set image merges the container by name and keeps the other fields and containers', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:2', name: 'web' }],
          },
        },
      },
    });
    const cs = out.spec.template.spec.containers;
    expect(cs.map((c: any) => c.name)).toEqual(['web', 'sidecar']);
    expect(cs[0]).toMatchObject({ name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' });
    expect(cs[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(cs[1]).toEqual({ name: 'sidecar', image: 'busybox' });
  });

  it('does not mutate the current object', () => {
    const cur = deployment();
    const snapshot = JSON.stringify(cur);
    smp({ spec: { replicas: 5, template: { spec: { containers: [{ name: 'web', image: 'x' }] } } } }, cur);
    expect(JSON.stringify(cur)).toBe(snapshot);
  });

  it('$setElementOrder reorders containers', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
            containers: [{ name: 'web', image: 'nginx:3' }],
          },
        },
      },
    });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'web']);
    expect(out.spec.template.spec.containers[1].image).toBe('nginx:3');
  });

  it('rollout pause sets and resume deletes spec.paused (null deletes)', () => {
    const paused = smp({ spec: { paused: true } });
    expect(paused.spec.paused).toBe(true);
    const resumed = smp({ spec: { paused: null } }, paused);
    expect('paused' in resumed.spec).toBe(false);
    expect(resumed.spec.replicas).toBe(1);
  });

  it('rollout restart adds the template annotation next to existing labels', () => {
    const out = smp({
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        },
      },
    });
    expect(out.spec.template.metadata).toEqual({
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' },
    });
  });

  it('$retainKeys on strategy clears rollingUpdate when switching to Recreate', () => {
    const out = smp({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    const withNull = smp({
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
    });
    expect(withNull.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('$retainKeys rejects patch content outside the list with 400', () => {
    const e = statusOf(() =>
      smp({
        spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      }),
    );
    expect(e.code).toBe(400);
    expect(e.message).toBe('invalid patch format of retainKeys');
  });

  it('$patch: delete removes a container by name', () => {
    const out = smp({
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
  });

  it('client-side apply removing a container: $patch delete together with $setElementOrder', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [{ $patch: 'delete', name: 'sidecar' }],
          },
        },
      },
    });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
  });

  it('$retainKeys inside a merged volume swaps its source', () => {
    const obj = deployment();
    obj.spec.template.spec.volumes = [
      { name: 'v', configMap: { name: 'cm' } },
      { name: 'w', emptyDir: {} },
    ];
    const out = smp(
      {
        spec: {
          template: {
            spec: { volumes: [{ $retainKeys: ['name', 'secret'], name: 'v', secret: { secretName: 's' } }] },
          },
        },
      },
      obj,
    );
    expect(out.spec.template.spec.volumes).toEqual([
      { name: 'v', secret: { secretName: 's' } },
      { name: 'w', emptyDir: {} },
    ]);
  });

  it('$patch: replace on a list replaces it wholesale', () => {
    const out = smp({
      spec: { template: { spec: { containers: [{ name: 'only', image: 'i' }, { $patch: 'replace' }] } } },
    });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'i' }]);
  });

  it('$patch: replace on a map replaces the map', () => {
    const out = smp({ spec: { selector: { $patch: 'replace', matchLabels: { x: 'y' } } } });
    expect(out.spec.selector).toEqual({ matchLabels: { x: 'y' } });
  });

  it('merges env by name and ports by containerPort', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'B', value: 'two' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 443 }],
              },
            ],
          },
        },
      },
    });
    const web = out.spec.template.spec.containers[0];
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(web.ports.map((p: any) => p.containerPort)).toEqual([80, 443]);
  });

  it('lists without a patch strategy (args, tolerations) are replaced', () => {
    const obj = deployment();
    obj.spec.template.spec.tolerations = [{ key: 'a', operator: 'Exists' }];
    const out = smp(
      { spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } } },
      obj,
    );
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('finalizers merge as a set and $deleteFromPrimitiveList removes values', () => {
    const obj = deployment();
    obj.metadata.finalizers = ['a', 'b'];
    const added = smp({ metadata: { finalizers: ['b', 'c'] } }, obj);
    expect(added.metadata.finalizers).toEqual(['a', 'b', 'c']);
    const removed = smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, added);
    expect(removed.metadata.finalizers).toEqual(['b', 'c']);
  });

  it('ownerReferences merge by uid', () => {
    const obj = deployment();
    obj.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'a', uid: '1' }];
    const out = smp(
      { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'b', uid: '2' }] } },
      obj,
    );
    expect(out.metadata.ownerReferences!.map((o: any) => o.uid)).toEqual(['1', '2']);
  });

  it('Service ports merge by port', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'web' } },
    };
    const out = applyPatch(
      services,
      svc,
      SMP,
      JSON.stringify({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }),
    );
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443 }]);
  });

  it('pod status conditions merge by type', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    };
    const out = applyPatch(
      pods,
      pod,
      SMP,
      JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }),
    );
    expect(out.status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('a list element without its merge key is an error', () => {
    const e = statusOf(() => smp({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }));
    expect(e.code).toBe(500);
    expect(e.message).toContain('does not contain declared merge key: name');
  });

  it('malformed bodies are 400 BadRequest', () => {
    const e = statusOf(() => applyPatch(deployments, deployment(), SMP, '{nope'));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    const arr = statusOf(() => applyPatch(deployments, deployment(), SMP, '[1]'));
    expect(arr.message).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('kind/apiVersion in the body are ignored (typed conversion drops them), changing name is 400', () => {
    // Upstream converts the merged map into the endpoint's type; only JSON and merge patches are
    // decoded by the kind they name (and refused with 422 when it differs).
    const out = smp({ kind: 'Pod', apiVersion: 'v1', spec: { replicas: 4 } });
    expect(out).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1', spec: { replicas: 4 } });
    const merge = () =>
      applyPatch(deployments, deployment(), 'application/merge-patch+json', JSON.stringify({ kind: 'Pod' }));
    expect(statusOf(merge).code).toBe(422);
    const e = statusOf(() => smp({ metadata: { name: 'other' } }));
    expect(e.code).toBe(400);
    expect(e.message).toBe('the name of the object (other) does not match the name on the URL (web)');
  });
});

describe('merge key facts', () => {
  it('resolves structural paths per kind', () => {
    expect(listFactsAt('Deployment', ['spec', 'template', 'spec', 'containers'])).toMatchObject({
      smp: 'merge',
      smpKey: 'name',
    });
    expect(listFactsAt('Pod', ['spec', 'containers', 'ports'])).toMatchObject({
      smpKey: 'containerPort',
      keys: ['containerPort', 'protocol'],
    });
    expect(listFactsAt('Pod', ['spec', 'volumes'])).toMatchObject({ smpKey: 'name' });
    expect(listFactsAt('Service', ['spec', 'ports'])).toMatchObject({ smpKey: 'port' });
    expect(listFactsAt('Pod', ['spec', 'tolerations'])?.smp).toBeUndefined();
    expect(listFactsAt('ConfigMap', ['metadata', 'finalizers'])).toMatchObject({ smp: 'merge', ssa: 'set' });
    expect(listFactsAt('Unknown', ['spec', 'things'])).toBeUndefined();
  });
});
