// The kubernetes.io/kube-apiserver-client signer's decisions (upstream
// pkg/controller/certificates/signer): which CSRs it signs, which usages it accepts, and how long
// the certificate lives.
import type { KubeObject } from '../../api/types.js';

export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
/** Upstream --cluster-signing-duration default (one year). */
export const DEFAULT_CERT_TTL_MS = 365 * 24 * 60 * 60 * 1000;
const MIN_DURATION_MS = 10 * 60 * 1000;

const conditionTypes = (csr: KubeObject) =>
  new Set<string>(
    ((csr.status?.conditions ?? []) as { type?: string; status?: string }[])
      .filter((c) => c.status === 'True' || c.status === undefined)
      .map((c) => c.type ?? ''),
  );

/** Approved, not denied, not failed, not yet issued, and for a signer we run. */
export function wantsSigning(csr: KubeObject): boolean {
  if (csr.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return false;
  if (csr.status?.certificate) return false;
  const types = conditionTypes(csr);
  return types.has('Approved') && !types.has('Denied') && !types.has('Failed');
}

/** validAPIServerClientUsages: "client auth" required; digital signature and key encipherment allowed. */
export function clientUsagesError(usages: unknown): string | undefined {
  const list: string[] = Array.isArray(usages) ? usages : [];
  for (const u of list)
    if (!['client auth', 'digital signature', 'key encipherment'].includes(u))
      return `invalid usage for client certificate: ${u}`;
  if (!list.includes('client auth')) return 'missing required usage for client certificate: client auth';
  return undefined;
}

/** spec.expirationSeconds honoured between 10 minutes and the signer's TTL. */
export function certificateDurationMs(expirationSeconds: unknown, ttlMs = DEFAULT_CERT_TTL_MS): number {
  if (typeof expirationSeconds !== 'number') return ttlMs;
  const requested = expirationSeconds * 1000;
  return Math.min(ttlMs, Math.max(MIN_DURATION_MS, requested));
}
