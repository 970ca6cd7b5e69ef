// The lint config is what keeps workflow code deterministic and the layers pointing down
// (docs/architecture.md "Code style"). These tests lint small snippets as if they were files in
// workflows/, domain/, contracts/, db/, api/ and activities/, so a config change that stops banning
// I/O or an upward import fails here.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

interface Snippet {
  code: string;
  file: string;
}

// ESLint loads its flat config with import(), which Jest's CommonJS runtime cannot do, so the
// real ESLint runs in one child Node process for all snippets (type-aware linting is slow to start).
const LINT_SCRIPT = `
  const { ESLint } = require('eslint');
  const path = require('node:path');
  const { root, snippets } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: root });
  (async () => {
    const out = [];
    for (const s of snippets) {
      const [result] = await eslint.lintText(s.code, { filePath: path.join(root, s.file) });
      out.push(result.messages.map((m) => m.ruleId ?? m.message));
    }
    process.stdout.write(JSON.stringify(out));
  })();
`;

function lintAll(snippets: Snippet[]): string[][] {
  const output = execFileSync(process.execPath, ['-e', LINT_SCRIPT], { cwd: root, input: JSON.stringify({ root, snippets }) });
  return JSON.parse(output.toString()) as string[][];
}

const IN_WORKFLOWS = 'workflows/conversation/workflow.ts';
const bannedImports: [string, string][] = [
  ["import fs from 'fs';", 'a Node built-in'],
  ["import { readFile } from 'node:fs/promises';", 'a node: built-in'],
  ["import { Client } from '@temporalio/client';", 'the Temporal client'],
  ["import { Worker } from '@temporalio/worker';", 'the Temporal worker'],
  ["import twilio from 'twilio';", 'the Twilio SDK'],
  ["import { Pool } from 'pg';", 'the PostgreSQL driver'],
  ["import { MikroORM } from '@mikro-orm/core';", 'the ORM'],
  ["import { createSmsActivities } from '../activities';", 'activity implementations (value import)'],
];
const useImport = (statement: string) => `${statement}\nexport const used = [${statement.match(/import (?:\{ )?(\w+)/)![1]}];\n`;

const snippets: Snippet[] = [
  ...bannedImports.map(([statement]) => ({ code: useImport(statement), file: IN_WORKFLOWS })),
  { code: 'export const a = process.env.X;\nexport const b = Math.random();\n', file: IN_WORKFLOWS },
  { code: "import { sleep } from '@temporalio/workflow';\nexport function f() {\n  sleep(1);\n}\n", file: IN_WORKFLOWS },
  {
    code: [
      "import { sleep } from '@temporalio/workflow';",
      "import type { SmsActivities } from '../activities';",
      "import { textBackGreeting } from '../domain/text-back';",
      'export type A = SmsActivities;',
      'export const used = [sleep, textBackGreeting];',
      '',
    ].join('\n'),
    file: IN_WORKFLOWS,
  },
  { code: "import fs from 'node:fs';\nexport const used = [fs];\n", file: 'activities/conversations.ts' },
];

// Layers point down (domain <- contracts <- db <- activities / api; workflows use contracts and
// domain): each import a folder may not make, and one it may, as if written in a file there.
const layerCases: { file: string; statement: string; allowed: boolean }[] = [
  { file: 'domain/kpis.ts', statement: "import { sql } from '../db/sql';", allowed: false },
  { file: 'domain/kpis.ts', statement: "import { TASK_QUEUES } from '../contracts/task-queues';", allowed: false },
  { file: 'domain/kpis.ts', statement: "import { toE164 } from './phone';", allowed: true },
  { file: 'contracts/task-queues.ts', statement: "import { sql } from '../db/sql';", allowed: false },
  { file: 'contracts/http/conversations.ts', statement: "import { sendText } from '../../activities/sms';", allowed: false },
  { file: 'contracts/task-queues.ts', statement: "import { toE164 } from '../domain/phone';", allowed: true },
  { file: 'db/messages.ts', statement: "import { sendText } from '../activities/sms';", allowed: false },
  { file: 'db/messages.ts', statement: "import { connectClient } from '../temporal/connection';", allowed: false },
  { file: 'db/messages.ts', statement: "import { TASK_QUEUES } from '../contracts/task-queues';", allowed: true },
  { file: 'api/inbound/calls.ts', statement: "import { sendText } from '../../activities/sms';", allowed: false },
  { file: 'api/main.ts', statement: "import { inboundSweeperWorkflow } from '../workflows/inbound-sweeper';", allowed: false },
  { file: 'api/main.ts', statement: "import { reconcileNowSignal } from '../contracts/inbound-sweeper';", allowed: true },
  { file: 'activities/sms.ts', statement: "import { validate } from '../api/errors';", allowed: false },
  { file: 'workflows/conversation/proxies.ts', statement: "import { connectClient } from '../../temporal/connection';", allowed: false },
  { file: 'workflows/conversation/proxies.ts', statement: "import { TASK_QUEUES } from '../../contracts/task-queues';", allowed: true },
];
const layerSnippets: Snippet[] = layerCases.map(({ file, statement }) => ({ code: useImport(statement), file }));

let results: string[][];
let layerResults: string[][];
beforeAll(() => {
  const all = lintAll([...snippets, ...layerSnippets]);
  results = all.slice(0, snippets.length);
  layerResults = all.slice(snippets.length);
}, 120_000);

describe('layers point down', () => {
  test.each(layerCases.map((c, index) => [c.file, c.statement, c.allowed, index] as const))(
    'in %s, %s is allowed: %s',
    (_file, _statement, allowed, index) => {
      if (allowed) expect(layerResults[index]).not.toContain('no-restricted-imports');
      else expect(layerResults[index]).toContain('no-restricted-imports');
    },
  );
});

describe('workflows/ may not do I/O or use non-workflow Temporal packages', () => {
  test.each(bannedImports.map(([statement, what], index) => [statement, what, index] as const))('%s is rejected (%s)', (_s, _w, index) => {
    expect(results[index]).toContain('no-restricted-imports');
  });

  test('reading the environment and Math.random are rejected', () => {
    expect(results[bannedImports.length]).toEqual(expect.arrayContaining(['no-restricted-globals', 'no-restricted-properties']));
  });

  test('a floating promise is rejected', () => {
    expect(results[bannedImports.length + 1]).toContain('@typescript-eslint/no-floating-promises');
  });

  test('workflow APIs, domain rules and type-only activity imports are allowed', () => {
    expect(results[bannedImports.length + 2]).toEqual([]);
  });

  test('the same imports are fine outside workflows/ (the rule is scoped, not global)', () => {
    expect(results[bannedImports.length + 3]).toEqual([]);
  });
});
