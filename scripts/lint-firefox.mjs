#!/usr/bin/env node
// `web-ext lint` on the built Firefox add-on (.output/firefox-mv2), offline. Fails on any error
// and on any warning or notice not listed below. Each listed one names the bundled library code
// it comes from and why it does not apply to this add-on.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const SOURCE = process.argv[2] ?? '.output/firefox-mv2';

/**
 * Warnings that come from libraries' code paths the add-on never takes. Each is excused only
 * where the reported line and column hold exactly that library code (`code_at`), so the same
 * warning from new code still fails.
 */
export const DOES_NOT_APPLY = [
  {
    code: 'DANGEROUS_EVAL',
    file: /^(background\.js|chunks\/model-[\w-]+\.js)$/,
    code_at: /^Function\(``\),!0\}catch\{return!1\}/,
    why: "zod's feature probe `try { Function('') } catch {}` decides whether it may compile validators; the extension's content security policy forbids eval, so the probe fails and zod validates without it. No string is ever evaluated.",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    // Whichever shared chunk the bundler puts Preact in (named after one of its modules: it moves
    // as pages share more code); `code_at` pins the exact code.
    file: /^chunks\/[\w-]+\.js$/,
    code_at: /^\(?e\.innerHTML=f\.__html\)/,
    why: "Preact's support for `dangerouslySetInnerHTML`; no component of the add-on uses that prop, so the assignment never runs (page content is only ever set as text).",
  },
];

if (!existsSync(`${SOURCE}/manifest.json`)) {
  console.error(`No built Firefox add-on at ${SOURCE}: run npm run build:firefox first.`);
  process.exit(1);
}
const r = spawnSync('npx', ['web-ext', 'lint', '--source-dir', SOURCE, '--no-config-discovery', '--output', 'json'], {
  encoding: 'utf8',
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
});
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint gave no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
/** The bundled code at a finding's line and column. */
function codeAt(f) {
  if (!f.file || !f.line) return '';
  const line = readFileSync(`${SOURCE}/${f.file}`, 'utf8').split('\n')[f.line - 1] ?? '';
  return line.slice(Math.max(0, (f.column ?? 1) - 1), (f.column ?? 1) + 80);
}
const findings = [...report.errors, ...report.warnings, ...report.notices];
let failed = 0;
for (const f of findings) {
  const excused = f._type !== 'error' && DOES_NOT_APPLY.find((d) => d.code === f.code && d.file.test(f.file ?? '') && d.code_at.test(codeAt(f)));
  const where = `${f.file ?? ''}${f.line ? `:${f.line}:${f.column}` : ''}`;
  if (excused) console.log(`  (does not apply) ${f.code} ${where}: ${excused.why}`);
  else {
    failed += 1;
    console.error(`  ${f._type.toUpperCase()} ${f.code} ${where}: ${f.message}\n    ${f.description ?? ''}`);
  }
}
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices; ${failed} that apply.`);
process.exit(failed ? 1 : 0);
