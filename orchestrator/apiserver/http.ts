// Small HTTP helpers: bounded body reading, JSON/Status responses, media-type parsing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, tooLarge } from '../api/errors.js';

/** Upstream's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const data = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(data),
    ...warningHeaders(res),
  });
  res.end(data);
}

export function sendStatusError(res: ServerResponse, err: StatusError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

/** Warnings collected during the request, sent as RFC 7234 `Warning: 299 - "..."` headers. */
export function warningHeaders(res: ServerResponse): Record<string, string[]> {
  const w = (res as any).kubeWarnings as string[] | undefined;
  if (!w?.length) return {};
  return { Warning: w.map((t) => `299 - ${JSON.stringify(t)}`) };
}

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

/** Parses an Accept or Content-Type header into media types with parameters. */
export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0)
        params[p.slice(0, i).trim()] = p
          .slice(i + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params };
  });
}

/** Which meta.k8s.io "as" transform the client asked for (Table, PartialObjectMetadata…), if any. */
export function wantedTransform(accept: string | undefined): { as: string; version: string } | undefined {
  for (const m of parseMediaTypes(accept)) {
    if (m.type !== 'application/json' && m.type !== '*/*' && m.type !== 'application/vnd.kubernetes.protobuf')
      continue;
    if (m.params.as && m.params.g === 'meta.k8s.io' && ['v1', 'v1beta1'].includes(m.params.v)) {
      if (m.type === 'application/vnd.kubernetes.protobuf') continue; // we answer JSON only
      return { as: m.params.as, version: m.params.v };
    }
    if (!m.params.as) return undefined; // plain JSON listed before any transform
  }
  return undefined;
}
