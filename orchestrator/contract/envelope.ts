// What an operation answers across IPC and HTTP: `{result}` or `{error}`, never a thrown error,
// so the Status reason, code and field causes arrive intact (Electron's invoke keeps only an
// Error's message; Podman Desktop's ipcHandle/ipcInvoke wrap their answers the same way).

/** A field the server refused, as in a Kubernetes Status's details.causes. */
export interface OpErrorCause {
  field?: string;
  message?: string;
  reason?: string;
}

/** A failure as the UI shows it: the Kubernetes Status fields that matter to a person. */
export interface OpError {
  code: number;
  reason: string;
  message: string;
  causes?: OpErrorCause[];
}

export type Envelope<T> = { result: T } | { error: OpError };

/** Whether a value from the wire is an `{error}` envelope. */
export function isErrorEnvelope(value: unknown): value is { error: OpError } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = value.error;
  return typeof e === 'object' && e !== null && typeof (e as OpError).message === 'string';
}

/** Whether a value from the wire is an envelope at all (either form). */
export function isEnvelope<T>(value: unknown): value is Envelope<T> {
  return isErrorEnvelope(value) || (typeof value === 'object' && value !== null && 'result' in value);
}

/**
 * An OpError as one line: the message, then each field cause the message does not already name
 * ("spec.replicas: must be greater than or equal to 0").
 */
export function describeOpError(e: OpError): string {
  const extra = (e.causes ?? [])
    .map((c) => [c.field, c.message].filter(Boolean).join(': '))
    .filter((line) => line && !e.message.includes(line));
  return extra.length ? `${e.message} (${extra.join('; ')})` : e.message;
}
