// Per-request options that shape how the registry pipeline treats a write.

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The authenticated user a write is made for (CSR requestor fields). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface WriteOptions {
  /** Who sent the request; undefined for in-process writes. */
  user?: UserInfo;
  dryRun?: boolean;
  fieldManager?: string;
  /** Server default is Warn, like upstream. */
  fieldValidation?: FieldValidation;
  /** Collected `Warning:` header texts. */
  warnings?: string[];
  /** SSA: take ownership on conflicts. */
  force?: boolean;
  /** How managedFields records this write (Apply for server-side apply). */
  managerOperation?: 'Apply' | 'Update';
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** Items are the store's own objects (read-only): for responses that only serialise them. */
  readOnly?: boolean;
}
