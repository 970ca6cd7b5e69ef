// Where the stack lives: the repository root (children run from it, the dashboard is built in
// it) and the one loopback host every process listens on, so nothing is reachable from outside.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST = '127.0.0.1';
