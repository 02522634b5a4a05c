// Runs an operation for a shell (HTTP here, IPC in main/) and answers with the contract's envelope:
// `{result}` or `{error}` carrying the Status reason, code and field causes, never a thrown error.
import { StatusError } from '../api/errors.js';
import { isOperationName, type Envelope, type OpError } from '../contract/index.js';
import type { Operations } from '../operations/operations.js';

/** Any failure as the UI shows it: a StatusError keeps its fields; anything else is a 500. */
export function toOpError(e: unknown): OpError {
  if (e instanceof StatusError) {
    const err: OpError = { code: e.code, reason: e.reason, message: e.message };
    if (e.details?.causes?.length) err.causes = e.details.causes;
    return err;
  }
  if (e instanceof SyntaxError) return { code: 400, reason: 'BadRequest', message: e.message };
  return { code: 500, reason: 'InternalError', message: e instanceof Error ? e.message : String(e) };
}

/** Calls operation `name` with `params`; an unknown name is a NotFound error, not an exception. */
export async function runOperation(
  ops: Operations,
  name: unknown,
  params: unknown,
): Promise<Envelope<unknown>> {
  if (!isOperationName(name))
    return { error: { code: 404, reason: 'NotFound', message: `no operation ${String(name)}` } };
  try {
    const fn = ops[name] as (p: unknown) => Promise<unknown>;
    return { result: await fn.call(ops, params ?? {}) };
  } catch (e) {
    return { error: toOpError(e) };
  }
}

/** An `{error}` envelope from parts (for refusals before any operation runs). */
export const refusal = (code: number, reason: string, message: string): { error: OpError } => ({
  error: { code, reason, message },
});
