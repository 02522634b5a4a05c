// Kubernetes quantities as settings and node dialogs accept them (a subset of resource.Quantity).
const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
/** Node container memory (`kubedeck node add --memory`): Docker's limit, suffixes up to Ti. */
const NODE_MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** A CPU quantity above 0: cores (2, 1.5) or millicores (500m). */
export function isCpuQuantity(v: string): boolean {
  return CPU.test(v) && Number.parseFloat(v) > 0;
}

/** A memory quantity above 0 (node capacity): like 4Gi or 2048Mi. */
export function isMemoryQuantity(v: string): boolean {
  return MEMORY.test(v) && Number.parseFloat(v) > 0;
}

/** A node container's memory above 0 (`--memory`, the Add node dialog): like 2Gi or 512Mi. */
export function isNodeMemoryQuantity(v: string): boolean {
  return NODE_MEMORY.test(v) && Number.parseFloat(v) > 0;
}
