// Credentials and secret URLs never reach a log line, and a malformed path is a client error.
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import pino from 'pino';
import { asActivityFailure } from '../../activities/sms';
import { serveDashboard } from '../../api/dashboard-files';
import { errorHandler } from '../../api/errors';
import { createLogger, redactedPath } from '../../api/logging';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

test("an SDK error logged whole does not write the Twilio account's credentials", () => {
  const { lines, stream } = capture();
  const log = createLogger({ name: 'test', level: 'info' }, stream);
  const sdkError = Object.assign(new Error('Request failed with status code 503'), {
    config: { headers: { Authorization: 'Basic QUNzZWNyZXQ6dG9rZW4=' }, auth: { username: 'AC1', password: 'token-xyz' } },
    request: { _header: 'Authorization: Basic QUNzZWNyZXQ6dG9rZW4=' },
  });
  log.error({ err: sdkError }, 'send failed');
  log.warn({ error: sdkError }, 'send failed');
  expect(lines.join('')).not.toMatch(/QUNzZWNyZXQ6dG9rZW4=|token-xyz/);
  expect(lines.join('')).toContain('send failed');
});

test('a failed Twilio send becomes a failure that carries no request (the worker logs failures whole)', () => {
  const sdkError = Object.assign(new Error('socket hang up'), { status: 503, config: { headers: { Authorization: 'Basic c2VjcmV0' } } });
  const failure = asActivityFailure(sdkError) as Error;
  expect(failure.message).toBe('Twilio send failed (HTTP 503): socket hang up');
  expect(JSON.stringify(failure)).not.toContain('c2VjcmV0');
  expect((failure as { cause?: unknown }).cause).toBeUndefined();
});

test.each([
  ['/api/calendar/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.ics', '/api/calendar/[secret].ics'],
  ['/api/conversations/123', '/api/conversations/123'],
])('access logs show %s as %s', (requestPath, logged) => {
  expect(redactedPath(requestPath)).toBe(logged);
});

test('a path that is not valid percent-encoding gets 400 from the dashboard files, not a 500', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nmc-dashboard-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
  const app = new Koa();
  app.use(errorHandler(pino({ level: 'silent' })));
  app.use(serveDashboard(root, { connectTo: [] }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  try {
    for (const bad of ['/%E0', '/inbox%']) {
      const response = await fetch(`http://127.0.0.1:${port}${bad}`);
      expect([bad, response.status]).toEqual([bad, 400]);
    }
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  } finally {
    server.close();
  }
});
