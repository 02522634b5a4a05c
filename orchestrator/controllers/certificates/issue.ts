// Issues an X.509 client certificate for a parsed CSR with the cluster CA (upstream
// pkg/controller/certificates/authority): the CSR's subject and public key as requested, key
// usages from spec.usages, not a CA, NotBefore backdated for clock skew, NotAfter capped by the CA.
import { randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import type { ParsedCsr } from '../../api/certificates/csr.js';

/** Upstream's backdate for clock skew. */
export const BACKDATE_MS = 5 * 60 * 1000;

export interface IssueOptions {
  ca: { cert: string; key: string };
  usages: string[];
  /** Validity requested (already bounded by the signer). */
  durationMs: number;
  now: Date;
}

const KEY_USAGE_FLAGS: Record<string, string> = {
  'digital signature': 'digitalSignature',
  'key encipherment': 'keyEncipherment',
  'content commitment': 'nonRepudiation',
  'data encipherment': 'dataEncipherment',
  'key agreement': 'keyAgreement',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
  'encipher only': 'encipherOnly',
  'decipher only': 'decipherOnly',
};

const EXT_KEY_USAGE_FLAGS: Record<string, string> = {
  'client auth': 'clientAuth',
  'server auth': 'serverAuth',
  'code signing': 'codeSigning',
  'email protection': 'emailProtection',
  timestamping: 'timeStamping',
};

/** TBSCertificate children: version, serial, signature, issuer, validity, subject, spki, extensions. */
const TBS_SUBJECT = 5;
const TBS_SPKI = 6;

/** PEM certificate for the request. */
export function issueCertificate(csr: ParsedCsr, opts: IssueOptions): string {
  const caCert = forge.pki.certificateFromPem(opts.ca.cert);
  const cert = forge.pki.createCertificate();
  // forge builds the TBS from an RSA key object; the CSR's own SubjectPublicKeyInfo (any key
  // type) replaces it below, as does the subject, so both are copied byte for byte.
  cert.publicKey = caCert.publicKey;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const caNotBefore = caCert.validity.notBefore.getTime();
  const caNotAfter = caCert.validity.notAfter.getTime();
  const notBefore = Math.max(opts.now.getTime() - BACKDATE_MS, caNotBefore);
  cert.validity.notBefore = new Date(notBefore);
  cert.validity.notAfter = new Date(Math.min(opts.now.getTime() + opts.durationMs, caNotAfter));
  cert.setIssuer(caCert.subject.attributes);
  const keyUsage: Record<string, unknown> = { name: 'keyUsage', critical: true };
  const extKeyUsage: Record<string, unknown> = { name: 'extKeyUsage' };
  for (const u of opts.usages) {
    if (KEY_USAGE_FLAGS[u]) keyUsage[KEY_USAGE_FLAGS[u]] = true;
    if (EXT_KEY_USAGE_FLAGS[u]) extKeyUsage[EXT_KEY_USAGE_FLAGS[u]] = true;
  }
  const extensions: Record<string, unknown>[] = [];
  if (Object.keys(keyUsage).length > 2) extensions.push(keyUsage);
  if (Object.keys(extKeyUsage).length > 1) extensions.push(extKeyUsage);
  extensions.push({ name: 'basicConstraints', cA: false, critical: true });
  extensions.push({
    name: 'authorityKeyIdentifier',
    keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
  });
  cert.setExtensions(extensions);
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  const tbs = (
    forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }
  ).getTBSCertificate(cert);
  const parts = tbs.value as forge.asn1.Asn1[];
  parts[TBS_SUBJECT] = csr.subjectAsn1;
  parts[TBS_SPKI] = csr.publicKeyInfo;
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, opts.ca.key).toString('binary');
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}
