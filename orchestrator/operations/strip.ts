// What the UI sees of an object: no managedFields (noise for people, like `kubectl get -o yaml`).
import type { KubeObject } from '../api/types.js';
import type { KObject } from '../contract/index.js';

export function forUi(obj: KubeObject): KObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
