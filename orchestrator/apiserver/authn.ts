// Who a request is: an X.509 client certificate signed by the cluster CA (CN = user name, each
// O = a group, like upstream's x509 authenticator), else a bearer token from the token table.
// Upstream's union authenticator asks the certificate first; the first success wins.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../api/registry/context.js';

const AUTHENTICATED = 'system:authenticated';

function withAuthenticated(groups: string[]): string[] {
  return groups.includes(AUTHENTICATED) ? groups : [...groups, AUTHENTICATED];
}

/** A verified client certificate's identity; undefined when none was presented or it failed. */
export function clientCertificateUser(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  // `authorized` is true only for a chain the server's `ca` option verified (requestCert on).
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return undefined;
  const cn = cert.subject.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return undefined;
  const o = cert.subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username, groups: withAuthenticated(groups) };
}

/** The user a bearer token stands for. */
export function bearerTokenUser(req: IncomingMessage, tokens: Record<string, string>): UserInfo | undefined {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return undefined;
  const given = Buffer.from(h.slice(7).trim());
  for (const [token, user] of Object.entries(tokens)) {
    const t = Buffer.from(token);
    if (t.length === given.length && timingSafeEqual(t, given))
      return { username: user, groups: [AUTHENTICATED] };
  }
  return undefined;
}

export function authenticateRequest(
  req: IncomingMessage,
  tokens: Record<string, string>,
): UserInfo | undefined {
  return clientCertificateUser(req) ?? bearerTokenUser(req, tokens);
}
