// The fault tier's own throwaway stack (test/faults): like the stack tier's, plus a second worker
// process, and a small control server on 127.0.0.1 through which the test kills and restarts the
// api, the workers, the Temporal dev server and PostgreSQL (Jest runs the test in this process's
// sandbox, so it cannot hold the child processes itself).
import { ROOT, startThrowawayStack } from '../../scripts/stack.mjs';
import { stackTestEnv, startControlServer } from './stack-parts.mjs';

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
  const { server, url } = await startControlServer(actions, () =>
    Object.fromEntries(control.names().map((n) => [n, control.pid(n) ?? null])),
  );
  globalThis.__NMC_FAULT_STACK__ = { stack, dataDir, dispose, server };

  Object.assign(process.env, {
    ...stackTestEnv(stack),
    NMC_FAULT_CONTROL_URL: url,
    NMC_ROOT: ROOT,
  });
}
