// One Jest config runs every tier (docs/architecture.md "Testing tiers"). `npm test` runs them all;
// `jest --selectProjects <name>` runs one. Tiers that need servers start them in globalSetup.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // 2 cores: the server-backed tiers are heavy, so files run one at a time.
  maxWorkers: 1,
  // Server-backed tests wait on real processes; unit tests finish long before this.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{domain,config,sandbox,api,activities,db,eval}/**/*.test.ts',
        // The conversation's pure core is plain TypeScript: no server needed.
        '<rootDir>/workflows/conversation/**/*.test.ts',
        '<rootDir>/test/unit/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/workflows/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/temporal-test-server.mjs',
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
    },
    {
      ...common,
      displayName: 'stack',
      testMatch: ['<rootDir>/test/{integration,e2e}/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/stack.mjs',
      globalTeardown: '<rootDir>/test/setup/stack-teardown.mjs',
    },
    {
      // Crashes and Twilio faults under load on a stack of its own (two workers); `npm test` runs it
      // after the other tiers (`npm run test:faults`), so the two stacks never run at once.
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/fault-stack.mjs',
      globalTeardown: '<rootDir>/test/setup/fault-stack-teardown.mjs',
    },
    {
      // Scaled out (docs/decisions/0026-cluster-tier.md): a real Temporal cluster on PostgreSQL with
      // its services as separate processes, two workers and two apis; `npm test` runs it last
      // (`npm run test:cluster`), on a stack of its own.
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/cluster-stack.mjs',
      globalTeardown: '<rootDir>/test/setup/cluster-stack-teardown.mjs',
    },
  ],
};
