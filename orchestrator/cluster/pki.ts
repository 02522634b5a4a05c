// Per-cluster PKI: a CA (10 years) and the API server's serving certificate (signed by it).
// RSA keys come from Node's crypto (fast, native); node-forge builds and signs the X.509 certificates.
import { X509Certificate, generateKeyPair, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import forge from 'node-forge';
import { writeFileAtomic } from './fs-atomic.js';
import type { ClusterPaths } from '../config/paths.js';

/** Names the serving certificate always covers (in-cluster names, host names, loopback). */
export const SERVING_DNS_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'host.docker.internal',
];
/** Loopback and the `kubernetes` Service IP (first address of the service range 10.96.0.0/12). */
export const SERVING_IPS = ['127.0.0.1', '10.96.0.1'];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
const SERVING_VALIDITY_DAYS = 395;
/** Reissue the serving cert on start when it expires sooner than this. */
const RENEW_BEFORE_DAYS = 30;

export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface ClusterPki {
  ca: KeyPairPem;
  server: KeyPairPem;
  /** True when anything was (re)generated during this call. */
  generated: boolean;
}

type RsaKey = { forgePub: forge.pki.rsa.PublicKey; pem: string };
const RSA_OPTIONS = {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
} as const;

function newRsaKey(): RsaKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', RSA_OPTIONS);
  return { forgePub: forge.pki.publicKeyFromPem(publicKey), pem: privateKey };
}

/** The same key, generated on libuv's thread pool so other start steps keep running meanwhile. */
function newRsaKeyAsync(): Promise<RsaKey> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', RSA_OPTIONS, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ forgePub: forge.pki.publicKeyFromPem(publicKey), pem: privateKey }),
    ),
  );
}

/** A positive 128-bit serial (high bit cleared so DER does not read it as negative). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  // Backdate an hour to tolerate clock skew between host and node containers.
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
}

export function generateCa(clusterName: string, key: RsaKey = newRsaKey()): KeyPairPem {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.forgePub;
  cert.serialNumber = serialNumber();
  validity(cert, CA_VALIDITY_DAYS);
  const subject = [
    { name: 'commonName', value: `kubedeck-ca-${clusterName}` },
    { name: 'organizationName', value: 'kubedeck' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signWith(cert, key.pem);
  return { cert: toPem(cert), key: key.pem };
}

/**
 * Signs with Node's native RSA (sha256WithRSAEncryption, PKCS#1 v1.5) instead of forge's
 * pure-JS big-integer code, which made certificate generation the slowest step of a first start.
 */
function signWith(cert: forge.pki.Certificate, keyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  const tbs = (
    forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }
  ).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, keyPem).toString('binary');
}

export interface ServingCertOptions {
  dnsNames?: string[];
  ips?: string[];
}

export function issueServingCert(ca: KeyPairPem, opts: ServingCertOptions = {}): KeyPairPem {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const key = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.forgePub;
  cert.serialNumber = serialNumber();
  validity(cert, SERVING_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caCert.subject.attributes);
  const dnsNames = unique([...SERVING_DNS_NAMES, ...(opts.dnsNames ?? [])]);
  const ips = unique([...SERVING_IPS, ...(opts.ips ?? [])]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signWith(cert, ca.key);
  return { cert: toPem(cert), key: key.pem };
}

/** forge writes CRLF line endings; keep PEM files and kubeconfig data in plain LF. */
function toPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** True when the serving cert is signed by the CA, not about to expire, and covers every wanted name. */
export function servingCertUsable(
  ca: KeyPairPem,
  server: KeyPairPem,
  opts: ServingCertOptions = {},
): boolean {
  try {
    const cert = new X509Certificate(server.cert);
    if (!cert.verify(new X509Certificate(ca.cert).publicKey)) return false;
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_DAYS * DAY_MS) return false;
    const san = cert.subjectAltName ?? '';
    const names = [...SERVING_DNS_NAMES, ...(opts.dnsNames ?? [])].map((n) => `DNS:${n}`);
    const ips = [...SERVING_IPS, ...(opts.ips ?? [])].map((ip) => `IP Address:${ip}`);
    const present = new Set(san.split(',').map((s) => s.trim()));
    return [...names, ...ips].every((n) => present.has(n));
  } catch {
    return false;
  }
}

function readPair(certFile: string, keyFile: string): KeyPairPem | undefined {
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/**
 * Loads the cluster CA, creating it when missing. It needs nothing but the state dir, so `start`
 * runs it while the network (whose gateway the serving cert names) is still being created.
 */
export async function ensureCa(paths: ClusterPaths): Promise<{ ca: KeyPairPem; generated: boolean }> {
  const existing = storedCa(paths);
  if (existing) return { ca: existing, generated: false };
  return { ca: saveCa(paths, generateCa(paths.name, await newRsaKeyAsync())), generated: true };
}

function storedCa(paths: ClusterPaths): KeyPairPem | undefined {
  mkdirSync(paths.pkiDir, { recursive: true, mode: 0o700 });
  return readPair(paths.caCert, paths.caKey);
}

function saveCa(paths: ClusterPaths, ca: KeyPairPem): KeyPairPem {
  writeFileAtomic(paths.caKey, ca.key, 0o600);
  writeFileAtomic(paths.caCert, ca.cert, 0o644);
  return ca;
}

/**
 * Loads the cluster PKI, creating what is missing. The CA is kept forever (kubeconfigs embed it);
 * the serving cert is reissued when missing, expiring, or lacking a wanted SAN.
 */
export function ensurePki(paths: ClusterPaths, opts: ServingCertOptions = {}): ClusterPki {
  const stored = storedCa(paths);
  const ca = stored ?? saveCa(paths, generateCa(paths.name));
  let generated = !stored;
  let server = readPair(paths.serverCert, paths.serverKey);
  if (!server || generated || !servingCertUsable(ca, server, opts)) {
    server = issueServingCert(ca, opts);
    writeFileAtomic(paths.serverKey, server.key, 0o600);
    writeFileAtomic(paths.serverCert, server.cert, 0o644);
    generated = true;
  }
  return { ca, server, generated };
}
