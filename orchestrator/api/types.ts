// Shared shapes between the store, the registry and the API server.

/** Any Kubernetes object as JSON. Kinds are validated structurally, not by TS types. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: any;
};

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: any[];
  [key: string]: any;
}

/** Upstream field.Error types, as they appear in Status causes. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indices, as upstream prints it: spec.template.spec.containers[0].name */
  field: string;
  /** Upstream-style detail, e.g. "must be no more than 63 characters". */
  detail?: string;
  /** The offending value (rendered into the message like upstream). */
  value?: unknown;
  /** For NotSupported: the allowed values. */
  allowed?: string[];
}

/** A resource served by the API (one entry per group/version/resource). */
export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  resource: string; // plural, e.g. 'deployments'
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Subresources served, e.g. ['status', 'scale']. */
  subresources?: string[];
  /** Storage identity: resources sharing this (e.g. hpa v1/v2) share objects. */
  storage: string; // e.g. 'apps/deployments'
  /** Preferred/storage version for the group (objects are stored in this version). */
  storageVersion: string;
}
