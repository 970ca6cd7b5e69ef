// What the stack, fault and cluster tiers' global setups and teardowns have in common: the
// environment that tells test files where the stack is, the control server through which a test
// kills and restarts processes it cannot hold itself (Jest runs test files in a sandbox of this
// process), and stopping a stack with its logs kept as test artifacts.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT } from '../../scripts/stack.mjs';

/** What the test files need to reach the stack (Jest passes the environment to them). */
export function stackTestEnv(stack) {
  return {
    NMC_TEST_API_URL: stack.urls.api,
    NMC_TEST_SANDBOX_URL: stack.urls.sandbox,
    NMC_TEST_DATABASE_URL: stack.urls.database,
    NMC_TEST_TEMPORAL_ADDRESS: stack.urls.temporal,
    NMC_TEST_TWILIO_AUTH_TOKEN: stack.env.TWILIO_AUTH_TOKEN,
    NMC_TEST_TWILIO_ACCOUNT_SID: stack.env.TWILIO_ACCOUNT_SID,
    NMC_TEST_DEMO: JSON.stringify(stack.demo),
    NMC_TEST_LOG_DIR: stack.logDir,
  };
}

/**
 * A control server on 127.0.0.1: `POST /<action>/<name>` runs `actions['POST /<action>/<name>']`
 * or else `actions['POST /<action>'](name)`; `GET /pids` answers `pids()`. Resolves to the server
 * and its URL.
 */
export async function startControlServer(actions, pids) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, first, second] = url.pathname.split('/');
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && first === 'pids') return reply(200, pids());
    const exact = actions[`${request.method} /${first}/${second}`];
    const named = actions[`${request.method} /${first}`];
    if (!exact && !(named && second)) return reply(404, { error: `no action ${request.method} ${url.pathname}` });
    const begun = Date.now();
    (exact ? exact() : named(second)).then(
      () => reply(200, { ok: true, ms: Date.now() - begun }),
      (error) => reply(500, { error: error.message }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Stops a started stack (and its control server), keeps its logs in test-artifacts/<artifactDir>, removes its data. */
export async function stopKeepingLogs(started, artifactDir) {
  if (started.server) {
    // Keep-alive connections from the test's fetch calls would hold close() open.
    started.server.closeAllConnections();
    await new Promise((resolve) => started.server.close(resolve));
  }
  await started.stack.stop();
  const artifacts = join(ROOT, 'test-artifacts', artifactDir);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  cpSync(started.stack.logDir, artifacts, { recursive: true });
  await started.dispose();
}
