// Container resource requirements (ValidateResourceRequirements in pkg/apis/core/validation).
import type { FieldError } from '../types.js';
import { invalid, isObj } from './errs.js';
import { isQualifiedName } from './names.js';
import { QUANTITY_REGEX_TEXT, quantityOf } from './quantity.js';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const INTEGER_ONLY_EXEMPT = new Set(['cpu', 'memory', 'ephemeral-storage']);

function resourceNameErrors(name: string, path: string): FieldError[] {
  if (STANDARD_CONTAINER.has(name) || name.startsWith('hugepages-')) return [];
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/'))
    return [invalid(path, name, 'must be a standard resource type or fully qualified')];
  if (name.startsWith('kubernetes.io/') || name.startsWith('requests.'))
    return [invalid(path, name, 'must be a standard resource for containers')];
  return [];
}

function quantityText(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(v);
}

/** Parses and checks one resource list; returns the parsed values for the requests ≤ limits check. */
function validateList(list: unknown, path: string, errs: FieldError[]): Map<string, number> {
  const out = new Map<string, number>();
  if (!isObj(list)) return out;
  for (const [name, raw] of Object.entries(list)) {
    const p = `${path}[${name}]`;
    errs.push(...resourceNameErrors(name, p));
    const q = quantityOf(raw);
    if (q === undefined) {
      errs.push(
        invalid(
          p,
          quantityText(raw),
          `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`,
        ),
      );
      continue;
    }
    if (q < 0) errs.push(invalid(p, quantityText(raw), 'must be greater than or equal to 0'));
    else if (!INTEGER_ONLY_EXEMPT.has(name) && !name.startsWith('hugepages-') && !Number.isInteger(q))
      errs.push(invalid(p, quantityText(raw), 'must be an integer'));
    out.set(name, q);
  }
  return out;
}

export function validateResourceRequirements(res: unknown, path: string): FieldError[] {
  if (!isObj(res)) return [];
  const errs: FieldError[] = [];
  const limits = validateList(res.limits, `${path}.limits`, errs);
  const requests = validateList(res.requests, `${path}.requests`, errs);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (lim !== undefined && req > lim) {
      errs.push(
        invalid(
          `${path}.requests[${name}]`,
          quantityText(res.requests[name]),
          `must be less than or equal to ${name} limit of ${quantityText(res.limits[name])}`,
        ),
      );
    }
    if (name.startsWith('hugepages-') && lim !== undefined && req !== lim)
      errs.push(
        invalid(
          `${path}.requests[${name}]`,
          quantityText(res.requests[name]),
          `must equal ${name} limit of ${quantityText(res.limits[name])}`,
        ),
      );
  }
  return errs;
}
