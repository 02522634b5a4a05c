// Does the API server at a URL answer, over TLS verified with the cluster CA? Any HTTP response
// counts: a server presenting a cert from our CA is our control plane, whatever it says.
import https from 'node:https';

export function probeApi(url: string, caPem: string, token: string, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      resolve(ok);
    };
    try {
      const req = https.get(
        new URL('/healthz', url),
        { ca: caPem, headers: { authorization: `Bearer ${token}` }, timeout: timeoutMs, agent: false },
        (res) => {
          res.resume();
          finish(true);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => finish(false));
    } catch {
      finish(false);
    }
  });
}
