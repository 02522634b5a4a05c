// Browser-facing guards: the session cookie, DNS-rebinding (Host) and cross-site (Origin) checks,
// and the headers every response carries (CSP without inline scripts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const COOKIE = 'kubedeck_session';

export function csp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco positions its widgets with inline styles; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', csp());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Only our own loopback names: a rebinding DNS name pointing at 127.0.0.1 is refused. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Writes and upgrades must come from our own pages (browsers always send Origin for these). */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export class Sessions {
  private readonly ids = new Set<string>();
  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.ids.add(id);
    return id;
  }
  valid(req: IncomingMessage): boolean {
    const id = readCookie(req, COOKIE);
    return !!id && this.ids.has(id);
  }
}
