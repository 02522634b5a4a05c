// A small HTTPS client the node commands use to talk to a running control plane (admin token,
// cluster CA), plus the probe that tells whether a node's own token still gets through.
import https from 'node:https';

export class ApiRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiTarget {
  url: string;
  caPem: string;
  token: string;
}

export function apiRequest<T = any>(
  t: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 5000,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${t.url}${path}`,
      {
        method,
        ca: t.caPem,
        agent: false,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${t.token}`,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let parsed: any;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(parsed as T);
          else reject(new ApiRequestError(code, parsed?.message ?? `${method} ${path}: HTTP ${code}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Whether the API server answers a request made with this token (false: dropped or refused). */
export async function tokenGetsThrough(t: ApiTarget): Promise<boolean> {
  try {
    await apiRequest(t, 'GET', '/api', undefined, 2000);
    return true;
  } catch {
    return false;
  }
}
