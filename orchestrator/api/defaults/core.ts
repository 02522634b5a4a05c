// Defaults for the small core and networking kinds (pkg/apis/core/v1, discovery/v1 defaults.go).
import { child, def, defStr, each, isObj } from './util.js';

export function defaultNamespace(obj: Record<string, any>): void {
  // SetDefaults_Namespace labels every namespace with its own name.
  if (obj.metadata?.name) child(obj.metadata, 'labels')['kubernetes.io/metadata.name'] = obj.metadata.name;
  const spec = child(obj, 'spec');
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  defStr(child(obj, 'status'), 'phase', 'Active');
}

export function defaultNode(obj: Record<string, any>): void {
  const status = obj.status;
  if (isObj(status) && isObj(status.capacity) && !isObj(status.allocatable))
    status.allocatable = { ...status.capacity };
}

/**
 * Secret: type Opaque; and stringData is write-only — upstream merges it into data (base64)
 * during conversion, so it is never stored or returned.
 */
export function defaultSecret(obj: Record<string, any>): void {
  defStr(obj, 'type', 'Opaque');
  if (isObj(obj.stringData)) {
    const data = child(obj, 'data');
    for (const [k, v] of Object.entries(obj.stringData))
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  delete obj.stringData;
}

export function defaultEndpoints(obj: Record<string, any>): void {
  each(obj.subsets, (ss) => each(ss.ports, (p) => defStr(p, 'protocol', 'TCP')));
}

export function defaultEndpointSlice(obj: Record<string, any>): void {
  each(obj.ports, (p) => {
    def(p, 'name', '');
    defStr(p, 'protocol', 'TCP');
  });
}
