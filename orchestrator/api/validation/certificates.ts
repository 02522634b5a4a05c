// certificates.k8s.io/v1 CertificateSigningRequest rules (pkg/apis/certificates/validation).
import type { FieldError, KubeObject } from '../types.js';
import { RenderedValue } from '../errors.js';
import { parseCsrPem, pemBlocks, requestPem } from '../certificates/csr.js';
import { duplicate, forbidden, invalid, isObj, notSupported, required, tooLong } from './errs.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName } from './names.js';
import { deepEqual } from './equal.js';

export const KEY_USAGES = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const TRUE_ONLY = new Set(['Approved', 'Denied', 'Failed']);
/** Upstream's minimum for spec.expirationSeconds (10 minutes). */
export const MIN_EXPIRATION_SECONDS = 600;

/** Go prints a []byte field value with %#v: `[]byte{0x2d, 0x2d, …}`. */
function goBytes(b64: unknown): RenderedValue {
  const bytes = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
  if (!bytes.length) return new RenderedValue('[]byte(nil)');
  return new RenderedValue(`[]byte{${[...bytes].map((x) => `0x${x.toString(16)}`).join(', ')}}`);
}

/** ValidateSignerName: `<fully qualified domain>/<path>`. */
export function validateSignerName(name: unknown, path: string): FieldError[] {
  if (typeof name !== 'string' || name === '') return [required(path)];
  const segments = name.split('/');
  if (segments.length !== 2)
    return [
      invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'"),
    ];
  const [domain, rest] = segments;
  const errs: FieldError[] = [];
  if (domain.length > 253) errs.push(tooLong(path, 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const msgs = isDNS1123Label(l);
    if (msgs.length) {
      for (const m of msgs) errs.push(invalid(path, domain, `validating label ${JSON.stringify(l)}: ${m}`));
      break;
    }
  }
  if (labels.length < 2)
    errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  if (rest.length > 253 + 63 + 1) errs.push(tooLong(path, 253 + 63 + 1));
  for (const m of isDNS1123Subdomain(rest)) errs.push(invalid(path, rest, m));
  return errs;
}

function validateConditions(conditions: unknown): FieldError[] {
  const path = 'status.conditions';
  if (!Array.isArray(conditions)) return [];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditions.forEach((c: any, i: number) => {
    const p = `${path}[${i}]`;
    const type = isObj(c) ? String(c.type ?? '') : '';
    const status = isObj(c) ? String(c.status ?? '') : '';
    if (!type) errs.push(required(`${p}.type`));
    if (!CONDITION_STATUSES.includes(status))
      errs.push(notSupported(`${p}.status`, status, CONDITION_STATUSES));
    if (seen.has(type)) errs.push(duplicate(`${p}.type`, type));
    seen.add(type);
    if (TRUE_ONLY.has(type) && status !== 'True') errs.push(notSupported(`${p}.status`, status, ['True']));
    if (type === 'Approved') approved = true;
    if (type === 'Denied') denied = true;
  });
  if (approved && denied)
    errs.push(
      invalid(path, new RenderedValue('[…]'), 'Approved and Denied conditions are mutually exclusive'),
    );
  return errs;
}

/** status.certificate, when set, must be PEM CERTIFICATE blocks and nothing else. */
function validateCertificate(b64: unknown): string | undefined {
  if (b64 === undefined || b64 === null || b64 === '') return undefined;
  const text = typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('latin1') : '';
  const blocks = pemBlocks(text);
  if (!blocks.length) return 'must contain at least one CERTIFICATE PEM block';
  if (blocks.some((b) => b.type !== 'CERTIFICATE'))
    return (
      'only CERTIFICATE PEM blocks are allowed, found "' +
      blocks.find((b) => b.type !== 'CERTIFICATE')!.type +
      '"'
    );
  return undefined;
}

const csrName = (name: string): string[] => isValidPathSegmentName(name);

export function validateCertificateSigningRequest(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: csrName });
  const spec = isObj(obj.spec) ? obj.spec : {};
  try {
    parseCsrPem(requestPem(spec.request));
  } catch (e) {
    errs.push(invalid('spec.request', goBytes(spec.request), (e as Error).message));
  }
  const usages: unknown[] = Array.isArray(spec.usages) ? spec.usages : [];
  if (!usages.length) errs.push(required('spec.usages'));
  const seen = new Set<unknown>();
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u as string)) errs.push(notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
    if (seen.has(u)) errs.push(duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  if (spec.signerName === 'kubernetes.io/legacy-unknown')
    errs.push(
      invalid(
        'spec.signerName',
        spec.signerName,
        'the legacy signerName is not allowed via this API version',
      ),
    );
  else errs.push(...validateSignerName(spec.signerName, 'spec.signerName'));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < MIN_EXPIRATION_SECONDS)
    errs.push(
      invalid(
        'spec.expirationSeconds',
        spec.expirationSeconds,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  const status = isObj(obj.status) ? obj.status : {};
  errs.push(...validateConditions(status.conditions));
  const certErr = validateCertificate(status.certificate);
  if (certErr) errs.push(invalid('status.certificate', '<certificate data>', certErr));
  return errs;
}

const hasCondition = (o: KubeObject, type: string) =>
  Array.isArray(o.status?.conditions) && o.status.conditions.some((c: any) => c?.type === type);

/** Updates (main resource, status and approval): approval/denial and an issued certificate stick. */
export function validateCertificateSigningRequestUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateCertificateSigningRequest(obj),
  ];
  for (const t of ['Approved', 'Denied'])
    if (hasCondition(old, t) && !hasCondition(obj, t))
      errs.push(
        forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(t)}`),
      );
  const oldCert = old.status?.certificate;
  if (oldCert && !deepEqual(oldCert, obj.status?.certificate))
    errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
  return errs;
}
