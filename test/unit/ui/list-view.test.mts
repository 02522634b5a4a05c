// @vitest-environment happy-dom
// The list views render the server's Table rows: the pods list is fed by the real operations
// watch (in-memory registry) and shows exactly the cells api/tables prints for `kubectl get pods`,
// stays live as the watch reports changes, and ticks AGE from creationTimestamp.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import { createOperations } from '../../../orchestrator/operations/operations.js';
import type { WatchMessage } from '../../../orchestrator/contract/index.js';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import type { Bridge } from '../../../renderer/src/bridge/types.js';
import { createAppRouter } from '../../../renderer/src/router.js';
import { useUi } from '../../../renderer/src/stores/ui.js';
import ResourceListView from '../../../renderer/src/views/ResourceListView.vue';

const PODS = findResource('', 'v1', 'pods')!;
const T0 = Date.parse('2024-05-01T10:00:00Z');

describe('ResourceListView', () => {
  let store: Store;
  let registry: Registry;
  beforeEach(() => {
    vi.useFakeTimers({
      now: T0,
      toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    store = Store.open(':memory:');
    registry = new Registry(store);
    registry.bootstrap();
    const ops = createOperations({ registry, clusterName: 't', watch: { batchMs: 1 } });
    // The bridge as Electron's main process serves it: the operations' own watch, messages copied.
    const bridge: Bridge = {
      kind: 'electron',
      call: () => Promise.reject(new Error('not used')),
      watch(kind, namespace, onMessage) {
        const w = ops.watch('w', kind, namespace, (m: WatchMessage) => onMessage(structuredClone(m)));
        return () => w.stop();
      },
      logs: () => () => {},
    };
    setBridge(bridge);
    setActivePinia(createPinia());
    useUi().namespace = 'default';
  });
  afterEach(() => {
    vi.useRealTimers();
    store.close();
  });

  const createPod = (name: string, status: object) => {
    const p = registry.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'w1', containers: [{ name: 'c', image: 'img' }] },
    });
    return registry.update(PODS, 'default', name, { ...p, status }, {}, 'status');
  };
  const crashing = {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'c',
        ready: false,
        restartCount: 4,
        image: 'img',
        imageID: '',
        state: {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=c' },
        },
      },
    ],
  };
  const running = {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'c', ready: true, restartCount: 0, image: 'img', imageID: '', state: { running: {} } },
    ],
  };

  const cellsOf = (w: ReturnType<typeof mount>, name: string) =>
    w.findAll(`tr[data-name=${name}] td`).map((td) => td.text());

  it('shows the Table rows the server prints for kubectl get pods, kept live by the watch', async () => {
    createPod('web-1', running);
    createPod('web-2', crashing);
    const w = mount(ResourceListView, {
      props: { kind: 'pods' },
      global: { plugins: [createAppRouter(createMemoryHistory())] },
    });
    await flushPromises();

    // kubectl's columns (priority 0) plus the node, in the printer's order.
    expect(w.findAll('thead th').map((th) => th.text())).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'Node',
    ]);
    // Every cell is the server's: the same toTable kubectl's Table request gets.
    const table = toTable(PODS, registry.list(PODS, 'default').items, { now: new Date(T0) });
    const expected = (name: string) => {
      const i = table.rows.findIndex((r) => r.cells[0] === name);
      const cols = table.columnDefinitions.map((c) => c.name);
      return ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'Node'].map((c) =>
        String(table.rows[i].cells[cols.indexOf(c)]),
      );
    };
    expect(cellsOf(w, 'web-1')).toEqual(expected('web-1'));
    expect(cellsOf(w, 'web-2')).toEqual(expected('web-2'));
    expect(cellsOf(w, 'web-2').slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '4']);

    // A change arrives through the watch (batched) and the row shows the server's new cells.
    const current = registry.get(PODS, 'default', 'web-2');
    registry.update(PODS, 'default', 'web-2', { ...current, status: running }, {}, 'status');
    await vi.advanceTimersByTimeAsync(5);
    await flushPromises();
    expect(cellsOf(w, 'web-2').slice(1, 4)).toEqual(['1/1', 'Running', '0']);

    // AGE moves on with the clock (humanDuration on creationTimestamp, as the printer computes it).
    const ageCell = () => w.find('tr[data-name=web-1] td[data-column=Age]').text();
    expect(ageCell()).toBe('0s');
    await vi.advanceTimersByTimeAsync(150_000);
    expect(ageCell()).toBe('2m30s');
    w.unmount();
  });

  it('puts NAMESPACE first when listing every namespace (kubectl get -A)', async () => {
    useUi().namespace = '';
    createPod('web-1', running);
    const w = mount(ResourceListView, {
      props: { kind: 'pods' },
      global: { plugins: [createAppRouter(createMemoryHistory())] },
    });
    await flushPromises();
    expect(w.findAll('thead th').map((th) => th.text())[0]).toBe('Namespace');
    expect(cellsOf(w, 'web-1').slice(0, 2)).toEqual(['default', 'web-1']);
    expect(w.find('tr[data-name=web-1] a').attributes('href')).toBe('/pods/default/web-1');
    w.unmount();
  });
});
