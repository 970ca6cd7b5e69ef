// The image must hold every folder the api and the worker import: a folder missing from the
// Dockerfile's COPY lines starts fine in every test here and fails only in the container.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const copied = new Set(
  [...readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^COPY (?!--from)(\S+) \.\/(\S+)$/gm)].map((match) => match[1]!),
);

/** Every top-level folder a .ts file (not a test) under `folder` imports by a relative path. */
function importedFolders(folder: string, seen = new Set<string>()): Set<string> {
  for (const name of readdirSync(path.join(ROOT, folder))) {
    const relative = path.join(folder, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) {
      importedFolders(relative, seen);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      const text = readFileSync(path.join(ROOT, relative), 'utf8');
      for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = path.normalize(path.join(path.dirname(relative), specifier!));
        seen.add(target.split(path.sep)[0]!);
      }
    }
  }
  return seen;
}

test('every folder the copied code imports is copied into the image', () => {
  const folders = [...copied].filter((entry) => statSync(path.join(ROOT, entry)).isDirectory());
  const missing = new Set<string>();
  for (const folder of folders) for (const needed of importedFolders(folder)) if (!copied.has(needed)) missing.add(needed);
  expect([...missing].sort()).toEqual([]);
});

test('the check bites: the api and worker folders are among those copied', () => {
  expect(copied.has('api')).toBe(true);
  expect(copied.has('workers')).toBe(true);
});
