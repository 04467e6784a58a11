/**
 * Every page parser against a few hundred seeded mutations of its fixtures (elements removed,
 * duplicated, moved; attributes and text mangled, U+202E and huge strings put in): it never
 * throws, and every item it reports is anchored in the page it read — its id, or for items
 * without one the sender or title, is there. The benchmark runs the same mutator 10,000 times.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CrmActivity, DealSeen, EmailSeen, ListRowSeen } from '../../../lib/capture/events';
import { detectView, forgetReadMessages, parseCompose, parseListRows, parseThread } from '../../../lib/sites/gmail/parse';
import * as hubspot from '../../../lib/sites/hubspot/parse';
import * as pipedrive from '../../../lib/sites/pipedrive/parse';
import * as salesforce from '../../../lib/sites/salesforce/parse';
import { emailsOnPage } from '../../../lib/sites/tel';
import { mutateTree, pageHaystack, squash } from '../../helpers/fuzz';
import { prng } from '../../bench/mailbox';
import { parseHtml } from './crm/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = 20261204;
const FIXTURES = resolve(process.cwd(), 'tests/fixtures');
const html = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');
const urlOf = (path: string) => (JSON.parse(readFileSync(resolve(FIXTURES, path.replace(/\.html$/, '.expected.json')), 'utf8')) as { url: string }).url;

const GMAIL_THREADS = ['thread-long-2026-11', 'thread-cc-2026-11', 'thread-two-prospects-2026-11', 'compose-reply-2026-11', 'thread-collapsed-noid-2026-12', 'thread-older-bubble-2026-12'].map((f) => `gmail/${f}.html`);
const GMAIL_LISTS = ['gmail/list-inbox-2026-11.html', 'gmail/compose-new-2026-11.html'];
const CRM = {
  hubspot: ['deal-record-2026-11', 'deal-legacy-url-2026-11', 'deal-timeline-2026-12'].map((f) => `hubspot/${f}.html`),
  salesforce: ['opportunity-2026-11', 'opportunity-compact-2026-11', 'opportunity-timeline-2026-12'].map((f) => `salesforce/${f}.html`),
  pipedrive: ['deal-2026-11', 'deal-variant-2026-11', 'deal-timeline-2026-12'].map((f) => `pipedrive/${f}.html`),
};
const PARSERS = { hubspot, salesforce, pipedrive };

/** Why an item is not anchored in the page (undefined when it is). */
type Check = (hay: string) => string | undefined;
const has = (hay: string, what: string | undefined, label: string): string | undefined =>
  !what || hay.includes(squash(what)) ? undefined : `${label} ${JSON.stringify(what.slice(0, 80))} is not on the page`;
const idOf = (id: string) => id.replace(/^legacy:/, '');

function messageAnchor(m: EmailSeen): Check {
  return (hay) =>
    (m.provisional ? has(hay, m.from.email, 'collapsed sender') : has(hay, m.messageId, 'message id')) ??
    has(hay, idOf(m.threadId), 'thread id') ??
    // Each copy is read afresh: its sender and recipients are the ones on this copy.
    has(hay, m.from.email, 'sender') ??
    [...m.to, ...m.cc].map((p) => has(hay, p.email, 'recipient')).find(Boolean);
}
const rowAnchor = (r: ListRowSeen): Check => (hay) => has(hay, idOf(r.threadId), 'row thread id');
function activityAnchor(a: CrmActivity): Check {
  // Pipedrive's ids carry the item's kind before its number (`activity-5121`).
  return (hay) => (a.id.startsWith('h:') ? has(hay, a.title, 'activity title') : has(hay, a.id.replace(/^[a-z]+-(?=\d+$)/, ''), 'activity id'));
}
function dealAnchors(d: DealSeen): Check[] {
  return [
    (hay) => has(hay, d.name.replace(/…$/, ''), 'deal name'),
    ...d.contacts.map((c) => (hay: string) => has(hay, c.email, 'contact')),
    ...(d.activities ?? []).map(activityAnchor),
  ];
}

/**
 * Run `parse` on RUNS mutated copies of the fixtures; every copy must parse without throwing,
 * and every check the parse returns must find its anchor in that copy.
 */
function fuzz(fixtures: string[], parse: (doc: Document, url: string) => Check[], seed: number): { items: number } {
  const rand = prng(seed);
  const sources = fixtures.map((f) => ({ html: html(f), url: f.startsWith('gmail/') || f.startsWith('pages/') ? 'https://mail.google.com/mail/u/0/' : urlOf(f), name: f }));
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const source = sources[i % sources.length]!;
    const doc = parseHtml(source.html);
    mutateTree(doc, rand, 1 + Math.floor(rand() * 8));
    // A copy differs from the last one under the same message ids: it is read afresh, not
    // answered from what the thread parser kept of an earlier copy.
    forgetReadMessages();
    let checks: Check[] = [];
    try {
      checks = parse(doc, source.url);
    } catch (error) {
      throw new Error(`run ${i} (${source.name}): the parser threw ${error instanceof Error ? error.message : String(error)}`);
    }
    if (checks.length === 0) continue;
    const hay = pageHaystack(doc);
    for (const check of checks) {
      const problem = check(hay);
      if (problem) throw new Error(`run ${i} (${source.name}): ${problem}`);
    }
    items += checks.length;
  }
  return { items };
}

describe('parser fuzz: no throw, no item without its anchor on the page', { timeout: 180_000 }, () => {
  it('gmail thread', () => {
    const got = fuzz(GMAIL_THREADS, (doc) => {
      const t = parseThread(doc);
      return t.ok ? t.messages.map(messageAnchor) : [];
    }, SEED);
    // The mutations leave most pages readable: the anchors were really checked.
    expect(got.items).toBeGreaterThan(RUNS);
  });

  it('gmail list', () => {
    const got = fuzz(GMAIL_LISTS, (doc) => {
      const l = parseListRows(doc);
      return l.ok ? l.rows.map(rowAnchor) : [];
    }, SEED + 1);
    expect(got.items).toBeGreaterThan(RUNS);
  });

  it('gmail view and compose', () => {
    fuzz([...GMAIL_THREADS, ...GMAIL_LISTS], (doc) => {
      detectView(doc, '#inbox/FMfcgz');
      detectView(doc, '#inbox');
      const checks: Check[] = [];
      for (const compose of Array.from(doc.querySelectorAll('div[role=dialog], .M9, .ip, form'))) {
        const c = parseCompose(compose);
        if (c.ok) checks.push(...[...c.sending.to, ...c.sending.cc, ...c.sending.bcc].map((p) => (hay: string) => has(hay, p.email, 'recipient')));
      }
      return checks;
    }, SEED + 2);
  });

  for (const [site, fixtures] of Object.entries(CRM) as [keyof typeof CRM, string[]][]) {
    it(`${site} deal and its activity timeline`, () => {
      const got = fuzz(fixtures, (doc, url) => {
        const parsed = PARSERS[site].parseDeal(doc, url);
        return parsed.ok ? dealAnchors(parsed.deal) : [];
      }, SEED + 3 + site.length);
      expect(got.items).toBeGreaterThan(RUNS);
    });
  }

  it('custom CRM pages (the addresses a page shows)', () => {
    fuzz(['pages/custom-crm-2026-11.html', 'pages/blank-crm.html'], (doc) => emailsOnPage(doc).map((e) => (hay: string) => has(hay, e, 'address')), SEED + 9);
  });
});
