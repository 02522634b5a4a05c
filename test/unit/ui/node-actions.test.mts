// Node UI with a fake bridge: drain's confirm dialog (dry-run list, force, results), remove (not for
// the control plane), the add-node dialog's CLI equivalent, usage bars and the power-off state.
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import NodeActions from '../../../renderer/src/components/NodeActions.vue';
import AddNodeDialog from '../../../renderer/src/components/nodes/AddNodeDialog.vue';
import NodeUsage from '../../../renderer/src/components/nodes/NodeUsage.vue';
import NodeState from '../../../renderer/src/components/nodes/NodeState.vue';
import { powerPhases } from '../../../renderer/src/components/nodes/power-state.js';
import type { DrainParams, DrainPod } from '@kubedeck/contract';
import { fakeBridge, node, type FakeBridge } from './fake-bridge.mjs';

const pods = (force: boolean): DrainPod[] => [
  { namespace: 'default', name: 'web-1', outcome: 'evict' },
  { namespace: 'kube-system', name: 'agent', outcome: 'skipped', reason: 'ignoring DaemonSet-managed Pods' },
  force
    ? {
        namespace: 'default',
        name: 'bare',
        outcome: 'evict',
        reason: 'deleting Pods that declare no controller',
      }
    : {
        namespace: 'default',
        name: 'bare',
        outcome: 'blocked',
        reason: 'Pods that declare no controller (use --force to override)',
      },
];

describe('node UI', () => {
  let b: FakeBridge;
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    setActivePinia(createPinia());
    powerPhases.clear();
  });

  it('Drain lists the pods from a dry run, needs --force for bare pods, then shows each outcome', async () => {
    b.reply = (name, params) => {
      if (name === 'clusterStatus') return { name: 'kubedeck' };
      const p = params as DrainParams;
      if (name !== 'drainNode') return { kubectl: '', message: '' };
      if (p.dryRun) return { kubectl: '', message: '', drained: !!p.force, pods: pods(!!p.force) };
      return {
        kubectl: '',
        message: 'node/w1 cordoned\nevicting pod default/web-1\npod/web-1 evicted\nnode/w1 drained',
        drained: true,
        pods: pods(true).map((x) => ({ ...x, outcome: x.outcome === 'evict' ? 'evicted' : x.outcome })),
      };
    };
    const w = mount(NodeActions, { props: { node: node('w1') }, attachTo: document.body });
    await w.find('[data-testid=node-drain]').trigger('click');
    await flushPromises();
    const dialog = () => w.find('[data-testid=drain-dialog]');
    expect(b.calls.find((c) => c.name === 'drainNode')?.params).toEqual({
      name: 'w1',
      dryRun: true,
      force: false,
    });
    const rows = () =>
      dialog()
        .findAll('[data-testid=drain-pods] tr')
        .map((r) => r.text());
    expect(rows()).toEqual([
      'default/web-1will be evicted',
      'kube-system/agentskipped — ignoring DaemonSet-managed Pods',
      'default/bareblocks the drain — Pods that declare no controller (use --force to override)',
    ]);
    const submit = () => dialog().find('button[type=submit]');
    expect(submit().attributes('disabled')).toBeDefined();
    expect(dialog().find('[data-testid=kubectl-hint]').text()).toContain(
      'kubectl drain w1 --ignore-daemonsets --delete-emptydir-data',
    );

    await dialog().find('[data-testid=drain-force]').setValue(true);
    await flushPromises();
    expect(dialog().find('[data-testid=kubectl-hint]').text()).toContain('--delete-emptydir-data --force');
    expect(submit().attributes('disabled')).toBeUndefined();
    expect(submit().text()).toBe('Drain (evict 2)');

    await dialog().trigger('submit');
    await flushPromises();
    expect(b.calls.filter((c) => c.name === 'drainNode').at(-1)!.params).toEqual({ name: 'w1', force: true });
    expect(rows()[0]).toBe('default/web-1evicted');
    expect(dialog().find('[data-testid=drain-log]').text()).toContain('node/w1 drained');
    expect(w.emitted('result')?.at(-1)?.[0]).toContain('node/w1 drained');
    w.unmount();
  });

  it('Remove asks first and is refused for the control plane', async () => {
    b.reply = (name) =>
      name === 'clusterStatus'
        ? { name: 'demo' }
        : { kubectl: 'kubedeck node rm w1 --name demo', message: '✓ Deleted Node w1 and 0 pods' };
    const cp = mount(NodeActions, { props: { node: node('cp', true, true) } });
    expect(cp.find('[data-testid=node-remove]').attributes('disabled')).toBeDefined();

    const w = mount(NodeActions, { props: { node: node('w1') } });
    await flushPromises();
    await w.find('[data-testid=node-remove]').trigger('click');
    const dlg = w.find('[data-testid=remove-node-dialog]');
    expect(dlg.find('[data-testid=kubectl-hint]').text()).toContain('kubedeck node rm w1 --name demo');
    expect(b.calls.some((c) => c.name === 'removeNode')).toBe(false);
    await dlg.trigger('submit');
    await flushPromises();
    expect(b.calls.at(-1)).toEqual({ name: 'removeNode', params: { name: 'w1' } });
    expect(w.emitted('removed')).toHaveLength(1);
    expect(w.find('[data-testid=remove-node-dialog]').exists()).toBe(false);
  });

  it('Add node shows the CLI equivalent and a spinner while the node joins', async () => {
    let finish!: (v: unknown) => void;
    b.reply = (name) =>
      name === 'clusterStatus'
        ? { name: 'kubedeck' }
        : new Promise((r) => {
            finish = r;
          });
    const w = mount(AddNodeDialog);
    await flushPromises();
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain('kubedeck node add --cpus 2 --memory 2Gi');
    await w.find('[data-testid=add-node-cpus]').setValue('1');
    await w.find('[data-testid=add-node-memory]').setValue('');
    expect(w.find('[data-testid=kubectl-hint]').text()).toMatch(/kubedeck node add --cpus 1$/);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(b.calls.at(-1)).toEqual({ name: 'addNode', params: { cpus: '1' } });
    expect(w.find('[data-testid=busy-note]').text()).toContain('waiting for it to register Ready');
    finish({
      kubectl: '',
      node: 'kubedeck-worker3',
      steps: ['✓ kubedeck-worker3 is Ready'],
      message: 'joined',
    });
    await flushPromises();
    expect(w.emitted('done')?.[0]).toEqual(['kubedeck-worker3', 'joined']);
    expect(w.find('[data-testid=busy-note]').exists()).toBe(false);
  });

  it('usage bars show metrics when collected and say so when not', async () => {
    const metrics: { usage?: unknown } = {};
    b.reply = () => ({
      kubectl: 'kubectl top node w1',
      message: '',
      capacity: { cpu: 2, memory: 2 * 1024 ** 3, pods: 110 },
      allocatable: { cpu: 1.9, memory: 1800 * 1024 ** 2, pods: 110 },
      requests: { cpu: 0.75, memory: 200 * 1024 ** 2, pods: 2 },
      ...(metrics.usage ? { usage: metrics.usage } : {}),
    });
    const w = mount(NodeUsage, { props: { node: node('w1'), refreshMs: 60_000 } });
    await flushPromises();
    expect(w.find('[data-testid=metrics-unavailable]').text()).toBe('metrics not yet available');
    expect(w.find('[data-testid=usage-cpu]').text()).toContain(
      '750m requested · 1.9 allocatable · 2 capacity',
    );
    metrics.usage = {
      cpu: 0.38,
      memory: 512 * 1024 ** 2,
      timestamp: new Date().toISOString(),
      window: '15s',
    };
    await w.setProps({ node: { ...node('w1'), metadata: { ...node('w1').metadata, resourceVersion: '2' } } });
    await flushPromises();
    expect(w.find('[data-testid=usage-cpu]').text()).toContain('380m used (20% of allocatable)');
    expect(w.find('[data-testid=usage-memory]').text()).toContain('512Mi used');
    expect(w.find('[data-testid=usage-cpu] .used').attributes('style')).toContain('width: 19%');
    w.unmount();
  });

  it('a power-off shows "stopping…", then "powered off" until the Node turns NotReady', async () => {
    let finish!: (v: unknown) => void;
    b.reply = (name) =>
      name === 'nodeAction'
        ? new Promise((r) => {
            finish = r;
          })
        : { name: 'kubedeck' };
    const ready = node('w1');
    const state = mount(NodeState, { props: { node: ready } });
    const actions = mount(NodeActions, { props: { node: ready } });
    await actions.find('[data-testid=node-stop]').trigger('click');
    await actions.find('[data-testid=node-action-form]').trigger('submit');
    await flushPromises();
    expect(state.find('[data-testid=node-state]').text()).toBe('stopping…');
    expect(actions.find('[data-testid=busy-note]').text()).toContain('Powering off');
    finish({ kubectl: '', message: '✓ Powered off w1' });
    await flushPromises();
    expect(state.find('[data-testid=node-state]').text()).toContain('powered off');
    await state.setProps({
      node: {
        ...ready,
        metadata: { ...ready.metadata, resourceVersion: '9' },
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown', message: 'Kubelet stopped posting node status.' }],
        },
      },
    });
    expect(state.find('[data-testid=node-state] .pill').text()).toBe('NotReady (Unknown)');
    expect(state.find('[data-testid=node-state]').text()).toContain('Kubelet stopped posting node status.');
    expect(powerPhases.has('w1')).toBe(false);
  });
});
