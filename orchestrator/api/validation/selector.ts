// LabelSelector validation and matching (meta/v1 LabelSelector semantics).
import type { FieldError } from '../types.js';
import { RenderedValue } from '../errors.js';
import { forbidden, goStringMap, goStringSlice, invalid, isObj, required } from './errs.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { validateLabels } from './meta.js';

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] }[] | null;
}

export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  exprs.forEach((e: any, i: number) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(
            forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        break;
      default:
        errs.push(invalid(`${p}.operator`, e?.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(String(e?.key ?? ''))) errs.push(invalid(`${p}.key`, e?.key ?? '', m));
    values.forEach((v: unknown, j: number) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

export function selectorIsEmpty(sel: LabelSelector | null | undefined): boolean {
  return (
    !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)
  );
}

export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Go's %#v of a v1.LabelSelector, as upstream prints it in "field is immutable" errors. */
export function goLabelSelector(sel: LabelSelector | null | undefined): RenderedValue {
  if (!sel) return new RenderedValue('null');
  const ml = sel.matchLabels ? goStringMap(sel.matchLabels).text : 'map[string]string(nil)';
  const me = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${goStringSlice(e.values).text}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new RenderedValue(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}
