#!/usr/bin/env node
// `npm run setup`: installs everything the tests need on a fresh machine (CI runs it before
// `npm test`): npm packages, Temporal's dev and test servers, the Temporal cluster's server (built
// from Go once per machine, for `npm run test:cluster`), Debian's Chromium.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureNodeModules, ensureTemporal, ensureTemporalCluster } from './install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
try {
  ensureNodeModules(root);
  ensureTemporal();
  await ensureTemporalCluster();
  ensureChromium();
  process.stdout.write('[setup] done: run `npm test`\n');
} catch (error) {
  process.stderr.write(`[setup] error: ${error.message}\n`);
  process.exit(1);
}
