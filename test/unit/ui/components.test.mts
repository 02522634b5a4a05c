import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import { createAppRouter } from '../../../renderer/src/router.js';
import ClusterMap from '../../../renderer/src/components/ClusterMap.vue';
import CreateDeploymentDialog from '../../../renderer/src/components/CreateDeploymentDialog.vue';
import OverviewView from '../../../renderer/src/views/OverviewView.vue';
import { fakeBridge, node, pod, type FakeBridge } from './fake-bridge.mjs';

describe('renderer components', () => {
  let b: FakeBridge;
  let pinia: ReturnType<typeof createPinia>;
  const router = () => createAppRouter(createMemoryHistory());
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    pinia = createPinia();
    setActivePinia(pinia);
  });

  it('ClusterMap: control plane first, each worker with its pods, unscheduled pods in their own lane', () => {
    const w = mount(ClusterMap, {
      props: {
        nodes: [node('w2'), node('kubedeck-control-plane', true, true), node('w1', false)],
        pods: [
          pod('p1', 1, { nodeName: 'w1' }),
          pod('p2', 1, {
            nodeName: 'w2',
            status: {
              phase: 'Running',
              containerStatuses: [
                { name: 'c', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
              ],
            },
          }),
          pod('p3', 1),
        ],
      },
      global: { plugins: [router()] },
    });
    const cards = w.findAll('[data-testid=node-card]');
    expect(cards.map((c) => c.attributes('data-node'))).toEqual([
      'kubedeck-control-plane',
      'w1',
      'w2',
      'Waiting for a node',
    ]);
    expect(cards[1].classes()).toContain('not-ready');
    const crash = w.find('[data-pod=p2]');
    expect(crash.attributes('data-status')).toBe('CrashLoopBackOff');
    expect(crash.classes()).toContain('tone-crash');
    expect(crash.text()).toContain('↻3');
    expect(cards[3].find('[data-pod=p3]').exists()).toBe(true);
  });

  it('CreateDeploymentDialog shows the kubectl equivalent and calls createDeployment', async () => {
    const w = mount(CreateDeploymentDialog, { props: { namespace: 'dev' } });
    const inputs = w.findAll('input');
    await inputs[0].setValue('web');
    await inputs[1].setValue('nginx:1');
    await inputs[2].setValue(3);
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain(
      'kubectl create deployment web --image=nginx:1 --replicas=3 -n dev',
    );
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(b.calls).toEqual([
      { name: 'createDeployment', params: { namespace: 'dev', name: 'web', image: 'nginx:1', replicas: 3 } },
    ]);
    expect(w.emitted('done')?.[0]).toEqual(['ok']);
  });

  it('CreateDeploymentDialog shows the server error message', async () => {
    b.reply = () => {
      throw new Error('deployments.apps "hello" already exists');
    };
    const w = mount(CreateDeploymentDialog, { props: { namespace: 'default' } });
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[role=alert]').text()).toBe('deployments.apps "hello" already exists');
  });

  it('Overview teaches with an empty state, then shows pods live as the watch delivers them', async () => {
    const w = mount(OverviewView, { global: { plugins: [pinia, router()] } });
    b.push('nodes', { type: 'sync', items: [node('w1')], resourceVersion: '1' });
    b.push('pods', { type: 'sync', items: [], resourceVersion: '1' });
    b.push('deployments', { type: 'sync', items: [], resourceVersion: '1' });
    await flushPromises();
    expect(w.find('[data-testid=empty-state]').text()).toContain('Create your first deployment');
    b.push('pods', {
      type: 'events',
      events: [{ type: 'ADDED', object: pod('live', 2, { nodeName: 'w1' }) }],
    });
    await flushPromises();
    expect(w.find('[data-node=w1] [data-pod=live]').exists()).toBe(true);
  });
});
