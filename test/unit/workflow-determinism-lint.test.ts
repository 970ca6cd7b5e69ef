// The lint config is what keeps workflow code deterministic (docs/architecture.md "Code style"). These tests lint small
// snippets as if they were files in workflows/, so a config change that stops banning I/O fails here.
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

let results: string[][];
beforeAll(() => {
  results = lintAll(snippets);
}, 120_000);

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
