// The project's own install steps, shared by `npm run dev`, `npm run setup` and CI: npm packages,
// Temporal's servers and (for end-to-end tests) Debian's Chromium. Idempotent; prints progress.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { obtain, TOOLS } from '../temporal/obtain.mjs';

const say = (message) => process.stdout.write(`[setup] ${message}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}`);
}

export function ensureNodeModules(root) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing npm packages (npm ci) ...');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
}

export function ensureTemporal() {
  for (const name of Object.keys(TOOLS)) say(`${TOOLS[name].what}: ${obtain(name)}`);
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return say(`Chromium: ${CHROMIUM}`);
  if (userInfo().uid !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `Chromium is missing for the end-to-end tests: install Debian's \`chromium\` package (sudo apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  say("installing Debian's chromium for the end-to-end tests (apt-get) ...");
  run('apt-get', ['update', '-q'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-liberation'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
