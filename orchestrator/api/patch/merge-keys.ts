// Structural facts about built-in kinds that patching needs and JSON alone does not carry:
// how each list merges under strategic merge patch (patchStrategy/patchMergeKey struct tags
// in k8s.io/api) and under server-side apply (+listType/+listMapKey markers), which structs
// clear sibling keys ($retainKeys), and which maps are atomic. Unknown paths fall back to
// upstream's defaults for unstructured data: maps merge, lists are replaced wholesale.

export interface ListFacts {
  /** Strategic merge patch strategy; absent = replace the whole list. */
  smp?: 'merge';
  /** Strategic merge key for lists of objects (absent on merge lists of primitives). */
  smpKey?: string;
  /** Server-side apply list type. */
  ssa: 'atomic' | 'set' | 'map';
  /** listMapKey(s) for ssa 'map'. */
  keys?: string[];
}

export interface SchemaNode {
  /** Declared struct fields. */
  fields?: Record<string, SchemaNode>;
  /** Map values (map[string]X): every key is an entry, not a declared field. */
  values?: SchemaNode;
  /** List element type, with list facts in `list`. */
  items?: SchemaNode;
  list?: ListFacts;
  /** patchStrategy "retainKeys" on this struct (one-of style: Deployment strategy, volume sources). */
  retainKeys?: boolean;
  /** SSA structType=atomic (e.g. LabelSelector): owned and replaced as a whole. */
  atomic?: boolean;
  /** A non-pointer Go struct: present (as {}) even in a zero object, so never "added" itself. */
  embedded?: boolean;
}

/** Defaults the apiserver assumes for absent list-map keys when forming SSA keys. */
export const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

const stringMap: SchemaNode = { values: {} };
const atomic: SchemaNode = { atomic: true };

function keyed(smpKey: string, items: SchemaNode = {}, ssaKeys: string[] = [smpKey], smp = true): SchemaNode {
  return {
    items,
    list: { smp: smp ? 'merge' : undefined, smpKey: smp ? smpKey : undefined, ssa: 'map', keys: ssaKeys },
  };
}
function atomicList(items: SchemaNode = {}): SchemaNode {
  return { items, list: { ssa: 'atomic' } };
}
/** A list of primitives merged as a set (patchStrategy merge, listType set). */
function primitiveSet(smp = true): SchemaNode {
  return { items: {}, list: { smp: smp ? 'merge' : undefined, ssa: 'set' } };
}

const conditions = keyed('type');

const ObjectMeta: SchemaNode = {
  embedded: true,
  fields: {
    labels: stringMap,
    annotations: stringMap,
    finalizers: primitiveSet(),
    ownerReferences: keyed('uid'),
    managedFields: atomicList(),
  },
};

const resources: SchemaNode = { fields: { limits: stringMap, requests: stringMap, claims: keyed('name') } };

const Container: SchemaNode = {
  fields: {
    ports: keyed('containerPort', {}, ['containerPort', 'protocol']),
    env: keyed('name'),
    envFrom: atomicList(),
    volumeMounts: keyed('mountPath'),
    volumeDevices: keyed('devicePath'),
    resources,
    command: atomicList(),
    args: atomicList(),
    resizePolicy: atomicList(),
  },
};

const Volume: SchemaNode = { retainKeys: true };

const PodSpec: SchemaNode = {
  fields: {
    containers: keyed('name', Container),
    initContainers: keyed('name', Container),
    ephemeralContainers: keyed('name', Container),
    volumes: keyed('name', Volume),
    imagePullSecrets: keyed('name'),
    hostAliases: keyed('ip'),
    tolerations: atomicList(),
    readinessGates: atomicList(),
    topologySpreadConstraints: keyed('topologyKey', {}, ['topologyKey', 'whenUnsatisfiable']),
    schedulingGates: keyed('name'),
    resourceClaims: keyed('name'),
    nodeSelector: stringMap,
    overhead: stringMap,
  },
};

const PodTemplateSpec: SchemaNode = {
  embedded: true,
  fields: { metadata: ObjectMeta, spec: { ...PodSpec, embedded: true } },
};

const PodStatus: SchemaNode = {
  embedded: true,
  fields: {
    conditions,
    podIPs: keyed('ip'),
    hostIPs: keyed('ip'),
    containerStatuses: atomicList(),
    initContainerStatuses: atomicList(),
    ephemeralContainerStatuses: atomicList(),
  },
};

const workloadStatus: SchemaNode = { embedded: true, fields: { conditions } };

const Deployment: SchemaNode = {
  fields: {
    spec: {
      embedded: true,
      fields: {
        selector: atomic,
        template: PodTemplateSpec,
        strategy: { embedded: true, retainKeys: true },
      },
    },
    status: workloadStatus,
  },
};

const ReplicaSet: SchemaNode = {
  fields: {
    spec: { embedded: true, fields: { selector: atomic, template: PodTemplateSpec } },
    status: workloadStatus,
  },
};

const Service: SchemaNode = {
  fields: {
    spec: {
      embedded: true,
      fields: {
        ports: keyed('port', {}, ['port', 'protocol']),
        selector: stringMap,
        clusterIPs: atomicList(),
        externalIPs: atomicList(),
        ipFamilies: atomicList(),
        loadBalancerSourceRanges: atomicList(),
      },
    },
    status: { embedded: true, fields: { conditions, loadBalancer: { fields: { ingress: atomicList() } } } },
  },
};

const Node: SchemaNode = {
  fields: {
    spec: { embedded: true, fields: { taints: atomicList(), podCIDRs: primitiveSet() } },
    status: {
      embedded: true,
      fields: {
        conditions,
        addresses: keyed('type'),
        capacity: stringMap,
        allocatable: stringMap,
        images: atomicList(),
        volumesAttached: atomicList(),
        volumesInUse: atomicList(),
      },
    },
  },
};

const Namespace: SchemaNode = {
  fields: {
    spec: { embedded: true, fields: { finalizers: atomicList() } },
    status: { embedded: true, fields: { conditions } },
  },
};

const HPA: SchemaNode = {
  fields: {
    spec: { embedded: true, fields: { metrics: atomicList() } },
    status: { embedded: true, fields: { conditions, currentMetrics: atomicList() } },
  },
};

const KIND_ROOTS: Record<string, SchemaNode> = {
  Pod: { fields: { spec: { ...PodSpec, embedded: true }, status: PodStatus } },
  Deployment,
  ReplicaSet,
  Service,
  Node,
  Namespace,
  HorizontalPodAutoscaler: HPA,
  ConfigMap: { fields: { data: stringMap, binaryData: stringMap } },
  Secret: { fields: { data: stringMap, stringData: stringMap } },
  ServiceAccount: { fields: { secrets: keyed('name', {}, ['name'], true), imagePullSecrets: atomicList() } },
  Endpoints: { fields: { subsets: atomicList() } },
  EndpointSlice: { fields: { endpoints: atomicList(), ports: atomicList() } },
  Lease: { fields: { spec: { embedded: true } } },
};

/** The schema root for a kind: its own facts plus the common metadata. Unknown kinds get metadata only. */
export function schemaForKind(kind: string | undefined): SchemaNode {
  const own = (kind && KIND_ROOTS[kind]) || {};
  return { ...own, fields: { ...own.fields, metadata: ObjectMeta } };
}

/** The node for a child key of `node` (a declared field or a map value); undefined = unknown. */
export function childSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  return node.fields?.[key] ?? node.values;
}

/** Is `key` an entry of a map (rather than a declared/assumed struct field) in this node? */
export function isMapEntry(node: SchemaNode | undefined, key: string): boolean {
  return !!node?.values && !node.fields?.[key];
}

/**
 * Strategic merge facts for the list at `path` (field names only, list positions skipped) of `kind`,
 * e.g. listFactsAt('Deployment', ['spec','template','spec','containers']) → merge by name.
 */
export function listFactsAt(kind: string, path: string[]): ListFacts | undefined {
  let node: SchemaNode | undefined = schemaForKind(kind);
  path.forEach((seg, i) => {
    node = childSchema(node, seg);
    if (node?.items && i < path.length - 1) node = node.items;
  });
  return node?.list;
}
