// PKCS#10 parsing and checking (RSA and ECDSA) and certificate issuing with a cluster CA.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCsrPem } from '../../../orchestrator/api/certificates/csr.js';
import { issueCertificate, BACKDATE_MS } from '../../../orchestrator/controllers/certificates/issue.js';
import {
  certificateDurationMs,
  clientUsagesError,
  DEFAULT_CERT_TTL_MS,
  wantsSigning,
} from '../../../orchestrator/controllers/certificates/signer.js';
import { generateCa } from '../../../orchestrator/cluster/pki.js';
import { EC_CSR_PEM, csrObject, rsaCsr } from './helpers.js';

const CA = generateCa('csr-test');

describe('CSR parsing', () => {
  it('reads CN and O from an RSA request and checks its signature', () => {
    const { pem } = rsaCsr('jane', ['dev', 'ops']);
    const p = parseCsrPem(pem);
    expect(p.commonName).toBe('jane');
    expect(p.organizations).toEqual(['dev', 'ops']);
    expect(p.publicKey.asymmetricKeyType).toBe('rsa');
  });

  it('reads an ECDSA request (which node-forge alone cannot)', () => {
    const p = parseCsrPem(EC_CSR_PEM);
    expect(p.commonName).toBe('ec-user');
    expect(p.publicKey.asymmetricKeyType).toBe('ec');
  });

  it('refuses other PEM blocks, garbage and a broken signature', () => {
    expect(() => parseCsrPem('not pem')).toThrow('PEM block type must be CERTIFICATE REQUEST');
    expect(() => parseCsrPem(CA.cert)).toThrow('PEM block type must be CERTIFICATE REQUEST');
    const { pem } = rsaCsr('jane');
    // Flip one character of the signature (the last base64 line before END).
    const lines = pem.trim().split(/\r?\n/);
    const sigLine = lines[lines.length - 2];
    lines[lines.length - 2] = (sigLine[0] === 'A' ? 'B' : 'A') + sigLine.slice(1);
    expect(() => parseCsrPem(lines.join('\n'))).toThrow(/verification failure|structure error/);
  });
});

describe('certificate issuing', () => {
  const now = new Date();
  it('issues a client certificate with the request subject, signed by the CA, for the asked time', () => {
    const { pem, key } = rsaCsr('jane', ['dev']);
    const out = issueCertificate(parseCsrPem(pem), {
      ca: CA,
      usages: ['client auth', 'digital signature'],
      durationMs: 3600_000,
      now,
    });
    const x = new X509Certificate(out);
    expect(x.subject).toBe('CN=jane\nO=dev');
    expect(x.verify(new X509Certificate(CA.cert).publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(Date.parse(x.validTo)).toBeCloseTo(now.getTime() + 3600_000, -4);
    expect(Date.parse(x.validFrom)).toBeCloseTo(now.getTime() - BACKDATE_MS, -4);
  });

  it('keeps an ECDSA request key', () => {
    const out = issueCertificate(parseCsrPem(EC_CSR_PEM), {
      ca: CA,
      usages: ['client auth'],
      durationMs: 600_000,
      now,
    });
    const x = new X509Certificate(out);
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.verify(new X509Certificate(CA.cert).publicKey)).toBe(true);
  });

  it('bounds the requested duration like upstream (10 minutes to the signer TTL)', () => {
    expect(certificateDurationMs(undefined)).toBe(DEFAULT_CERT_TTL_MS);
    expect(certificateDurationMs(3600)).toBe(3600_000);
    expect(certificateDurationMs(60)).toBe(600_000);
    expect(certificateDurationMs(10 * 365 * 86400)).toBe(DEFAULT_CERT_TTL_MS);
  });

  it('accepts only client usages for kube-apiserver-client', () => {
    expect(clientUsagesError(['client auth', 'digital signature', 'key encipherment'])).toBeUndefined();
    expect(clientUsagesError(['server auth', 'client auth'])).toBe(
      'invalid usage for client certificate: server auth',
    );
    expect(clientUsagesError(['digital signature'])).toMatch(/client auth/);
  });

  it('signs only approved, undenied, unissued kube-apiserver-client requests', () => {
    const base = csrObject('x', rsaCsr('x').pem);
    const approved = { ...base, status: { conditions: [{ type: 'Approved', status: 'True' }] } };
    expect(wantsSigning(base)).toBe(false);
    expect(wantsSigning(approved)).toBe(true);
    expect(wantsSigning({ ...approved, spec: { ...base.spec, signerName: 'example.com/x' } })).toBe(
      false,
    );
    expect(wantsSigning({ ...approved, status: { ...approved.status, certificate: 'eA==' } })).toBe(false);
    expect(
      wantsSigning({
        ...approved,
        status: { conditions: [...approved.status.conditions, { type: 'Failed', status: 'True' }] },
      }),
    ).toBe(false);
  });
});
