// Small kinds: Namespace, ConfigMap, Secret, ServiceAccount, Lease, and the NAME/AGE default.
import { META_CREATION, META_NAME, MISC } from './descriptions.js';
import { since } from './duration.js';
import { col, type Printer } from './types.js';

const nameCol = col('Name', 'string', META_NAME, 0, 'name');
const ageCol = col('Age', 'string', META_CREATION);

function count(m: unknown): number {
  return m && typeof m === 'object' ? Object.keys(m).length : 0;
}

export const namespacePrinter: Printer = {
  columns: [nameCol, col('Status', 'string', MISC.namespaceStatus), ageCol],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', o.status?.phase ?? '', since(o.metadata.creationTimestamp, now)],
  }),
};

export const configMapPrinter: Printer = {
  columns: [nameCol, col('Data', 'string', MISC.configMapData), ageCol],
  row: (o, now) => ({
    cells: [
      o.metadata.name ?? '',
      count(o.data) + count(o.binaryData),
      since(o.metadata.creationTimestamp, now),
    ],
  }),
};

export const secretPrinter: Printer = {
  columns: [nameCol, col('Type', 'string', MISC.secretType), col('Data', 'string', MISC.secretData), ageCol],
  row: (o, now) => ({
    // Upstream counts the internal Data map, which stringData has already been merged into.
    cells: [
      o.metadata.name ?? '',
      o.type ?? '',
      count({ ...o.data, ...o.stringData }),
      since(o.metadata.creationTimestamp, now),
    ],
  }),
};

export const serviceAccountPrinter: Printer = {
  columns: [nameCol, col('Secrets', 'string', MISC.serviceAccountSecrets), ageCol],
  row: (o, now) => ({
    cells: [
      o.metadata.name ?? '',
      Array.isArray(o.secrets) ? o.secrets.length : 0,
      since(o.metadata.creationTimestamp, now),
    ],
  }),
};

export const leasePrinter: Printer = {
  columns: [nameCol, col('Holder', 'string', MISC.leaseHolder), ageCol],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', since(o.metadata.creationTimestamp, now)],
  }),
};

/** Kinds without a dedicated printer: NAME and AGE. */
export const defaultPrinter: Printer = {
  columns: [nameCol, ageCol],
  row: (o, now) => ({ cells: [o.metadata.name ?? '', since(o.metadata.creationTimestamp, now)] }),
};
