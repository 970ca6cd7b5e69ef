// Ports before a start: a free one for a throw-away stack, or a clear error when a fixed dev port
// is taken (instead of a child dying later with EADDRINUSE in its log).
import { createServer } from 'node:net';
import { HOST } from './root.mjs';

/** A port the OS says is free right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export async function assertPortFree(port, what, envName) {
  await new Promise((resolveFree, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} (${what}) is already in use: stop what uses it or set ${envName}`)));
    server.listen(port, HOST, () => server.close(resolveFree));
  });
}
