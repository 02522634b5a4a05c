// dryRun as upstream reads it: from the query on every write, and from the body's DeleteOptions
// (DELETE bodies and the Eviction's deleteOptions), each value checked against "All".
import { badRequest } from '../api/errors.js';
import type { DeleteOptions } from '../api/registry/context.js';

/** True when the values ask for a dry run; any value other than "All" is refused like upstream. */
export function dryRunOf(values: readonly unknown[]): boolean {
  for (const d of values)
    if (d !== 'All')
      throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(d)}: supported values: "All"`);
  return values.length > 0;
}

export function queryDryRun(q: URLSearchParams): boolean {
  return dryRunOf(q.getAll('dryRun'));
}

/** Reads a DeleteOptions object (a DELETE body, or an Eviction's deleteOptions). */
export function deleteOptionsFrom(parsed: unknown): DeleteOptions {
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw badRequest('DeleteOptions must be an object');
  const o = parsed as Record<string, unknown>;
  if (o.dryRun !== undefined && o.dryRun !== null && !Array.isArray(o.dryRun))
    throw badRequest('DeleteOptions.dryRun must be a list of strings');
  const opts: DeleteOptions = {
    gracePeriodSeconds: o.gracePeriodSeconds as number | undefined,
    propagationPolicy: o.propagationPolicy as DeleteOptions['propagationPolicy'],
    preconditions: o.preconditions as DeleteOptions['preconditions'],
    dryRun: Array.isArray(o.dryRun) ? dryRunOf(o.dryRun) : undefined,
  };
  if (o.orphanDependents === true && !opts.propagationPolicy) opts.propagationPolicy = 'Orphan';
  return opts;
}

/**
 * The DeleteOptions an eviction deletes with: the body's deleteOptions, with the query's dryRun
 * joined in (upstream's propagateDryRun: either side may carry it; both must then agree).
 */
export function evictionDeleteOptions(eviction: Record<string, unknown>, q: URLSearchParams): DeleteOptions {
  const query = q.getAll('dryRun');
  dryRunOf(query);
  const body = eviction.deleteOptions as Record<string, unknown> | undefined | null;
  const bodyDry = Array.isArray(body?.dryRun) ? (body.dryRun as unknown[]) : [];
  if (query.length && bodyDry.length && JSON.stringify(query) !== JSON.stringify(bodyDry)) {
    throw badRequest(
      `DryRun in DeleteOptions ([${bodyDry.join(' ')}]) does not match DryRun in CreateOptions ([${query.join(' ')}])`,
    );
  }
  const opts = deleteOptionsFrom(body);
  if (query.length) opts.dryRun = true;
  return opts;
}
