// Serves the built renderer (dist/renderer). Hashed assets are cached for good; index.html never.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** dist/renderer next to the bundle (dist/cli.mjs), or from the source tree when run via tsx. */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    env.KUBEDECK_RENDERER_DIR,
    path.join(here, 'renderer'),
    path.join(here, '../renderer'), // dist/main/index.cjs (Electron)
    path.resolve(here, '../../dist/renderer'),
  ].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(path.join(d, 'index.html')));
}

const MISSING = `<!doctype html><meta charset="utf-8"><title>Kubedeck</title>
<p>The dashboard's user interface is not built. Run <code>npm run build</code> and reload.</p>`;

export function serveStatic(dir: string | undefined, urlPath: string, res: ServerResponse): void {
  if (!dir) {
    res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
    res.end(MISSING);
    return;
  }
  let rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  // Client-side routes (no file extension) all load the app shell.
  if (!rel || !path.extname(rel)) rel = 'index.html';
  const file = path.resolve(dir, rel);
  if (!file.startsWith(path.resolve(dir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  res.end(readFileSync(file));
}
