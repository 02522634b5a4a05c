// Mutating admission: plugins that change an object on its way into the store, before validation.
// They run just before defaulting (see Registry.create), so a plugin's value wins over a default.
import type { KubeObject, ResourceInfo } from '../types.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE';

export interface MutatingAdmission {
  name: string;
  /** Changes obj in place; info and subresource say what is being written. */
  admit(info: ResourceInfo, obj: KubeObject, op: AdmissionOperation, subresource?: string): void;
}

/** Runs every plugin in order. */
export function runAdmission(
  plugins: readonly MutatingAdmission[] | undefined,
  info: ResourceInfo,
  obj: KubeObject,
  op: AdmissionOperation,
  subresource?: string,
): void {
  for (const p of plugins ?? []) p.admit(info, obj, op, subresource);
}
