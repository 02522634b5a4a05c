// Image reference parsing and classification of engine pull errors into ImagePullError reasons.
import { ImagePullError } from './types.js';

export interface ImageRefParts {
  /** Repository as written (without tag or digest), e.g. registry.k8s.io/pause or nginx. */
  repo: string;
  /** Tag; 'latest' when neither tag nor digest is given. */
  tag: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REF = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/** Splits a Docker image reference; undefined when it is not a valid reference (InvalidImageName). */
export function splitImageRef(ref: string): ImageRefParts | undefined {
  if (!ref || ref.length > 255) return undefined;
  const m = REF.exec(ref);
  if (!m) {
    // "host/x" where host has no dot/port is a path component, which the regex already covers;
    // anything else (upper case, spaces, empty parts) is invalid.
    return undefined;
  }
  const [, domain, path, tag, digest] = m;
  // A first component with upper case letters is only legal as a registry host (has '.' or ':').
  if (domain && !/[.:]/.test(domain) && domain !== 'localhost' && domain !== domain.toLowerCase())
    return undefined;
  const repo = domain ? `${domain}/${path}` : path;
  return { repo, tag: tag ?? 'latest', ...(digest ? { digest } : {}) };
}

/** The tag a reference resolves to for imagePullPolicy defaulting (no tag → latest). */
export function imageTag(ref: string): string | undefined {
  return splitImageRef(ref)?.tag;
}

export function pullFailure(ref: string, message: string, statusCode?: number): ImagePullError {
  const m = message.toLowerCase();
  let reason: ImagePullError['reason'] = 'Other';
  if (statusCode === 400 || m.includes('invalid reference format')) reason = 'InvalidName';
  else if (
    /no such host|dial tcp|connection refused|i\/o timeout|network is unreachable|tls handshake|timeout|\beof\b/.test(
      m,
    )
  )
    reason = 'Unreachable';
  else if (
    /manifest unknown|not found|does not exist|repository .* not found|pull access denied/.test(m) ||
    statusCode === 404
  )
    reason = 'NotFound';
  else if (/unauthorized|authentication required|denied/.test(m)) reason = 'Unauthorized';
  return new ImagePullError(ref, reason, message);
}
