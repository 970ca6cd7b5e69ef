// The cluster tier's stack (test/cluster, docs/decisions/0026-cluster-tier.md): PostgreSQL, a real
// Temporal cluster on it (history, matching, frontend and worker as separate processes), two
// workers and two apis behind one PUBLIC_URL, and a small control server on 127.0.0.1 through
// which the test kills and restarts our processes and Temporal's services (Jest runs the test in
// this process's sandbox, so it cannot hold the child processes itself).
import { createServer } from 'node:http';
import { startTemporalCluster } from '../../scripts/cluster/temporal-cluster.mjs';
import { ROOT, startThrowawayStack } from '../../scripts/stack.mjs';

export default async function setup() {
  const started = Date.now();
  const { stack, dataDir, dispose } = await startThrowawayStack({
    dashboard: 'none',
    logLevel: 'info',
    prefix: 'nmc-cluster-',
    workers: 2,
    apis: 2,
    temporalServer: startTemporalCluster,
    extraEnv: { TRUST_PROXY: 'true' },
  });
  const startupSeconds = (Date.now() - started) / 1000;
  process.stdout.write(`\n[cluster] stack up in ${startupSeconds.toFixed(1)} s; logs in ${stack.logDir}\n`);

  const { control } = stack;
  const temporal = () => stack.temporal();
  const actions = {
    'POST /kill': (name) => control.kill(name, 'SIGKILL'),
    'POST /start': (name) => control.start(name),
    'POST /temporal-kill': (service) => temporal().kill(service, 'SIGKILL'),
    'POST /temporal-start': (service) => temporal().start(service),
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, first, second] = url.pathname.split('/');
    const action = actions[`${request.method} /${first}`];
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && first === 'pids') {
      const ours = Object.fromEntries(control.names().map((n) => [n, control.pid(n) ?? null]));
      const services = temporal()
        .names()
        .map((s) => [`temporal-${s}`, temporal().pid(s) ?? null]);
      return reply(200, { ...ours, ...Object.fromEntries(services) });
    }
    if (!action || !second) return reply(404, { error: `no action ${request.method} ${url.pathname}` });
    const begun = Date.now();
    action(second).then(
      () => reply(200, { ok: true, ms: Date.now() - begun }),
      (error) => reply(500, { error: error.message }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.__NMC_CLUSTER_STACK__ = { stack, dataDir, dispose, server };

  Object.assign(process.env, {
    NMC_CLUSTER_CONTROL_URL: `http://127.0.0.1:${server.address().port}`,
    NMC_CLUSTER_API_URLS: JSON.stringify(stack.urls.apis),
    NMC_CLUSTER_STARTUP_SECONDS: startupSeconds.toFixed(1),
    NMC_CLUSTER_TEMPORAL_PORTS: JSON.stringify(stack.temporal().ports),
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
