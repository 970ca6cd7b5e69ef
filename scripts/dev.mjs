#!/usr/bin/env node
// `npm run dev`: the whole product on this machine in sandbox mode, from a fresh clone, with no
// accounts. Installs what is missing, starts everything, seeds a demo business, prints the URLs
// and the login, and stops everything on Ctrl-C. Data lives in .data/ and is reused next time.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureTemporal } from './install.mjs';
import { loadOrCreateSecrets } from './secrets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stdout.write(`[dev] ${message}\n`);
const port = (name, fallback) => Number(process.env[name] ?? fallback);

async function main() {
  ensureNodeModules(root);
  ensureTemporal();
  // Imported only now: these need the npm packages installed above.
  const { assertPortFree, startStack } = await import('./stack.mjs');

  const ports = {
    postgres: port('NMC_POSTGRES_PORT', 54320),
    temporal: port('NMC_TEMPORAL_PORT', 7233),
    temporalUi: port('NMC_TEMPORAL_UI_PORT', 8233),
    sandbox: port('NMC_SANDBOX_PORT', 4010),
    api: port('NMC_API_PORT', 3000),
    web: port('NMC_WEB_PORT', 5173),
  };
  const envNames = {
    postgres: 'NMC_POSTGRES_PORT',
    temporal: 'NMC_TEMPORAL_PORT',
    temporalUi: 'NMC_TEMPORAL_UI_PORT',
    sandbox: 'NMC_SANDBOX_PORT',
    api: 'NMC_API_PORT',
    web: 'NMC_WEB_PORT',
  };
  for (const [name, value] of Object.entries(ports)) {
    if (name === 'postgres' && process.env.DATABASE_URL) continue;
    await assertPortFree(value, name, envNames[name]);
  }

  // NMC_DATA_DIR: another folder for the data (e.g. when the clone sits where PostgreSQL's user cannot reach).
  const dataDir = process.env.NMC_DATA_DIR ? resolve(process.env.NMC_DATA_DIR) : join(root, '.data');
  const stack = await startStack({
    dataDir,
    ports,
    secrets: loadOrCreateSecrets(join(dataDir, 'dev-secrets.json')),
    dashboard: 'vite',
    terminal: true,
    progress: say,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping ...');
    await stack.stop();
    say(`stopped. Your data is kept in ${dataDir} for next time.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const line = '─'.repeat(64);
  process.stdout.write(
    [
      '',
      line,
      ' NeverMissCall is running (sandbox mode: no Twilio or OpenAI account needed)',
      line,
      ` Dashboard         ${stack.urls.dashboard}`,
      ` Sign in as        ${stack.demo.email}`,
      ` Password          ${stack.demo.password}`,
      ` Business          ${stack.demo.businessName}, number ${stack.demo.businessNumber}`,
      ` Temporal Web UI   ${stack.urls.temporalUi}`,
      ` API               ${stack.urls.api}  (health: ${stack.urls.api}/healthz)`,
      ` Twilio emulator   ${stack.urls.sandbox}`,
      ` Data              ${dataDir}`,
      '',
      ' Try it: sign in, press "Call the business" in the phone simulator, and watch',
      ' the text-back arrive. Ctrl-C stops everything.',
      line,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`[dev] error: ${error.message}\n`);
  process.exit(1);
});
