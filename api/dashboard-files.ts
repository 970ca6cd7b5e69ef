// In production one process serves both: the api serves the built dashboard (a single-page app)
// and answers any other GET that is not an api route with its index.html.
import type { Context, Next } from 'koa';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const API_PREFIXES = ['/api/', '/webhooks/', '/socket.io/', '/healthz'];

async function fileAt(file: string) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

export function serveDashboard(buildDir: string) {
  const root = path.resolve(buildDir);
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || API_PREFIXES.some((prefix) => ctx.path.startsWith(prefix))) return next();
    const requested = path.resolve(root, `.${decodeURIComponent(ctx.path)}`);
    if (!requested.startsWith(root + path.sep) && requested !== root) return next();
    let file = requested;
    let info = await fileAt(file);
    if (!info) {
      file = path.join(root, 'index.html');
      info = await fileAt(file);
      if (!info) return next();
    }
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    ctx.length = info.size;
    // Hashed assets never change; the page itself must always be fresh.
    ctx.set(
      'cache-control',
      file.includes(`${path.sep}_app${path.sep}immutable${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    ctx.body = createReadStream(file);
  };
}
