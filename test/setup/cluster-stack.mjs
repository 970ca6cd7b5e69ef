// The cluster tier's stack (test/cluster, docs/decisions/0026-cluster-tier.md): PostgreSQL, a real
// Temporal cluster on it (history, matching, frontend and worker as separate processes), two
// workers and two apis behind one PUBLIC_URL, and a small control server on 127.0.0.1 through
// which the test kills and restarts our processes and Temporal's services (Jest runs the test in
// this process's sandbox, so it cannot hold the child processes itself).
import { startTemporalCluster } from '../../scripts/cluster/temporal-cluster.mjs';
import { ROOT, startThrowawayStack } from '../../scripts/stack.mjs';
import { stackTestEnv, startControlServer } from './stack-parts.mjs';

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
  const { server, url } = await startControlServer(actions, () => {
    const ours = Object.fromEntries(control.names().map((n) => [n, control.pid(n) ?? null]));
    const services = temporal()
      .names()
      .map((s) => [`temporal-${s}`, temporal().pid(s) ?? null]);
    return { ...ours, ...Object.fromEntries(services) };
  });
  globalThis.__NMC_CLUSTER_STACK__ = { stack, dataDir, dispose, server };

  Object.assign(process.env, {
    ...stackTestEnv(stack),
    NMC_CLUSTER_CONTROL_URL: url,
    NMC_CLUSTER_API_URLS: JSON.stringify(stack.urls.apis),
    NMC_CLUSTER_STARTUP_SECONDS: startupSeconds.toFixed(1),
    NMC_CLUSTER_TEMPORAL_PORTS: JSON.stringify(stack.temporal().ports),
    NMC_ROOT: ROOT,
  });
}
