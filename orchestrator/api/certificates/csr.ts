// PKCS#10 certificate requests as CertificateSigningRequest.spec.request carries them (PEM bytes,
// base64 in JSON). Parsed with node-forge's ASN.1 reader and verified with Node's crypto, so any
// key type Node knows (RSA, ECDSA, Ed25519) works — forge's own CSR reader only handles RSA.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface ParsedCsr {
  /** Subject attributes in order, as [short name or OID, value]. */
  subject: { type: string; value: string }[];
  commonName?: string;
  organizations: string[];
  /** The subject Name as forge ASN.1 (copied into issued certificates as is). */
  subjectAsn1: forge.asn1.Asn1;
  /** SubjectPublicKeyInfo as forge ASN.1 (copied into issued certificates). */
  publicKeyInfo: forge.asn1.Asn1;
  publicKey: KeyObject;
}

// forge accepts an options object here; its type definitions only know the older boolean form.
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { decodeBitStrings: boolean },
) => forge.asn1.Asn1;

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

/** Signature algorithm OID → digest for crypto.verify (null: the key type fixes it, e.g. Ed25519). */
const DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

/** The PEM text of spec.request (a base64 string in JSON, or already-decoded bytes). */
export function requestPem(request: unknown): string {
  if (typeof request !== 'string') return '';
  return Buffer.from(request, 'base64').toString('latin1');
}

/**
 * Parses and checks the signature of a PEM "CERTIFICATE REQUEST". Throws an Error with upstream's
 * wording for the common failures.
 */
export function parseCsrPem(pem: string): ParsedCsr {
  const block = firstPemBlock(pem);
  if (!block || block.type !== 'CERTIFICATE REQUEST')
    throw new Error('PEM block type must be CERTIFICATE REQUEST');
  let root: forge.asn1.Asn1;
  try {
    // Bit strings stay opaque: an ECDSA signature would otherwise be decoded as nested ASN.1.
    root = fromDer(forge.util.createBuffer(block.der.toString('binary')), { decodeBitStrings: false });
  } catch (e) {
    throw new Error(`asn1: structure error: ${(e as Error).message}`, { cause: e });
  }
  const [info, sigAlg, sig] = children(root);
  const infoParts = children(info);
  if (!info || !sigAlg || !sig || infoParts.length < 3) throw new Error('asn1: structure error: not a CSR');
  const [, subjectSeq, spki] = infoParts;
  const publicKey = createPublicKey({
    key: Buffer.from(forge.asn1.toDer(spki).getBytes(), 'binary'),
    format: 'der',
    type: 'spki',
  });
  const algOid = forge.asn1.derToOid(children(sigAlg)[0].value as string);
  if (!(algOid in DIGESTS)) throw new Error(`x509: cannot verify signature: algorithm unimplemented`);
  const infoDer = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  // BIT STRING: the first byte counts unused bits (always 0 for signatures).
  const sigBytes = Buffer.from((sig.value as string).slice(1), 'binary');
  if (!verify(DIGESTS[algOid], infoDer, publicKey, sigBytes))
    throw new Error(`x509: ${keyLabel(publicKey)} verification failure`);
  const subject = readName(subjectSeq);
  return {
    subject,
    subjectAsn1: subjectSeq,
    commonName: subject.find((a) => a.type === 'CN')?.value,
    organizations: subject.filter((a) => a.type === 'O').map((a) => a.value),
    publicKeyInfo: spki,
    publicKey,
  };
}

function keyLabel(k: KeyObject): string {
  return k.asymmetricKeyType === 'rsa' ? 'crypto/rsa' : k.asymmetricKeyType === 'ec' ? 'ECDSA' : 'ed25519';
}

function children(n: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return n && Array.isArray(n.value) ? (n.value) : [];
}

/** RDNSequence → attributes (each RDN is a SET of type/value pairs). */
function readName(seq: forge.asn1.Asn1): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  for (const rdn of children(seq))
    for (const atv of children(rdn)) {
      const [oid, val] = children(atv);
      if (!oid || !val) continue;
      const id = forge.asn1.derToOid(oid.value as string);
      const raw = typeof val.value === 'string' ? val.value : '';
      // UTF8String (12) holds UTF-8 bytes; the other string types are single-byte.
      const value = val.type === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(raw) : raw;
      out.push({ type: SHORT_NAMES[id] ?? id, value });
    }
  return out;
}

/** First PEM block of a text (Go's pem.Decode): its type and DER bytes. */
export function firstPemBlock(text: string): { type: string; der: Buffer } | undefined {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2]
    .split(/\r?\n/)
    .filter((l) => !l.includes(':'))
    .join('');
  return { type: m[1], der: Buffer.from(body, 'base64') };
}

/** Every PEM block of a text, in order. */
export function pemBlocks(text: string): { type: string; der: Buffer }[] {
  const out: { type: string; der: Buffer }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push({ type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') });
  return out;
}
