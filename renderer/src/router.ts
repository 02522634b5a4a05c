// Screens. The YAML editor is a lazy chunk: Monaco loads only when it is opened.
import { createRouter, createWebHistory, type Router } from 'vue-router';
import OverviewView from './views/OverviewView.vue';
import ResourceListView from './views/ResourceListView.vue';
import ResourceDetailView from './views/ResourceDetailView.vue';

export const LIST_KINDS = [
  'pods',
  'deployments',
  'replicasets',
  'services',
  'nodes',
  'events',
  'configmaps',
  'secrets',
  'horizontalpodautoscalers',
  'namespaces',
] as const;

export function createAppRouter(history = createWebHistory()): Router {
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'overview', component: OverviewView },
      { path: '/yaml', name: 'yaml', component: () => import('./views/YamlEditorView.vue') },
      { path: '/cluster', name: 'cluster', component: () => import('./views/ClusterView.vue') },
      { path: '/first-run', name: 'first-run', component: () => import('./views/FirstRunView.vue') },
      {
        path: '/:kind(' + LIST_KINDS.join('|') + ')',
        name: 'list',
        component: ResourceListView,
        props: true,
      },
      { path: '/:kind/:name', name: 'detail-cluster', component: ResourceDetailView, props: true },
      { path: '/:kind/:namespace/:name', name: 'detail', component: ResourceDetailView, props: true },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });
}
