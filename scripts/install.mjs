// The project's own install steps, shared by `npm run dev`, `npm run setup` and CI: npm packages,
// Temporal's servers (the dev and test servers, and the cluster's built from Go) and (for end-to-end
// tests) Debian's Chromium. Idempotent; prints progress.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { obtain, TOOLS } from '../temporal/obtain.mjs';

const say = (message) => process.stdout.write(`[setup] ${message}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}`);
}

/**
 * Installed means: every package package-lock.json pins is in node_modules at that version (npm's
 * own record, node_modules/.package-lock.json). Compared by content, not file times: a fresh
 * checkout or a `git worktree` has a newer lock file than an install that still matches it.
 */
function installedMatchesLock(root) {
  const installedFile = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installedFile)) return false;
  try {
    const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages ?? {};
    return Object.entries(wanted).every(
      ([path, pkg]) => path === '' || pkg.optional || pkg.link || installed[path]?.version === pkg.version,
    );
  } catch {
    return false;
  }
}

export function ensureNodeModules(root) {
  if (installedMatchesLock(root)) return;
  const modules = join(root, 'node_modules');
  // `npm ci` deletes node_modules first: through a link that would empty a folder someone else uses.
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    throw new Error(
      `node_modules is a link to ${realpathSync(modules)}, which does not match package-lock.json: run \`npm ci\` where it points, or remove the link`,
    );
  }
  say('installing npm packages (npm ci) ...');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
}

export function ensureTemporal() {
  for (const name of Object.keys(TOOLS)) say(`${TOOLS[name].what}: ${obtain(name)}`);
}

/** The real Temporal server for the cluster tier and `npm run cluster`: built once from Go (minutes), then cached. */
export async function ensureTemporalCluster() {
  const { CLUSTER_SERVER, obtainClusterServer } = await import('../temporal/obtain-cluster.mjs');
  const { dir } = await obtainClusterServer();
  say(`${CLUSTER_SERVER.what} ${CLUSTER_SERVER.version}: ${dir}`);
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
