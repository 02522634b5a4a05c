// "Open in browser" for NodePort/LoadBalancer Services: the URL each row links to, rendered as a
// new-tab link in the Services list and the overview, and accepted by Electron's openExternal
// allowlist (the window-open handler hands such links to the system browser).
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import { createAppRouter } from '../../../renderer/src/router.js';
import { serviceUrls } from '../../../renderer/src/model/service-urls.js';
import ResourceListView from '../../../renderer/src/views/ResourceListView.vue';
import OverviewView from '../../../renderer/src/views/OverviewView.vue';
import { isExternalAllowed } from '../../../main/security.js';
import { fakeBridge, type FakeBridge } from './fake-bridge.mjs';

const svc = (name: string, type: string, ports: object[], status: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1' },
  spec: { type, clusterIP: '10.96.0.10', ports },
  status,
});
const SERVICES = [
  svc('np', 'NodePort', [{ port: 80, nodePort: 30080, protocol: 'TCP' }]),
  svc('lb', 'LoadBalancer', [{ port: 8080, nodePort: 31000, protocol: 'TCP' }], {
    loadBalancer: { ingress: [{ ip: '127.0.0.1' }] },
  }),
  svc('lb-pending', 'LoadBalancer', [{ port: 8080, nodePort: 31001, protocol: 'TCP' }]),
  svc('udp', 'NodePort', [{ port: 53, nodePort: 30053, protocol: 'UDP' }]),
  svc('internal', 'ClusterIP', [{ port: 80, protocol: 'TCP' }]),
];

describe('Open in browser for Services', () => {
  let b: FakeBridge;
  let pinia: ReturnType<typeof createPinia>;
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    pinia = createPinia();
    setActivePinia(pinia);
  });

  it('NodePort at localhost:nodePort, LoadBalancer at its ingress, nothing for ClusterIP or UDP', () => {
    expect(SERVICES.map((s) => serviceUrls(s))).toEqual([
      ['http://localhost:30080'],
      ['http://127.0.0.1:8080'],
      ['http://localhost:31001'],
      [],
      [],
    ]);
    // Electron opens these (and only such loopback http URLs) in the system browser.
    for (const u of SERVICES.flatMap((s) => serviceUrls(s))) expect(isExternalAllowed(u), u).toBe(true);
  });

  it('Services list rows and the overview link to them in a new tab', async () => {
    const router = createAppRouter(createMemoryHistory());
    const list = mount(ResourceListView, {
      props: { kind: 'services' },
      global: { plugins: [pinia, router] },
    });
    const overview = mount(OverviewView, { global: { plugins: [pinia, router] } });
    b.push('services', { type: 'sync', items: SERVICES, resourceVersion: '1' });
    await flushPromises();
    const row = list.find('tr[data-name=np] [data-testid=service-open] a');
    expect(row.attributes()).toMatchObject({
      href: 'http://localhost:30080',
      target: '_blank',
      rel: 'noopener noreferrer',
    });
    expect(row.text()).toBe('localhost:30080 ↗');
    expect(list.findAll('tr[data-name=internal] [data-testid=service-open] a')).toHaveLength(0);
    const links = overview.findAll('a[data-testid=service-open]');
    expect(links.map((a) => a.attributes('href')).sort()).toEqual([
      'http://127.0.0.1:8080',
      'http://localhost:30080',
      'http://localhost:31001',
    ]);
    expect(links.every((a) => a.attributes('target') === '_blank')).toBe(true);
  });
});
