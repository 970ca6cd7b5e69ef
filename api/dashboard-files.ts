// In production one process serves both: the api serves the built dashboard (a single-page app)
// and answers any other GET that is not an api route with its index.html, under a Content Security
// Policy that allows only the dashboard's own files and its one inline bootstrap script (by hash).
import type { Context, Next } from 'koa';
import { badRequest } from './errors';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
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
const API_PREFIXES = ['/api/', '/webhooks/', '/socket.io/', '/healthz', '/readyz'];

async function fileAt(file: string) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The dashboard's CSP: SvelteKit's inline start-up script is allowed by its hash, nothing else inline runs. */
export function dashboardContentSecurityPolicy(indexHtml: string, { connectTo = [] }: { connectTo?: string[] } = {}): string {
  const inlineScripts = [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScripts.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Voicemail recordings live at Twilio (or the sandbox emulator).
    'media-src *',
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function serveDashboard(buildDir: string, { connectTo = [] }: { connectTo?: string[] } = {}) {
  const root = path.resolve(buildDir);
  // Read each time: a rebuilt dashboard has a new start-up script (and hash).
  const policyFor = (file: string) => {
    try {
      return dashboardContentSecurityPolicy(readFileSync(file, 'utf8'), { connectTo });
    } catch {
      return undefined;
    }
  };
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || API_PREFIXES.some((prefix) => ctx.path.startsWith(prefix))) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(ctx.path);
    } catch {
      // "/%E0": not a path any file of ours has; a client error, never a 500.
      throw badRequest('invalid_path', 'the path is not valid percent-encoding');
    }
    const requested = path.resolve(root, `.${decoded}`);
    if (!requested.startsWith(root + path.sep) && requested !== root) return next();
    let file = requested;
    let info = await fileAt(file);
    if (!info) {
      file = path.join(root, 'index.html');
      info = await fileAt(file);
      if (!info) return next();
    }
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const csp = ctx.type.startsWith('text/html') ? policyFor(file) : undefined;
    if (csp) ctx.set('content-security-policy', csp);
    ctx.length = info.size;
    // Hashed assets never change; the page itself must always be fresh.
    ctx.set(
      'cache-control',
      file.includes(`${path.sep}_app${path.sep}immutable${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    ctx.body = createReadStream(file);
  };
}
