// The version this agent reports as its kubelet version (matches the API server's minor).
export const KUBELET_VERSION = 'v1.33.0-kubedeck';
