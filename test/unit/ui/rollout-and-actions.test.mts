import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import RolloutHistory from '../../../renderer/src/components/RolloutHistory.vue';
import DeploymentActions from '../../../renderer/src/components/DeploymentActions.vue';
import NodeActions from '../../../renderer/src/components/NodeActions.vue';
import SecretData from '../../../renderer/src/components/SecretData.vue';
import { diffLines } from '../../../renderer/src/model/diff.js';
import { serviceUrls } from '../../../renderer/src/model/service-urls.js';
import { withRow } from './fake-bridge.mjs';
import { cellText } from '../../../renderer/src/model/table-rows.js';
import { fakeBridge, node, type FakeBridge } from './fake-bridge.mjs';

const tpl = (image: string) =>
  `metadata:\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: ${image}\n`;
const deployment = (extra: Record<string, any> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'dev', uid: 'd1', resourceVersion: '5', annotations: {} },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'web', image: 'img:v2', ports: [{ containerPort: 80 }] }] } },
    ...extra,
  },
});

describe('rollout history, deployment and node actions, secrets', () => {
  let b: FakeBridge;
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    setActivePinia(createPinia());
  });

  it('diffLines marks removed and added lines around common ones', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
    expect(diffLines('same\n', 'same\n').every((l) => l.op === ' ')).toBe(true);
  });

  it('RolloutHistory lists revisions with change-causes, diffs templates and undoes to a revision', async () => {
    b.reply = (name) =>
      name === 'rolloutHistory'
        ? {
            kubectl: 'kubectl rollout history deployment/web -n dev',
            message: '',
            revisions: [
              {
                revision: 2,
                changeCause: 'set image v2',
                replicaSet: 'web-b',
                images: ['img:v2'],
                replicas: 2,
                current: true,
                template: tpl('img:v2'),
              },
              {
                revision: 1,
                changeCause: '',
                replicaSet: 'web-a',
                images: ['img:v1'],
                replicas: 0,
                current: false,
                template: tpl('img:v1'),
              },
            ],
          }
        : { kubectl: '', message: 'deployment.apps/web rolled back' };
    const w = mount(RolloutHistory, { props: { deployment: deployment() } });
    await flushPromises();
    expect(b.calls[0]).toEqual({ name: 'rolloutHistory', params: { namespace: 'dev', name: 'web' } });
    const rows = w.findAll('tbody tr');
    expect(rows.map((r) => r.attributes('data-revision'))).toEqual(['2', '1']);
    expect(rows[0].text()).toContain('set image v2');
    expect(rows[0].text()).toContain('current');
    expect(rows[1].text()).toContain('<none>');
    // Default comparison: previous (1) → current (2).
    const diff = w.find('[data-testid=revision-diff]');
    expect(diff.find('.del').text()).toBe('-       image: img:v1');
    expect(diff.find('.add').text()).toBe('+       image: img:v2');
    // The current revision cannot be the undo target; revision 1 can, showing its command first.
    expect(rows[0].find('[data-testid=undo-to]').attributes('disabled')).toBeDefined();
    await rows[1].find('[data-testid=undo-to]').trigger('click');
    expect(w.find('[data-testid=undo-form] [data-testid=kubectl-hint]').text()).toContain(
      'kubectl rollout undo deployment/web --to-revision=1 -n dev',
    );
    await w.find('[data-testid=undo-form]').trigger('submit');
    await flushPromises();
    expect(b.calls[1]).toEqual({
      name: 'rolloutUndo',
      params: { namespace: 'dev', name: 'web', toRevision: 1 },
    });
    expect(w.emitted('result')?.[0]).toEqual(['deployment.apps/web rolled back']);
    expect(w.find('[data-testid=undo-form]').exists()).toBe(false);
  });

  it('RolloutHistory shows the server error', async () => {
    b.reply = () => {
      throw new Error('deployments.apps "web" not found');
    };
    const w = mount(RolloutHistory, { props: { deployment: deployment() } });
    await flushPromises();
    expect(w.find('[role=alert]').text()).toContain('not found');
  });

  it('DeploymentActions pauses or resumes by the spec, and exposes with the kubectl equivalent', async () => {
    const w = mount(DeploymentActions, { props: { deployment: deployment() } });
    const pr = w.find('[data-testid=pause-resume]');
    expect(pr.text()).toBe('Pause rollout');
    expect(pr.attributes('title')).toBe('kubectl rollout pause deployment/web -n dev');
    await pr.trigger('click');
    await flushPromises();
    expect(b.calls.at(-1)).toEqual({ name: 'rolloutPause', params: { namespace: 'dev', name: 'web' } });
    await w.setProps({ deployment: deployment({ paused: true }) });
    expect(w.find('[data-testid=pause-resume]').text()).toBe('Resume rollout');
    await w.find('[data-testid=pause-resume]').trigger('click');
    await flushPromises();
    expect(b.calls.at(-1)!.name).toBe('rolloutResume');

    await w.find('[data-testid=expose]').trigger('click');
    const form = w.find('[data-testid=expose-form]');
    expect(form.find('[data-testid=kubectl-hint]').text()).toContain(
      'kubectl expose deployment web --type=LoadBalancer --port=80 -n dev',
    );
    const inputs = form.findAll('input');
    await inputs[0].setValue(8080);
    expect(form.find('[data-testid=kubectl-hint]').text()).toContain('--port=8080 --target-port=80');
    await form.trigger('submit');
    await flushPromises();
    expect(b.calls.at(-1)).toEqual({
      name: 'expose',
      params: { namespace: 'dev', deployment: 'web', type: 'LoadBalancer', port: 8080, targetPort: 80 },
    });
  });

  it('NodeActions: cordon for any node, power and partition only for workers; confirm shows the command', async () => {
    b.reply = (name) =>
      name === 'clusterStatus' ? { name: 'demo' } : { kubectl: '', message: 'node/w1 cordoned' };
    const cp = mount(NodeActions, { props: { node: node('kubedeck-control-plane', true, true) } });
    expect(cp.findAll('[data-testid=node-actions] button').map((x) => x.text())).toEqual(['Cordon']);
    const w = mount(NodeActions, { props: { node: node('w1') } });
    await flushPromises();
    expect(w.findAll('[data-testid=node-actions] button').map((x) => x.text())).toEqual([
      'Cordon',
      'Stop',
      'Start',
      'Partition',
      'Heal',
    ]);
    await w.find('[data-testid=node-stop]').trigger('click');
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain('kubedeck node stop w1 --name demo');
    await w.find('[data-testid=node-cordon]').trigger('click');
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain('kubectl cordon w1');
    expect(b.calls.filter((c) => c.name === 'nodeAction')).toEqual([]);
    await w.find('[data-testid=node-action-form]').trigger('submit');
    await flushPromises();
    expect(b.calls.at(-1)).toEqual({ name: 'nodeAction', params: { node: 'w1', action: 'cordon' } });
    expect(w.emitted('result')?.[0]).toEqual(['node/w1 cordoned']);
  });

  it('SecretData hides values until revealed', async () => {
    const w = mount(SecretData, {
      props: {
        secret: {
          metadata: { name: 's', namespace: 'default' },
          data: { password: btoa('hunter2'), user: btoa('admin') },
        },
      },
    });
    expect(w.text()).not.toContain('hunter2');
    expect(w.findAll('[data-testid=secret-hidden]')).toHaveLength(2);
    await w.find('[data-testid=reveal-password]').trigger('click');
    expect(w.find('[data-testid=secret-value]').text()).toBe('hunter2');
    expect(w.text()).not.toContain('admin');
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain(
      "kubectl get secret s -o jsonpath='{.data.password}' | base64 -d",
    );
    await w.find('[data-testid=reveal-password]').trigger('click');
    expect(w.text()).not.toContain('hunter2');
  });

  it('serviceUrls and the HPA targets (the server-printed cell) read like kubectl', () => {
    const svc = (type: string, status = {}) => ({
      metadata: { name: 's' },
      spec: { type, ports: [{ port: 8080, nodePort: 31000, protocol: 'TCP' }] },
      status,
    });
    expect(serviceUrls(svc('ClusterIP'))).toEqual([]);
    expect(serviceUrls(svc('NodePort'))).toEqual(['http://localhost:31000']);
    expect(
      serviceUrls(svc('LoadBalancer', { loadBalancer: { ingress: [{ hostname: 'localhost' }] } })),
    ).toEqual(['http://localhost:8080']);
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
      status: {},
    };
    const targets = (o: object) => cellText(withRow('horizontalpodautoscalers', o), 'Targets');
    expect(targets(hpa)).toBe('cpu: <unknown>/50%');
    expect(
      targets({
        ...hpa,
        status: {
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } },
          ],
        },
      }),
    ).toBe('cpu: 42%/50%');
  });
});
