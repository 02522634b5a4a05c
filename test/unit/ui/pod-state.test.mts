import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { podView, age } from '../../../renderer/src/model/pod-state.js';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import { createAppRouter } from '../../../renderer/src/router.js';
import { useResources } from '../../../renderer/src/stores/resources.js';
import ClusterMap from '../../../renderer/src/components/ClusterMap.vue';
import { fakeBridge, node, pod, withRow } from './fake-bridge.mjs';

describe('podView', () => {
  const waiting = (reason: string, restartCount = 0) => ({
    phase: 'Pending',
    containerStatuses: [{ name: 'c', ready: false, restartCount, state: { waiting: { reason } } }],
  });

  it('matches the STATUS kubectl prints, with a colour per state', () => {
    expect(podView(pod('a', 1))).toMatchObject({ status: 'Running', tone: 'running', ready: '1/1' });
    expect(podView(pod('a', 1, { status: { phase: 'Pending' } }))).toMatchObject({
      status: 'Pending',
      tone: 'pending',
    });
    // kubectl prints Pending until the kubelet reports the container waiting (the old renderer's
    // own STATUS said ContainerCreating here and disagreed with kubectl).
    expect(podView(pod('a', 1, { nodeName: 'n1', status: { phase: 'Pending' } }))).toMatchObject({
      status: 'Pending',
      tone: 'pending',
    });
    expect(podView(pod('a', 1, { nodeName: 'n1', status: waiting('ContainerCreating') }))).toMatchObject({
      status: 'ContainerCreating',
      tone: 'creating',
    });
    // Init containers: kubectl's Init:N/M (the old renderer showed Pending).
    const init = {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { running: {} } }],
      containerStatuses: [
        { name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
      ],
    };
    const withInit = pod('a', 1, { status: init });
    withInit.spec = {
      ...withInit.spec,
      initContainers: [{ name: 'i', image: 'img' }],
    } as typeof withInit.spec;
    expect(podView(withRow('pods', withInit))).toMatchObject({ status: 'Init:0/1', tone: 'creating' });
    expect(podView(pod('a', 1, { status: waiting('CrashLoopBackOff', 4) }))).toMatchObject({
      status: 'CrashLoopBackOff',
      tone: 'crash',
      restarts: 4,
    });
    expect(podView(pod('a', 1, { status: waiting('ImagePullBackOff') }))).toMatchObject({ tone: 'image' });
    expect(podView(pod('a', 1, { status: waiting('ErrImagePull') }))).toMatchObject({ tone: 'image' });
    expect(podView(pod('a', 1, { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }))).toMatchObject({
      status: 'Terminating',
      tone: 'terminating',
    });
    const done = {
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    };
    expect(podView(pod('a', 1, { status: done }))).toMatchObject({ status: 'Completed', tone: 'done' });
  });

  it('formats ages like kubectl', () => {
    const now = Date.parse('2024-01-01T01:00:00Z');
    expect(age('2024-01-01T00:59:30Z', now)).toBe('30s');
    expect(age('2024-01-01T00:30:00Z', now)).toBe('30m');
    expect(age('2023-12-31T00:00:00Z', now)).toBe('25h');
  });
});

describe('the map under load', () => {
  const router = () => createAppRouter(createMemoryHistory());
  beforeEach(() => {
    setBridge(fakeBridge());
    setActivePinia(createPinia());
  });

  it('computes a frozen pod view once, and a new view for its next version', () => {
    const a = Object.freeze(pod('a', 1));
    expect(podView(a)).toBe(podView(a));
    expect(podView(Object.freeze(pod('a', 2)))).not.toBe(podView(a));
  });

  it('a busy node shows compact chips under a count per state; a quiet one full chips', () => {
    const crash = {
      phase: 'Running',
      containerStatuses: [{ name: 'c', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    };
    const busy = Array.from({ length: 30 }, (_, i) =>
      pod(`p${String(i).padStart(2, '0')}`, 1, { nodeName: 'w1', status: i < 5 ? crash : undefined }),
    );
    const w = mount(ClusterMap, {
      props: { nodes: [node('w1'), node('w2')], pods: [...busy, pod('q', 1, { nodeName: 'w2' })] },
      global: { plugins: [router()] },
    });
    const [w1, w2] = w.findAll('[data-testid=node-card]');
    expect(w1.findAll('[data-testid=pod]')).toHaveLength(30);
    expect(w1.findAll('.pod.compact')).toHaveLength(30);
    const counts = w1.get('[data-testid=node-counts]').findAll('li');
    expect(counts.map((li) => li.text())).toEqual(['25 Running', '5 CrashLoopBackOff']);
    expect(w1.get('[data-pod=p00]').text()).toBe('↻2'); // failures stay visible, names go to the tooltip
    expect(w1.get('[data-pod=p00]').attributes('title')).toContain('default/p00: CrashLoopBackOff');
    expect(w2.find('[data-testid=node-counts]').exists()).toBe(false);
    expect(w2.get('[data-pod=q]').text()).toContain('q');
  });

  it('the store hands out the same sorted list until a watch batch changes it', () => {
    const b = fakeBridge();
    setBridge(b);
    const s = useResources();
    s.ensure('pods');
    b.push('pods', { type: 'sync', items: [pod('b', 1), pod('a', 2)], resourceVersion: '2' });
    const first = s.items('pods');
    expect(first.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(s.items('pods')).toBe(first);
    b.push('pods', { type: 'events', events: [{ type: 'ADDED', object: pod('c', 3) }] });
    expect(s.items('pods')).not.toBe(first);
    expect(s.items('pods').map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
  });
});
