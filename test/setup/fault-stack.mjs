// The fault tier's own throwaway stack (test/faults): like the stack tier's, plus a second worker
// process, and a small control server on 127.0.0.1 through which the test kills and restarts the
// api, the workers, the Temporal dev server and PostgreSQL (Jest runs the test in this process's
// sandbox, so it cannot hold the child processes itself).
import { createServer } from 'node:http';
import { ROOT, startThrowawayStack } from '../../scripts/stack.mjs';

export default async function setup() {
  const started = Date.now();
  const { stack, dataDir, dispose } = await startThrowawayStack({
    dashboard: 'none',
    logLevel: 'info',
    prefix: 'nmc-faults-',
    workers: 2,
    extraEnv: { TRUST_PROXY: 'true' },
  });
  process.stdout.write(`\n[faults] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${stack.logDir}\n`);

  const { control } = stack;
  const actions = {
    'POST /kill': (name) => control.kill(name, 'SIGKILL'),
    'POST /interrupt': (name) => control.kill(name, 'SIGINT'),
    'POST /start': (name) => control.start(name),
    'POST /temporal/stop': () => control.stopTemporal(),
    'POST /temporal/start': () => control.startTemporal(),
    'POST /postgres/stop': () => control.stopPostgres(),
    'POST /postgres/start': () => control.startPostgres(),
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, first, second] = url.pathname.split('/');
    const action = actions[`${request.method} /${first}/${second}`] ?? actions[`${request.method} /${first}`];
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && first === 'pids')
      return reply(200, Object.fromEntries(control.names().map((n) => [n, control.pid(n) ?? null])));
    if (!action) return reply(404, { error: `no action ${request.method} ${url.pathname}` });
    const begun = Date.now();
    action(second).then(
      () => reply(200, { ok: true, ms: Date.now() - begun }),
      (error) => reply(500, { error: error.message }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.__NMC_FAULT_STACK__ = { stack, dataDir, dispose, server };

  Object.assign(process.env, {
    NMC_FAULT_CONTROL_URL: `http://127.0.0.1:${server.address().port}`,
    NMC_TEST_API_URL: stack.urls.api,
    NMC_TEST_SANDBOX_URL: stack.urls.sandbox,
    NMC_TEST_DATABASE_URL: stack.urls.database,
    NMC_TEST_TEMPORAL_ADDRESS: stack.urls.temporal,
    NMC_TEST_TWILIO_AUTH_TOKEN: stack.env.TWILIO_AUTH_TOKEN,
    NMC_TEST_TWILIO_ACCOUNT_SID: stack.env.TWILIO_ACCOUNT_SID,
    NMC_TEST_DEMO: JSON.stringify(stack.demo),
    NMC_TEST_LOG_DIR: stack.logDir,
    NMC_ROOT: ROOT,
  });
}
