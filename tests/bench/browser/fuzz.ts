/**
 * The parser fuzz, run inside Chromium (bundled by tests/bench/chromium.ts and loaded into a
 * plain https page): every page parser on mutated copies of its fixtures, with the mutations of
 * the unit fuzz tests (tests/helpers/fuzz.ts).
 */
import { detectView, forgetReadMessages, parseListRows, parseThread } from '../../../lib/sites/gmail/parse';
import { parseDeal as hubspotDeal } from '../../../lib/sites/hubspot/parse';
import { parseDeal as pipedriveDeal } from '../../../lib/sites/pipedrive/parse';
import { parseDeal as salesforceDeal } from '../../../lib/sites/salesforce/parse';
import { mutateDom } from '../../helpers/fuzz';
import { prng } from '../mailbox';

const PARSERS: Record<string, { run: (root: Document, url: string) => unknown }> = {
  'gmail thread': { run: (d) => parseThread(d) },
  'gmail list': { run: (d) => parseListRows(d) },
  'gmail view': { run: (d) => detectView(d, '#inbox/FMfcgz') },
  hubspot: { run: (d, url) => hubspotDeal(d, url) },
  salesforce: { run: (d, url) => salesforceDeal(d, url) },
  pipedrive: { run: (d, url) => pipedriveDeal(d, url) },
};

/** How many mutated pages are parsed in one task: the browser frees a page's DOM only between tasks. */
const FUZZ_SLICE = 200;
/** Every this many pages, a full garbage collection (when the page may) keeps memory flat. */
const GC_EVERY = 2000;

/**
 * `count` mutated copies of the parser's fixtures; throws counted, slowest parse kept. Each
 * copy replaces the last one in a single document (a new document for every copy cost more
 * than most parses), and the loop yields to the browser every few hundred copies, collecting
 * garbage now and then: in one long task, every copy stayed in memory until the end,
 * gigabytes by the end of the fuzz.
 */
async function fuzz(parser: string, fixtures: { html: string; url: string }[], count: number, seedNo: number): Promise<{ throws: number; slowest: number; median: number; runs: number; firstError?: string }> {
  const p = PARSERS[parser];
  if (!p) throw new Error(`no parser ${parser}`);
  const rand = prng(seedNo);
  const docs = fixtures.map((f) => ({ doc: new DOMParser().parseFromString(f.html, 'text/html'), url: f.url }));
  const gc = (globalThis as { gc?: () => void }).gc;
  const doc = document.implementation.createHTMLDocument('');
  let throws = 0;
  let firstError: string | undefined;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % FUZZ_SLICE === 0) {
      await new Promise((r) => setTimeout(r, 0));
      if (i % GC_EVERY === 0) gc?.();
    }
    const base = docs[i % docs.length]!;
    doc.replaceChild(doc.importNode(base.doc.documentElement, true), doc.documentElement);
    mutateDom(doc.documentElement, rand, 1 + Math.floor(rand() * 8));
    // Each copy is read from the page, not answered from what the thread parser kept of an
    // earlier copy under the same message ids (outside the timing: it is not the parse).
    forgetReadMessages();
    const t0 = performance.now();
    try {
      p.run(doc, base.url);
    } catch (e) {
      throws += 1;
      firstError ??= e instanceof Error ? e.message : String(e);
    }
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { throws, slowest: times[times.length - 1] ?? 0, median: times[times.length >> 1] ?? 0, runs: count, firstError };
}

(globalThis as unknown as { ddFuzz: unknown }).ddFuzz = { fuzz, parsers: Object.keys(PARSERS) };
