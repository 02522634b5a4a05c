// Serves dist/renderer under kubedeck://app/ (a standard, secure scheme: history routing and the
// renderer's CSP work as on the web; no file:// access for the page).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { csp } from '../orchestrator/dashboard/security.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export async function serveRenderer(dir: string, url: string): Promise<Response> {
  const u = new URL(url);
  let rel = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  if (!rel || !path.extname(rel)) rel = 'index.html';
  const file = path.resolve(dir, rel);
  if (u.host !== 'app' || !file.startsWith(path.resolve(dir) + path.sep))
    return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp(),
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
