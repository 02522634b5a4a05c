// Kubernetes Status errors. Every failure the API returns is one of these.
import type { FieldError, ResourceInfo } from './types.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Status['details'],
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** "deployments.apps" / "pods" as upstream names a group-resource. */
export function groupResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** "Deployment.apps" / "Pod" as upstream names a group-kind in Invalid messages. */
export function groupKind(info: Pick<ResourceInfo, 'group' | 'kind'>): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export function notFound(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${groupResource(info)} "${name}" not found`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

export function alreadyExists(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${groupResource(info)} "${name}" already exists`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

export function conflict(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  name: string,
  why?: string,
): StatusError {
  const msg =
    why ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${groupResource(info)} "${name}": ${msg}`,
    {
      name,
      group: info.group || undefined,
      kind: info.resource,
    },
  );
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotAllowed(
  message = 'the server does not allow this method on the requested resource',
): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${JSON.stringify(contentType)})`,
  );
}

export function tooLarge(): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** A value already rendered the Go way (e.g. `map[string]string{"app":"x"}`); printed verbatim. */
export class RenderedValue {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** Renders a value the way Go's %#v-ish field.Error does closely enough for people to read. */
function renderValue(v: unknown): string {
  if (v instanceof RenderedValue) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** The per-error text upstream puts in causes and in the aggregate message. */
export function fieldErrorText(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return `Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueInvalid':
      return `Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${renderValue(e.value)}${e.allowed ? `: supported values: ${e.allowed.map((a) => JSON.stringify(a)).join(', ')}` : ''}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${renderValue(e.value)}`;
    case 'FieldValueForbidden':
      return `Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `Too long${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooMany':
      return `Too many${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotFound':
      return `Not found: ${renderValue(e.value)}`;
    case 'FieldValueTypeInvalid':
      return `Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** 422 Invalid: `Deployment.apps "web" is invalid: <field>: <text>, ...` with causes. */
export function invalid(
  info: Pick<ResourceInfo, 'group' | 'kind'>,
  name: string,
  errs: FieldError[],
): StatusError {
  const parts = errs.map((e) => `${e.field}: ${fieldErrorText(e)}`);
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new StatusError(422, 'Invalid', `${groupKind(info)} "${name}" is invalid: ${list}`, {
    name,
    group: info.group || undefined,
    kind: info.kind,
    causes: errs.map((e) => ({ reason: e.type, message: fieldErrorText(e), field: e.field })),
  });
}
