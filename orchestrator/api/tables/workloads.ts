// Deployment and ReplicaSet rows (upstream printDeployment / printReplicaSet).
import { DEPLOYMENT, META_CREATION, META_NAME, REPLICASET, TEMPLATE } from './descriptions.js';
import { since } from './duration.js';
import { containerCells, formatLabelSelector, int, selectorString } from './format.js';
import { col, type Printer } from './types.js';

/** spec.replicas is defaulted to 1 upstream; tolerate undefaulted objects the same way. */
function desired(spec: any): number {
  return spec?.replicas === undefined || spec?.replicas === null ? 1 : int(spec.replicas);
}

export const deploymentPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Ready', 'string', DEPLOYMENT.ready),
    col('Up-to-date', 'string', DEPLOYMENT.upToDate),
    col('Available', 'string', DEPLOYMENT.available),
    col('Age', 'string', META_CREATION),
    col('Containers', 'string', TEMPLATE.containers, 1),
    col('Images', 'string', TEMPLATE.images, 1),
    col('Selector', 'string', DEPLOYMENT.selector, 1),
  ],
  row(obj, now) {
    const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
    const selector = selectorString(obj.spec?.selector) ?? '<invalid>';
    return {
      cells: [
        obj.metadata.name ?? '',
        `${int(obj.status?.readyReplicas)}/${desired(obj.spec)}`,
        int(obj.status?.updatedReplicas),
        int(obj.status?.availableReplicas),
        since(obj.metadata.creationTimestamp, now),
        names,
        images,
        selector,
      ],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Desired', 'integer', REPLICASET.desired),
    col('Current', 'integer', REPLICASET.current),
    col('Ready', 'integer', REPLICASET.ready),
    col('Age', 'string', META_CREATION),
    col('Containers', 'string', TEMPLATE.containers, 1),
    col('Images', 'string', TEMPLATE.images, 1),
    col('Selector', 'string', REPLICASET.selector, 1),
  ],
  row(obj, now) {
    const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        desired(obj.spec),
        int(obj.status?.replicas),
        int(obj.status?.readyReplicas),
        since(obj.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(obj.spec?.selector),
      ],
    };
  },
};
