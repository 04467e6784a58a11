/**
 * The repository explains itself: no code, comment, interface text, doc or test points at
 * documents outside it (the method lives in docs/method.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const DIRS = ['components', 'entrypoints', 'lib', 'scripts', 'tests', 'docs', 'store', 'public', '.ci'];
const FILES = ['README.md', 'SECURITY.md', 'package.json', 'wxt.config.ts'];
const TEXT = /\.(ts|tsx|mjs|js|json|md|html|css|txt)$|^run$/;
const OUTSIDE: [RegExp, string][] = [
  [/\bseeds? \d{3}\b/i, 'a seed article'],
  [/(?:\.\.\/)+shared\//, 'a path outside the repository'],
  [/\/work\//, 'a path on the build machine'],
  [/\breference\/[\w-]+\.md\b/, 'a reference document outside the repository'],
  [/\b(?:DESIGN|STYLE)\.md\b/, 'a design document outside the repository'],
  [/\bissues? \d+\b/i, 'a tracker issue'],
];

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (TEXT.test(name)) out.push(path);
  }
}

describe('the repository refers to nothing outside it', () => {
  const files: string[] = FILES.map((f) => join(ROOT, f));
  for (const d of DIRS) walk(join(ROOT, d), files);
  const self = relative(ROOT, import.meta.filename);

  it('finds the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no pointer to an outside document in code, comments, UI text, docs or tests', () => {
    const found: string[] = [];
    for (const file of files) {
      const rel = relative(ROOT, file);
      // Fixtures are page snapshots (an email in one may well mention a ticket number), not our words.
      if (rel === self || /^tests\/fixtures\/.*\.(html|json)$/.test(rel)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      text.split('\n').forEach((line, i) => {
        for (const [re, what] of OUTSIDE) if (re.test(line)) found.push(`${rel}:${i + 1}: ${what}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
