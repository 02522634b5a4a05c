// Discovery documents: legacy (/api, /apis, per group-version) and aggregated (apidiscovery v2/v2beta1).
import { apiVersionOf, groupVersions as storedGroupVersions, RESOURCES } from '../api/resources.js';
import type { ResourceInfo } from '../api/types.js';
import { METRICS_RESOURCES } from '../metrics/resources.js';
import { PLACEHOLDER_RESOURCES } from './placeholder-kinds.js';

/**
 * Stored resources, the computed metrics.k8s.io ones (served by orchestrator/metrics) and the
 * read-only placeholders for kinds clients look up before Kubedeck serves them.
 */
const SERVED = [...RESOURCES, ...METRICS_RESOURCES, ...PLACEHOLDER_RESOURCES];

function groupVersions(): { group: string; versions: string[] }[] {
  const out = [...storedGroupVersions(), { group: 'metrics.k8s.io', versions: ['v1beta1'] }];
  for (const p of PLACEHOLDER_RESOURCES) {
    const g = out.find((x) => x.group === p.group);
    if (!g) out.push({ group: p.group, versions: [p.version] });
    else if (!g.versions.includes(p.version)) g.versions.push(p.version);
  }
  return out;
}

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  approval: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  log: ['get'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
  finalize: ['update'],
  ephemeralcontainers: ['get', 'patch', 'update'],
};

const SUBRESOURCE_KIND: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  log: { group: '', version: 'v1', kind: 'Pod' },
  exec: { group: '', version: 'v1', kind: 'PodExecOptions' },
  attach: { group: '', version: 'v1', kind: 'PodAttachOptions' },
  portforward: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
  proxy: { group: '', version: 'v1', kind: 'PodProxyOptions' },
};

function resourcesOf(group: string, version: string): ResourceInfo[] {
  return SERVED.filter((r) => r.group === group && r.version === version);
}

/** GET /api */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** GET /apis */
export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupVersions()
      .filter((g) => g.group !== '')
      .map((g) => ({
        name: g.group,
        versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
      })),
  };
}

/** GET /apis/GROUP */
export function apiGroup(group: string): object | undefined {
  const g = groupVersions().find((x) => x.group === group && group !== '');
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.group,
    versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
  };
}

/** GET /api/v1 or /apis/GROUP/VERSION */
export function apiResourceList(group: string, version: string): object | undefined {
  const list = resourcesOf(group, version);
  if (!list.length) return undefined;
  const resources: object[] = [];
  for (const r of list) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
      storageVersionHash: storageHash(r),
    });
    for (const sub of r.subresources ?? []) {
      const k = SUBRESOURCE_KIND[sub];
      resources.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(k && k.kind !== r.kind ? { group: k.group, version: k.version } : {}),
        kind: k?.kind ?? r.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

function storageHash(r: ResourceInfo): string {
  let h = 0x811c9dc5;
  for (const ch of `${r.storage}/${r.storageVersion}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return Buffer.from(h.toString(16)).toString('base64').slice(0, 11);
}

function discoveryResource(r: ResourceInfo): object {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.subresources?.length
      ? {
          subresources: r.subresources.map((sub) => {
            const k = SUBRESOURCE_KIND[sub] ?? { group: r.group, version: r.version, kind: r.kind };
            return { subresource: sub, responseKind: k, verbs: SUBRESOURCE_VERBS[sub] ?? ['get'] };
          }),
        }
      : {}),
  };
}

/** Aggregated discovery for /api (legacy: true) or /apis. */
export function aggregatedDiscovery(legacy: boolean, apiVersion: 'v2' | 'v2beta1'): object {
  const groups = groupVersions().filter((g) => (legacy ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: legacy ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: resourcesOf(g.group, v).map(discoveryResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** Which aggregated discovery version the Accept header asks for, if any. */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/v=v2beta1/.test(part)) return 'v2beta1';
    if (/v=v2(;|$|\s)/.test(part)) return 'v2';
  }
  return undefined;
}
