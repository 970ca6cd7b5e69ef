// Starts the whole product as separate processes on this machine: PostgreSQL, the Temporal dev
// server, the Twilio emulator, the worker, the api and (optionally) the dashboard's dev server.
// `npm run dev` uses it with fixed ports and persistent data; the test stack with free ports and
// a throw-away folder, so what the tests exercise is what a developer runs.
//
// The pieces are in scripts/stack/; this file keeps the one import path that scripts/dev.mjs,
// test/setup/*, bench/ and temporal/record-history.ts use.
export { ROOT } from './stack/root.mjs';
export { assertPortFree, freePort } from './stack/ports.mjs';
export { assertDatabaseReachable } from './stack/database.mjs';
export { startStack } from './stack/start.mjs';
export { startThrowawayStack } from './stack/throwaway.mjs';
