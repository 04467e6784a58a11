/**
 * The parser fuzz in Chromium (steps in browser/fuzz.ts): every page parser on 10,000 mutated
 * copies of its fixtures (BENCH_FUZZ), counting throws (there must be none) and the slowest
 * parse. Its own browser, closed before the next file starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, HOSTS, launchBench, ROOT } from './chromium';
import { row } from './harness';

const SEED = Number(process.env.BENCH_SEED ?? 20261203);
const FUZZ = Number(process.env.BENCH_FUZZ ?? 10_000);

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`) : 'n/a');
const n = (x: number) => x.toLocaleString('en-US');

type Fuzz = { fuzz(parser: string, fixtures: { html: string; url: string }[], count: number, seed: number): Promise<{ throws: number; slowest: number; median: number; runs: number; firstError?: string }> };

const fixture = (path: string, url: string) => ({ html: readFileSync(join(ROOT, 'tests/fixtures', path), 'utf8'), url });
const FUZZ_FIXTURES: Record<string, { html: string; url: string }[]> = {
  'gmail thread': ['thread-long', 'thread-cc', 'thread-alias', 'thread-two-prospects', 'thread-internal'].map((f) => fixture(`gmail/${f}-2026-11.html`, 'https://mail.google.com/mail/u/0/#inbox/x')),
  'gmail list': [fixture('gmail/list-inbox-2026-11.html', 'https://mail.google.com/mail/u/0/#inbox')],
  'gmail view': [fixture('gmail/thread-long-2026-11.html', 'https://mail.google.com/mail/u/0/#inbox/x'), fixture('gmail/list-inbox-2026-11.html', 'https://mail.google.com/mail/u/0/#inbox')],
  hubspot: [fixture('hubspot/deal-record-2026-11.html', 'https://app.hubspot.com/contacts/1/record/0-3/42')],
  salesforce: [fixture('salesforce/opportunity-2026-11.html', 'https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view')],
  pipedrive: [fixture('pipedrive/deal-2026-11.html', 'https://debrief-demo.pipedrive.com/deal/42')],
};

it('parser fuzz, in Chromium', async () => {
  const js = await bundle(join(ROOT, 'tests/bench/browser/fuzz.ts'), 'fuzz');
  const b = await launchBench();
  try {
    b.server.route({ host: HOSTS.other, path: '/fuzz.html', html: `<!doctype html><title>parser fuzz</title><script>${readFileSync(js, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>` });
    const page = await b.context.newPage();
    page.on('pageerror', (e) => console.log('[bench page error]', e.message));
    await page.goto(`https://${HOSTS.other}/fuzz.html`);
    for (const parser of Object.keys(FUZZ_FIXTURES)) {
      const r = await page.evaluate(
        ([p, f, c, s]) => (globalThis as unknown as { ddFuzz: Fuzz }).ddFuzz.fuzz(p as string, f as { html: string; url: string }[], c as number, s as number),
        [parser, FUZZ_FIXTURES[parser], FUZZ, SEED + 5] as const,
      );
      row({ section: 'Parser fuzz', what: `${parser}: ${n(r.runs)} mutated pages`, figure: `${r.throws} throws, slowest ${ms(r.slowest)}`, compared: `median ${ms(r.median)}${r.firstError ? `; first error: ${r.firstError.slice(0, 80)}` : ''}`, budget: '0 throws', held: r.throws === 0 });
      expect(r.runs).toBe(FUZZ);
    }
  } finally {
    await b.close();
  }
});
