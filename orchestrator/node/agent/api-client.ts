// A small HTTPS client for the node agent: JSON requests and newline-delimited watches against
// the cluster's API server, with the cluster CA and the node's bearer token.
import https from 'node:https';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export class ApiClient {
  private readonly agent: https.Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    ca: string,
  ) {
    this.agent = new https.Agent({ keepAlive: true, ca, maxSockets: 16 });
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          timeout: 30_000,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(payload !== undefined
              ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(parsed as T);
            else
              reject(
                new ApiError(
                  code,
                  parsed?.reason ?? 'Unknown',
                  parsed?.message ?? `${method} ${path}: HTTP ${code}`,
                ),
              );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);

  /**
   * Streams watch events until the server ends the watch or stop() is called.
   * Resolves when the stream ends (callers re-list/re-watch).
   */
  watch(path: string, onEvent: (ev: WatchEvent) => void): { done: Promise<void>; stop: () => void } {
    let req: ReturnType<typeof https.request> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req = https.request(
        `${this.baseUrl}${path}`,
        {
          method: 'GET',
          agent: this.agent,
          headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        },
        (res) => {
          if ((res.statusCode ?? 0) >= 300) {
            res.resume();
            reject(new ApiError(res.statusCode ?? 0, 'WatchFailed', `watch ${path}: HTTP ${res.statusCode}`));
            return;
          }
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (line) onEvent(JSON.parse(line) as WatchEvent);
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    return { done, stop: () => req?.destroy() };
  }

  close(): void {
    this.agent.destroy();
  }
}
