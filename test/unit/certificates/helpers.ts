// CSR fixtures: an RSA request built here (Node makes the key, node-forge the PKCS#10), and a
// fixed ECDSA P-256 request made once with `openssl req` (forge cannot build EC requests).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { KubeObject } from '../../../orchestrator/api/types.js';

export const EC_CSR_PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHMMHQCAQAwEjEQMA4GA1UEAwwHZWMtdXNlcjBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABAtBDvmUzWDy7SagIoZS/kBiWxonP8HFAng3puhfsmud9rpkvn0KNIl0
R/DmNP9D4Ci4vaTezingXw5LvSrJMBqgADAKBggqhkjOPQQDAgNIADBFAiBJe3DN
Y3ZycB9gTDr9wvHs+PpdJkKa5CwcrCfcNDIA/wIhAN7wkcTPY5TD2gDUZqMjo+3V
GF1pFW26xV9L2FpGMuw1
-----END CERTIFICATE REQUEST-----
`;

/** A signed RSA CSR for CN=`cn`, one O per group, and its private key. */
export function rsaCsr(cn: string, groups: string[] = []): { pem: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([
    { name: 'commonName', value: cn },
    ...groups.map((g) => ({ name: 'organizationName', value: g })),
  ]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { pem: forge.pki.certificationRequestToPem(csr), key: privateKey };
}

export function csrObject(name: string, pem: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(pem).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      ...spec,
    },
  };
}
