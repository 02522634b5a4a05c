// Waiting until every worker's Node object reports Ready, through the API like kubectl would.
import https from 'node:https';
import { UserError } from '../config/errors.js';

export interface NodeReadiness {
  name: string;
  ready: boolean;
  /** Ready condition's reason/message, or 'not registered'. */
  why: string;
}

interface NodeList {
  items?: {
    metadata?: { name?: string };
    status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
  }[];
}

function getJson(url: string, caPem: string, token: string, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        ca: caPem,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
          try {
            resolve(JSON.parse(body));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export function readiness(list: NodeList, names: string[]): NodeReadiness[] {
  return names.map((name) => {
    const node = (list.items ?? []).find((n) => n.metadata?.name === name);
    if (!node) return { name, ready: false, why: 'not registered' };
    const c = node.status?.conditions?.find((x) => x.type === 'Ready');
    if (!c) return { name, ready: false, why: 'no Ready condition yet' };
    return {
      name,
      ready: c.status === 'True',
      why: [c.reason, c.message].filter(Boolean).join(': ') || `Ready=${c.status}`,
    };
  });
}

export interface WaitNodesOptions {
  apiUrl: string;
  caPem: string;
  token: string;
  nodes: string[];
  timeoutMs?: number;
  /** Extra lines for a node that did not become Ready (e.g. its container's log tail). */
  diagnose?: (node: string) => Promise<string[]>;
}

export async function waitForNodesReady(o: WaitNodesOptions): Promise<NodeReadiness[]> {
  const timeoutMs = o.timeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  let last: NodeReadiness[] = o.nodes.map((name) => ({ name, ready: false, why: 'not registered' }));
  let lastError: string | undefined;
  for (;;) {
    try {
      last = readiness(
        (await getJson(new URL('/api/v1/nodes', o.apiUrl).href, o.caPem, o.token)) as NodeList,
        o.nodes,
      );
      lastError = undefined;
      if (last.every((n) => n.ready)) return last;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const bad = last.filter((n) => !n.ready);
  const details: string[] = [];
  for (const n of bad) {
    details.push(`  ${n.name}: ${n.why}`);
    for (const l of (await o.diagnose?.(n.name)) ?? []) details.push(`    | ${l}`);
  }
  if (lastError) details.push(`  last API error: ${lastError}`);
  throw new UserError(
    `node${bad.length > 1 ? 's' : ''} ${bad.map((n) => n.name).join(', ')} not Ready after ${Math.round(timeoutMs / 1000)} s`,
    `see \`docker logs ${bad[0]?.name}\``,
    details,
  );
}
