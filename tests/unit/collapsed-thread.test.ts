/**
 * A conversation whose collapsed items carry no message id is captured whole from their headers,
 * and stays whole — no duplicate — as each item is expanded (the fixture's own script does what
 * Gmail does on a click).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailSeen } from '../../lib/capture/events';
import { ingest } from '../../lib/db/ingest';
import { touchpointsOfThread } from '../../lib/db/queries';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { partlyCaptured } from '../../lib/reflection/hardData';
import { parseThread } from '../../lib/sites/gmail/parse';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';

const DIR = join(__dirname, '../fixtures/gmail');
const NOW = Date.parse('2026-12-02T10:00:00+01:00');

function load(name: string) {
  const html = readFileSync(join(DIR, `${name}.html`), 'utf8');
  return { doc: new DOMParser().parseFromString(html, 'text/html'), exp: JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) };
}

/** What the fixture's script does on a click: the item (or the older-messages bar) becomes what its template holds. */
function expand(doc: Document, el: Element): void {
  const bar = el.closest('.adv');
  const target = bar ? bar.closest('.kQ')! : el.closest('.kv[data-x]')!;
  const template = doc.getElementById(bar ? 'x-group' : `x-${target.getAttribute('data-x')}`) as HTMLTemplateElement;
  target.replaceWith(template.content.cloneNode(true));
}

function messages(doc: Document): EmailSeen[] {
  const r = parseThread(doc);
  if (!r.ok) throw new Error(r.failed);
  return r.messages;
}

let db: DealDebriefDB;
beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@dealdebrief.test'], internalDomains: ['dealdebrief.test'] });
});
afterEach(() => db.close());

const stored = (threadId: string): Promise<Touchpoint[]> => touchpointsOfThread(db, threadId);

describe.each(['thread-collapsed-noid-2026-12', 'thread-older-bubble-2026-12'])('%s', (name) => {
  it('is captured whole from the headers and stays whole as each item is expanded, ending with the real ids', async () => {
    const { doc, exp } = load(name);
    const threadId: string = exp.thread.threadId;
    await ingest(db, messages(doc), NOW);
    const rendered = exp.thread.messages.length;
    expect(await stored(threadId)).toHaveLength(rendered);
    // Gmail hides some: every stored message says how many the conversation holds.
    if (exp.thread.hiddenCount) {
      expect(partlyCaptured(await stored(threadId))).toEqual({ threads: 1, missing: exp.thread.hiddenCount });
      expand(doc, doc.querySelector('.adv')!);
      await ingest(db, messages(doc), NOW);
    }
    expect(await stored(threadId)).toHaveLength(exp.total);
    expect(partlyCaptured(await stored(threadId))).toBeUndefined();
    // Expand every collapsed item, one at a time, capturing after each.
    for (let item = doc.querySelector('.kv[data-x]'); item; item = doc.querySelector('.kv[data-x]')) {
      expand(doc, item);
      await ingest(db, messages(doc), NOW);
      const now = await stored(threadId);
      expect(now).toHaveLength(exp.total);
      expect(new Set(now.map((t) => t.key)).size).toBe(exp.total);
    }
    const final = await stored(threadId);
    const want = [...Object.values(exp.expandsTo as Record<string, string>), ...exp.thread.messages.filter((m: { provisional?: boolean }) => !m.provisional).map((m: { messageId: string }) => m.messageId)];
    expect(final.map((t) => t.key).sort()).toEqual(want.map((id) => `gmail:${id}`).sort());
    // Directions as the fixture says, now that each message shows its recipients.
    for (const t of final) expect([t.key, t.direction]).toEqual([t.key, exp.directionsAll[t.key.slice(6)]]);
  });

  it('a collapsed header seen again after its message was expanded adds nothing', async () => {
    const { doc, exp } = load(name);
    const before = messages(doc);
    for (let item = doc.querySelector('.kv[data-x], .adv'); item; item = doc.querySelector('.kv[data-x], .adv')) expand(doc, item);
    await ingest(db, messages(doc), NOW);
    const keys = (await stored(exp.thread.threadId)).map((t) => t.key).sort();
    expect(keys).toHaveLength(exp.total);
    await ingest(db, before, NOW);
    expect((await stored(exp.thread.threadId)).map((t) => t.key).sort()).toEqual(keys);
  });
});
