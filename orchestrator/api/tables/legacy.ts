// ReplicationController, PodTemplate and CertificateSigningRequest rows (upstream
// printReplicationController, printPodTemplate, printCertificateSigningRequest).
import { META_CREATION, META_NAME, TEMPLATE } from './descriptions.js';
import { humanDuration, since } from './duration.js';
import { containerCells, formatLabels, int } from './format.js';
import type { KubeObject } from '../types.js';
import { col, type Printer } from './types.js';

// Column descriptions are the v1 API field docs, as upstream fills them from SwaggerDoc().
const RC = {
  desired:
    'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
  current:
    'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
  ready: 'The number of ready replicas for this replication controller.',
  selector:
    'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
};

const CSR = {
  signerName:
    'signerName indicates the requested signer, and is a qualified name.\n\nList/watch requests for CertificateSigningRequests can filter on this field using a "spec.signerName=NAME" fieldSelector.',
  requestor:
    'request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block. When serialized as JSON or YAML, the data is additionally base64-encoded.',
  requestedDuration:
    'expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.',
  condition: 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".',
};

export const replicationControllerPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Desired', 'integer', RC.desired),
    col('Current', 'integer', RC.current),
    col('Ready', 'integer', RC.ready),
    col('Age', 'string', META_CREATION),
    col('Containers', 'string', TEMPLATE.containers, 1),
    col('Images', 'string', TEMPLATE.images, 1),
    col('Selector', 'string', RC.selector, 1),
  ],
  row(obj, now) {
    const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
    const replicas = obj.spec?.replicas;
    return {
      cells: [
        obj.metadata.name ?? '',
        replicas === undefined || replicas === null ? 1 : int(replicas),
        int(obj.status?.replicas),
        int(obj.status?.readyReplicas),
        since(obj.metadata.creationTimestamp, now),
        names,
        images,
        formatLabels(obj.spec?.selector),
      ],
    };
  },
};

export const podTemplatePrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Containers', 'string', TEMPLATE.containers),
    col('Images', 'string', TEMPLATE.images),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  row(obj) {
    const [names, images] = containerCells(obj.template?.spec?.containers);
    return { cells: [obj.metadata.name ?? '', names, images, formatLabels(obj.template?.metadata?.labels)] };
  },
};

/** extractCSRStatus: Denied beats Approved beats Pending, then ",Failed" and ",Issued". */
export function csrCondition(obj: KubeObject): string {
  const types = new Set<string>(
    ((obj.status?.conditions ?? []) as { type?: string }[]).map((c) => c.type ?? ''),
  );
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (obj.status?.certificate) s += ',Issued';
  return s;
}

export const certificateSigningRequestPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Age', 'string', META_CREATION),
    col('SignerName', 'string', CSR.signerName),
    col('Requestor', 'string', CSR.requestor),
    col('RequestedDuration', 'string', CSR.requestedDuration),
    col('Condition', 'string', CSR.condition),
  ],
  row(obj, now) {
    const secs = obj.spec?.expirationSeconds;
    return {
      cells: [
        obj.metadata.name ?? '',
        since(obj.metadata.creationTimestamp, now),
        obj.spec?.signerName || '<none>',
        obj.spec?.username ?? '',
        typeof secs === 'number' ? humanDuration(secs * 1000) : '<none>',
        csrCondition(obj),
      ],
    };
  },
};
