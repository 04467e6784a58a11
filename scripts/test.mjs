#!/usr/bin/env node
// `npm test`: lint (oxlint: import cycles, layering, text-only DOM), type-check, unit and component tests, build (production and test builds), then the
// end-to-end tests in real Chromium; then the Firefox build, `web-ext lint` on it and the Firefox
// smoke tests in firefox-esr. The last line sums up every test: "N passed, N failed".
//   --e2e-only   skip lint, type-check and unit tests
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const e2eOnly = process.argv.includes('--e2e-only');
const totals = { passed: 0, failed: 0, skipped: 0 };
const INSTALL = 'sudo apt-get install -y chromium';
const INSTALL_FIREFOX = 'sudo apt-get install -y firefox-esr';
mkdirSync('.tmp', { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function vitest(label, args, report) {
  const ok = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A suite that crashed before its tests ran still counts as a failure.
    if (!ok && (r.numFailedTests ?? 0) === 0) totals.failed += 1;
  } else if (!ok) totals.failed += 1;
  return ok;
}

function finish(code) {
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(code);
}

let ok = true;
if (!e2eOnly) {
  // The layering rules and text-only DOM in .oxlintrc.json; the binary directly, to stay well under a second.
  if (run('lint (oxlint)', 'node_modules/.bin/oxlint', ['--deny-warnings'])) totals.passed += 1;
  else {
    totals.failed += 1;
    ok = false;
  }
  if (run('type-check (tsc --noEmit)', 'npx', ['tsc', '--noEmit'])) totals.passed += 1;
  else {
    totals.failed += 1;
    ok = false;
  }
  ok = vitest('unit and component tests', [], '.tmp/vitest-unit.json') && ok;
}

const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chrome)) {
  console.error(`\nChromium is needed for the end-to-end tests and was not found at ${chrome}.\nInstall it with:\n  ${INSTALL}\n(or point CHROME_PATH at a Chromium binary)`);
  totals.failed += 1;
  finish(1);
}

if (!run('build the extension (production)', 'npx', ['wxt', 'build']) || !run('build the extension (test build: movable clock)', 'npx', ['wxt', 'build', '--mode', 'test'], { WXT_TEST_CLOCK: '1' })) {
  totals.failed += 1;
  finish(1);
}
ok = vitest('end-to-end tests in Chromium', ['-c', 'vitest.e2e.config.ts'], '.tmp/vitest-e2e.json') && ok;

// Firefox: the shipped Firefox build (no test build: these smoke tests need no moved clock).
if (!run('build the Firefox add-on', 'npx', ['wxt', 'build', '-b', 'firefox'])) {
  totals.failed += 1;
  finish(1);
}
if (run('web-ext lint (Firefox add-on)', 'node', ['scripts/lint-firefox.mjs'])) totals.passed += 1;
else {
  totals.failed += 1;
  ok = false;
}
const firefox = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
if (existsSync(firefox)) {
  ok = vitest('end-to-end smoke tests in Firefox', ['-c', 'vitest.e2e-firefox.config.ts'], '.tmp/vitest-e2e-firefox.json') && ok;
} else {
  console.error(`\nFirefox is needed for the Firefox smoke tests and was not found at ${firefox}.\nInstall it with:\n  ${INSTALL_FIREFOX}\n(or point FIREFOX_PATH at a Firefox binary)`);
  // CI installs it (.ci/run), so there a missing Firefox is a failure; on a developer's machine a skip.
  if (process.env.CI) {
    totals.failed += 1;
    ok = false;
  } else totals.skipped += 1;
}
finish(ok ? 0 : 1);
