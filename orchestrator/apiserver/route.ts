// Parses request paths into resource routes.
import { badRequest, StatusError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { ResourceInfo } from '../api/types.js';

export interface ResourceRoute {
  info: ResourceInfo;
  /** '' when cluster scoped or listing across all namespaces. */
  namespace: string;
  allNamespaces: boolean;
  name?: string;
  subresource?: string;
}

function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** Path segment rules upstream applies to names (path traversal and separators are rejected). */
function checkSegment(s: string, what: string): string {
  if (s === '.' || s === '..' || s.includes('/') || s.includes('%') || s === '') {
    throw badRequest(`${what} may not be '.' or '..' and may not contain '/' or '%': ${JSON.stringify(s)}`);
  }
  return s;
}

/**
 * /api/v1/[namespaces/NS/]RESOURCE[/NAME[/SUB]] and /apis/GROUP/VERSION/… .
 * Returns undefined for paths that are not resource paths (discovery etc.).
 */
export function parseResourcePath(pathname: string): ResourceRoute | undefined {
  const raw = pathname.split('/').slice(1);
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  let segs: string[];
  try {
    segs = raw.map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('malformed path encoding');
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  let namespace = '';
  let explicitNs = false;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nsInfo = findResource(group, version, rest[2]);
    if (nsInfo?.namespaced) {
      namespace = checkSegment(rest[1], 'namespace');
      explicitNs = true;
      rest = rest.slice(2);
    }
  }
  const info = findResource(group, version, rest[0]);
  if (!info) throw notFoundPath();
  if (rest.length > 3) throw notFoundPath();
  if (explicitNs && !info.namespaced) throw notFoundPath();
  const name = rest[1] !== undefined ? checkSegment(rest[1], 'name') : undefined;
  const subresource = rest[2];
  if (subresource !== undefined && !info.subresources?.includes(subresource)) throw notFoundPath();
  return {
    info,
    namespace,
    allNamespaces: info.namespaced && !explicitNs,
    name,
    subresource,
  };
}
