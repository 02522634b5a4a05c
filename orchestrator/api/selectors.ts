// Label and field selectors with upstream's grammar, matching rules and error messages
// (apimachinery pkg/labels/selector.go, pkg/fields/selector.go, and each kind's
// field-label conversion + ToSelectableFields in pkg/apis/*/v1 and pkg/registry/*).
import { badRequest } from './errors.js';
import type { KubeObject, ResourceInfo } from './types.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';

// ---------------------------------------------------------------------------------------
// Label selectors

export type LabelOp = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';
export type LabelRequirement = { key: string; op: LabelOp; values: string[] };

/** Metav1 LabelSelector as it appears in objects (deployment.spec.selector, …). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

type Tok = 'id' | 'in' | 'notin' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'end';
interface Token {
  tok: Tok;
  lit: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set<string>(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPS = 'in, notin, =, ==, !=, gt, lt';

/** Splits a selector into tokens the way upstream's Lexer does (longest symbol match). */
function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && WHITESPACE.has(s[i])) i++;
    if (i >= s.length) {
      out.push({ tok: 'end', lit: '' });
      return out;
    }
    if (SPECIAL.has(s[i])) {
      // Grow the symbol while it is still a known token ("!" → "!="); every single special
      // character is a token on its own, so this always yields at least one character.
      let best = s[i];
      while (i + best.length < s.length && SYMBOLS.has(best + s[i + best.length])) best += s[i + best.length];
      i += best.length;
      out.push({ tok: best as Tok, lit: best });
      continue;
    }
    let j = i;
    while (j < s.length && !SPECIAL.has(s[j]) && !WHITESPACE.has(s[j])) j++;
    const word = s.slice(i, j);
    i = j;
    out.push({ tok: word === 'in' || word === 'notin' ? word : 'id', lit: word });
  }
}

class LabelParser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  /** In "values" context upstream treats the keywords in/notin as plain identifiers. */
  private peek(values = true): Token {
    const t = this.toks[this.pos];
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }
  private next(values = true): Token {
    const t = this.peek(values);
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.tok === 'end') return reqs;
      if (t.tok !== 'id' && t.tok !== '!')
        throw new Error(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
      }
      const sep = this.next();
      if (sep.tok === 'end') return reqs;
      if (sep.tok !== ',') throw new Error(`found '${sep.lit}', expected: ',' or 'end of string'`);
      const after = this.peek();
      if (after.tok !== 'id' && after.tok !== '!')
        throw new Error(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next();
    let unary: LabelOp | undefined;
    if (t.tok === '!') {
      unary = '!';
      t = this.next();
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const la = this.peek().tok;
    if (unary || la === 'end' || la === ',') return newRequirement(key, unary ?? 'exists', []);

    const opTok = this.next(false);
    const op = (
      { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' } as const
    )[opTok.tok as string];
    if (!op) throw new Error(`found '${opTok.lit}', expected: ${BINARY_OPS}`);
    return newRequirement(key, op, op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue());
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok === ')') {
      this.next();
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',')
      throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const set = new Set<string>();
    for (;;) {
      const t = this.next();
      if (t.tok === 'id') {
        set.add(t.lit);
        const la = this.peek();
        if (la.tok === ',') continue;
        if (la.tok === ')') break;
        throw new Error(`found '${la.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        // Empty members ("(,a)", "(a,,b)", "(a,)") stand for the empty value.
        if (set.size === 0) set.add('');
        const la = this.peek();
        if (la.tok === ')') {
          set.add('');
          break;
        }
        if (la.tok === ',') {
          this.next();
          set.add('');
        }
      } else {
        throw new Error(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    const close = this.next();
    if (close.tok !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
    return [...set].sort();
  }

  private exactValue(): string[] {
    const la = this.peek();
    if (la.tok === 'end' || la.tok === ',') return [''];
    const t = this.next();
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }
}

/** Go's %q for the ASCII-ish strings that show up in selectors. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

function goStringSlice(vals: string[]): string {
  return `[]string{${vals.map(goQuote).join(', ')}}`;
}

const INT64 = /^[+-]?\d+$/;
function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** Validates like labels.NewRequirement; throws the aggregated field errors as one message. */
function newRequirement(key: string, op: LabelOp, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`,
        );
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`,
        );
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`,
        );
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
        );
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(
            `values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
      });
      break;
  }
  values.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: ${ve.join('; ')}`);
  });
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return { key, op, values };
}

function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // Array#sort is stable
}

/** Parses a labelSelector query parameter. Throws StatusError 400 BadRequest on bad syntax. */
export function parseLabelSelector(s: string): LabelRequirement[] {
  try {
    return sortByKey(new LabelParser(lex(s)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** A requirement no label set satisfies: upstream's nil LabelSelector selects nothing. */
const NOTHING: LabelRequirement = { key: '', op: 'in', values: [] };

/**
 * metav1.LabelSelector → requirements (LabelSelectorAsSelector). undefined/null selects
 * nothing; an empty selector selects everything. Throws StatusError 400 when invalid.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject | undefined | null): LabelRequirement[] {
  if (sel == null) return [NOTHING];
  const reqs: LabelRequirement[] = [];
  try {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
    for (const expr of sel.matchExpressions ?? []) {
      const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[expr.operator];
      if (!op) throw new Error(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
      reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
    }
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return sortByKey(reqs);
}

export function matchLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const ls = labels ?? {};
  for (const r of reqs) if (!matchRequirement(r, ls)) return false;
  return true;
}

function matchRequirement(r: LabelRequirement, ls: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(ls, r.key);
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(ls[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(ls[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const have = parseInt64(ls[r.key]);
      const want = parseInt64(r.values[0]);
      if (have === undefined || want === undefined) return false;
      return r.op === 'gt' ? have > want : have < want;
    }
  }
}

function requirementString(r: LabelRequirement): string {
  const prefix = r.op === '!' ? '!' : '';
  if (r.op === 'exists' || r.op === '!') return `${prefix}${r.key}`;
  const op = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' }[r.op];
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  return r.op === 'in' || r.op === 'notin' ? `${r.key}${op}(${vals})` : `${r.key}${op}${vals}`;
}

/** Requirements rendered as upstream's Selector.String(): "app=web,tier in (a,b)". */
export function labelSelectorString(reqs: LabelRequirement[]): string {
  return reqs.map(requirementString).join(',');
}

/**
 * metav1.FormatLabelSelector, as kubectl shows in the SELECTOR column: "<none>" when the
 * selector is nil or empty, "<error>" when it is invalid. Also accepts parsed requirements.
 */
export function formatLabelSelector(
  sel: LabelSelectorObject | LabelRequirement[] | undefined | null,
): string {
  let reqs: LabelRequirement[];
  if (Array.isArray(sel)) reqs = sel;
  else if (sel == null) reqs = [];
  else {
    try {
      reqs = labelSelectorFromObject(sel);
    } catch {
      return '<error>';
    }
  }
  const s = labelSelectorString(reqs);
  return s === '' ? '<none>' : s;
}

// ---------------------------------------------------------------------------------------
// Field selectors

export type FieldRequirement = { field: string; op: '=' | '==' | '!='; value: string };

/** Splits on unescaped commas, keeping escapes in place (fields.splitTerms). */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator occurrence splits a term; "!=" and "==" win over "=" at the same spot. */
function splitTerm(term: string): [string, FieldRequirement['op'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: \\ \, \= are escapes; bare , or = and any other escape are errors. */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as its number.
      throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses a fieldSelector query parameter. Throws StatusError 400 BadRequest on bad syntax. */
export function parseFieldSelector(s: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  // Upstream sorts the raw terms first, which decides which bad term is reported.
  for (const part of splitTerms(s).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, op, raw] = split;
    try {
      reqs.push({ field, op, value: unescapeValue(raw) });
    } catch (e) {
      throw badRequest((e as Error).message);
    }
  }
  return reqs;
}

/** Renders requirements back to selector syntax with values escaped (fields.EscapeValue). */
export function fieldSelectorString(reqs: FieldRequirement[]): string {
  const esc = (v: string) => v.replace(/[\\,=]/g, (c) => `\\${c}`);
  return reqs.map((r) => `${r.field}${r.op === '!=' ? '!=' : '='}${esc(r.value)}`).join(',');
}

type FieldGetter = (o: KubeObject) => string;
interface FieldSupport {
  /** Accepted label → canonical field (the field label conversion function). */
  labels: Record<string, string>;
  /** Canonical field → value (ToSelectableFields). Missing fields read as "". */
  fields: Record<string, FieldGetter>;
}

/** Scalars as Go would print them; objects (malformed data) read as "" rather than "[object Object]". */
const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
      ? String(v)
      : '';
const bool = (v: unknown): string => (v === true ? 'true' : 'false');
const identityLabels = (...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, n]));
const META: Record<string, FieldGetter> = {
  'metadata.name': (o) => str(o.metadata?.name),
  'metadata.namespace': (o) => str(o.metadata?.namespace),
};

// Core v1 Events are stored in core form; tolerate events.k8s.io field names too.
const ref = (o: KubeObject) => o.involvedObject ?? o.regarding ?? {};
const reporting = (o: KubeObject) => str(o.reportingComponent ?? o.reportingController);
const EVENT_FIELDS: Record<string, FieldGetter> = {
  ...META,
  'involvedObject.kind': (o) => str(ref(o).kind),
  'involvedObject.namespace': (o) => str(ref(o).namespace),
  'involvedObject.name': (o) => str(ref(o).name),
  'involvedObject.uid': (o) => str(ref(o).uid),
  'involvedObject.apiVersion': (o) => str(ref(o).apiVersion),
  'involvedObject.resourceVersion': (o) => str(ref(o).resourceVersion),
  'involvedObject.fieldPath': (o) => str(ref(o).fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: reporting,
  source: (o) => str(o.source?.component ?? o.deprecatedSource?.component) || reporting(o),
  type: (o) => str(o.type),
};
const EVENT_LABELS = identityLabels(
  ...Object.keys(EVENT_FIELDS).filter((f) => f !== 'metadata.name' && f !== 'metadata.namespace'),
  'metadata.name',
  'metadata.namespace',
);

const DEFAULT_SUPPORT: FieldSupport = {
  labels: identityLabels('metadata.name', 'metadata.namespace'),
  fields: META,
};

/** Per group/kind: pkg/apis/<group>/v1 field label conversions + pkg/registry ToSelectableFields. */
const SUPPORT: Record<string, FieldSupport> = {
  '/Pod': {
    labels: {
      ...identityLabels(
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName',
      ),
      'spec.host': 'spec.nodeName', // old v1 clients
    },
    fields: {
      ...META,
      'spec.nodeName': (o) => str(o.spec?.nodeName),
      'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
      'spec.schedulerName': (o) => str(o.spec?.schedulerName),
      'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName ?? o.spec?.serviceAccount),
      'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
      'status.phase': (o) => str(o.status?.phase),
      'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
      // status.podIPs is accepted but upstream never fills it into the field set: it reads as "".
      'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
    },
  },
  '/Node': {
    labels: identityLabels('metadata.name', 'spec.unschedulable'),
    fields: {
      'metadata.name': META['metadata.name'],
      'spec.unschedulable': (o) => bool(o.spec?.unschedulable),
    },
  },
  '/Namespace': {
    labels: identityLabels('metadata.name', 'status.phase'),
    fields: { 'metadata.name': META['metadata.name'], 'status.phase': (o) => str(o.status?.phase) },
  },
  '/Secret': {
    labels: identityLabels('metadata.name', 'metadata.namespace', 'type'),
    fields: { ...META, type: (o) => str(o.type) },
  },
  '/Service': {
    labels: identityLabels('metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'),
    fields: {
      ...META,
      'spec.clusterIP': (o) => str(o.spec?.clusterIP),
      'spec.type': (o) => str(o.spec?.type),
    },
  },
  '/Event': { labels: EVENT_LABELS, fields: EVENT_FIELDS },
  'events.k8s.io/Event': {
    labels: {
      ...identityLabels('metadata.name', 'metadata.namespace', 'reason', 'source', 'type'),
      'regarding.kind': 'involvedObject.kind',
      'regarding.namespace': 'involvedObject.namespace',
      'regarding.name': 'involvedObject.name',
      'regarding.uid': 'involvedObject.uid',
      'regarding.apiVersion': 'involvedObject.apiVersion',
      'regarding.resourceVersion': 'involvedObject.resourceVersion',
      'regarding.fieldPath': 'involvedObject.fieldPath',
      reportingController: 'reportingComponent',
    },
    fields: EVENT_FIELDS,
  },
  'apps/ReplicaSet': {
    labels: identityLabels('metadata.name', 'metadata.namespace', 'status.replicas'),
    fields: { ...META, 'status.replicas': (o) => String(Number(o.status?.replicas ?? 0)) },
  },
  '/ReplicationController': {
    labels: identityLabels('metadata.name', 'metadata.namespace', 'status.replicas'),
    fields: { ...META, 'status.replicas': (o) => String(Number(o.status?.replicas ?? 0)) },
  },
  'certificates.k8s.io/CertificateSigningRequest': {
    labels: identityLabels('metadata.name', 'spec.signerName'),
    fields: { 'metadata.name': META['metadata.name'], 'spec.signerName': (o) => str(o.spec?.signerName) },
  },
};

function supportFor(info: Pick<ResourceInfo, 'group' | 'kind'>): FieldSupport {
  return SUPPORT[`${info.group}/${info.kind}`] ?? DEFAULT_SUPPORT;
}

/** Rejects fields the kind cannot select on: 400 `field label not supported: <f>`. */
export function checkFieldSelector(
  info: Pick<ResourceInfo, 'group' | 'kind'>,
  reqs: FieldRequirement[],
): void {
  const s = supportFor(info);
  for (const r of reqs) {
    if (!Object.prototype.hasOwnProperty.call(s.labels, r.field))
      throw badRequest(`field label not supported: ${r.field}`);
  }
}

/** True when obj satisfies every requirement (unsupported fields read as "", like upstream). */
export function matchFields(
  info: Pick<ResourceInfo, 'group' | 'kind'>,
  reqs: FieldRequirement[],
  obj: KubeObject,
): boolean {
  if (reqs.length === 0) return true;
  const s = supportFor(info);
  for (const r of reqs) {
    const canonical = Object.prototype.hasOwnProperty.call(s.labels, r.field) ? s.labels[r.field] : r.field;
    const get = Object.prototype.hasOwnProperty.call(s.fields, canonical) ? s.fields[canonical] : undefined;
    const have = get ? get(obj) : '';
    if (r.op === '!=' ? have === r.value : have !== r.value) return false;
  }
  return true;
}
