// The repository explains itself (docs/architecture.md "Code style"): a clone has no brief beside it,
// so every document a comment or doc names must be in the repository. Fails on a markdown file that
// does not exist, a quoted section that is not a heading of its document, and a journey number that
// docs/product.md does not have. Links to other sites (URLs) are not checked.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PRODUCT = 'docs/product.md';
const SCANNED = /\.(ts|js|cjs|mjs|svelte|md|yml|yaml|json)$/;
const SKIPPED = [/(^|\/)node_modules\//, /^package-lock\.json$/, /^web\/\.svelte-kit\//, /^temporal\/histories\//];

/** A markdown file named in text: `README.md`, `docs/decisions/0013-inbound-delivery.md`, `../../docs/product.md`. */
const MARKDOWN_NAME = /[\w./-]*\w\.md\b/g;
/** A document followed by a quoted section: docs/architecture.md "Testing tiers". */
const QUOTED_SECTION = /([\w./-]*\w\.md)`?\s+["“]([^"”\n]+)["”]/g;
/** "journey 3", "journeys 5 and 6", "journeys 4, 7 or 8". */
const JOURNEY = /\bjourneys?\s+(\d+(?:\s*(?:,|and|or|&)\s*\d+)*)/gi;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)>\]'"`]+/gi;
/** A relative link in markdown, [text](path) or [text](path#anchor): the file or folder must exist. */
const MARKDOWN_LINK = /\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s#]+)(?:#[^)\s]*)?\)/gi;

interface Problem {
  file: string;
  line: number;
  problem: string;
}

/** Files in the repository (tracked, or new and not ignored) whose text may name a document. */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = [...new Set(listed.split('\0').filter(Boolean))];
  return files.filter((file) => SCANNED.test(file) && !SKIPPED.some((skip) => skip.test(file)) && isFile(file));
}

function isFile(file: string): boolean {
  const full = path.join(ROOT, file);
  return existsSync(full) && statSync(full).isFile();
}

/** The repository path a name refers to from `file`: relative to the repository root or to the file's folder. */
function resolveDocument(file: string, name: string): string | undefined {
  for (const candidate of [path.normalize(name), path.normalize(path.join(path.dirname(file), name))]) {
    if (!candidate.startsWith('..') && !path.isAbsolute(candidate) && isFile(candidate)) return candidate.split(path.sep).join('/');
  }
  return undefined;
}

/** `##` and `###` headings of a markdown document, lower-cased. */
function headingsOf(document: string): Set<string> {
  const text = readFileSync(path.join(ROOT, document), 'utf8');
  const headings = [...text.matchAll(/^#{2,3}\s+(.+?)\s*#*\s*$/gm)].map((match) => match[1]!.trim().toLowerCase());
  return new Set(headings);
}

/** Journey numbers docs/product.md has, as `### Journey N: …` headings. */
function journeysOf(productText: string): Set<number> {
  return new Set([...productText.matchAll(/^#{2,4}\s+Journey\s+(\d+)\b/gim)].map((match) => Number(match[1])));
}

/**
 * What is wrong with the references in one file's text. `exists` and `headings` answer for the
 * repository; `journeys` are docs/product.md's.
 */
function checkText(
  file: string,
  text: string,
  repo: {
    resolve: (file: string, name: string) => string | undefined;
    linkTarget: (file: string, target: string) => boolean;
    headings: (document: string) => Set<string>;
    journeys: Set<number>;
  },
): Problem[] {
  const problems: Problem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    // Names inside URLs belong to other sites.
    const content = raw.replace(URL, (url) => ' '.repeat(url.length));
    for (const [name] of content.matchAll(MARKDOWN_NAME)) {
      if (!repo.resolve(file, name)) problems.push({ file, line, problem: `names ${name}, which is not in the repository` });
    }
    if (file.endsWith('.md')) {
      for (const [, target] of raw.matchAll(MARKDOWN_LINK)) {
        if (!repo.linkTarget(file, target!)) problems.push({ file, line, problem: `links to ${target}, which is not in the repository` });
      }
    }
    for (const [, name, section] of content.matchAll(QUOTED_SECTION)) {
      const document = repo.resolve(file, name!);
      if (document && !repo.headings(document).has(section!.trim().toLowerCase())) {
        problems.push({ file, line, problem: `quotes section "${section}" of ${document}, which has no such heading` });
      }
    }
    for (const [, numbers] of content.matchAll(JOURNEY)) {
      for (const number of numbers!.match(/\d+/g)!.map(Number)) {
        if (!repo.journeys.has(number)) problems.push({ file, line, problem: `names journey ${number}, which ${PRODUCT} does not have` });
      }
    }
    if (/rules that are never broken/i.test(content) && !repo.headings(PRODUCT).has('rules that are never broken')) {
      problems.push({ file, line, problem: `names the rules that are never broken, which ${PRODUCT} has no heading for` });
    }
  });
  return problems;
}

/** A markdown link's target, relative to the linking file: a file or folder of the repository. */
function linkTarget(file: string, target: string): boolean {
  const full = path.normalize(path.join(path.dirname(file), decodeURIComponent(target)));
  return !full.startsWith('..') && existsSync(path.join(ROOT, full));
}

const headingCache = new Map<string, Set<string>>();
const repository = {
  resolve: resolveDocument,
  linkTarget,
  headings: (document: string) => {
    if (!headingCache.has(document)) headingCache.set(document, headingsOf(document));
    return headingCache.get(document)!;
  },
  journeys: journeysOf(existsSync(path.join(ROOT, PRODUCT)) ? readFileSync(path.join(ROOT, PRODUCT), 'utf8') : ''),
};

test('docs/architecture.md and docs/product.md exist, with the sections and journeys the code cites', () => {
  expect(isFile('docs/architecture.md')).toBe(true);
  expect(isFile(PRODUCT)).toBe(true);
  expect([...repository.journeys].sort((a, b) => a - b)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
});

test('every markdown document, quoted section and journey named in the repository exists', () => {
  const files = repositoryFiles();
  // A broken `git ls-files` would make this test pass vacuously.
  expect(files).toEqual(expect.arrayContaining(['README.md', 'api/app.ts', 'jest.config.js']));
  const problems = files.flatMap((file) =>
    checkText(file, readFileSync(path.join(ROOT, file), 'utf8'), repository).map((p) => `${p.file}:${p.line}: ${p.problem}`),
  );
  expect(problems).toEqual([]);
});

describe('the check bites', () => {
  // Names are built from pieces so that this file itself names nothing missing.
  const brief = ['ARCHI', 'TECTURE', '.md'].join('');
  const architecture = ['docs/architecture', 'md'].join('.');
  const check = (text: string, file = 'api/example.ts') => checkText(file, text, repository).map((p) => p.problem);

  test('a comment naming a document that is not in the repository', () => {
    expect(check(`// see ${brief} for the targets`)).toEqual([`names ${brief}, which is not in the repository`]);
    expect(check(`// see ../shared/${brief}`)).toHaveLength(1);
    expect(check(`// see docs/${['decisions/0099-nothing', 'md'].join('.')}`)).toHaveLength(1);
  });

  test('a quoted section that is not a heading, and a journey docs/product.md does not have', () => {
    expect(check(`// ${architecture} "${['No such', 'section'].join(' ')}"`)).toHaveLength(1);
    expect(check(`// docs/product.md ${'journeys'} 3 and ${99}`)).toEqual([`names journey ${99}, which ${PRODUCT} does not have`]);
  });

  test('a markdown link to a file or folder that is not in the repository (a module that moved)', () => {
    const moved = ['../workflows/', 'messages.ts'].join('');
    expect(check(`the contract is [here](${moved})`, 'docs/architecture.md')).toEqual([
      `links to ${moved}, which is not in the repository`,
    ]);
    expect(check('the contracts are [here](../contracts/index.ts), the tiers [there](#testing-tiers)', 'docs/architecture.md')).toEqual([]);
  });

  test('what exists passes: root and folder-relative names, quoted headings in any case, URLs', () => {
    expect(check('// docs/architecture.md "Testing tiers", docs/architecture.md "sandbox", docs/product.md journey 10')).toEqual([]);
    expect(check(`see [16](${['0016-conversation-core', 'md'].join('.')})`, 'docs/decisions/0006-conversation-workflow-design.md')).toEqual(
      [],
    );
    expect(check(`https://github.com/temporalio/samples-typescript/blob/main/${brief}`)).toEqual([]);
  });
});
