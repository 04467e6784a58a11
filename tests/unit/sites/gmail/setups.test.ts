/** Gmail as reps set it up: reading pane right and below, conversation view off, other languages. */
import type { ListRowSeen } from '../../../../lib/capture/events';
import { gmailMessageKey, listRowKey } from '../../../../lib/keys';
import { parseGmailDate } from '../../../../lib/sites/gmail/dates';
import { parseListRows, parseThread, readPage } from '../../../../lib/sites/gmail/parse';
import { LANGUAGE_FIXTURES, PANE_FIXTURES, loadDoc, loadExpected } from './fixtures';

// `any` on purpose: expected JSON is checked field by field.
const withMs = (o: any) => ({ ...o, at: Date.parse(o.at) });
const rowsOf = (rows: ListRowSeen[]) => rows.map(({ kind: _k, ...rest }) => rest);

describe.each(PANE_FIXTURES)('%s: the list and the open thread together', (name) => {
  const doc = loadDoc(name);
  const expected = loadExpected(name);

  it('reads the open thread exactly as expected', () => {
    const thread = parseThread(doc);
    if (!thread.ok) throw new Error(thread.failed);
    expect(thread.threadId).toBe(expected.thread.threadId);
    expect(thread.messages.map(({ kind: _k, threadId: _t, legacyThreadId: _l, subject: _s, ...m }) => m)).toEqual(expected.thread.messages.map(withMs));
  });

  it('reads each thread of the list once (a thread of two or three rows is one row)', () => {
    const list = parseListRows(doc);
    if (!list.ok) throw new Error(list.failed);
    expect(list.waiting).toBe(0);
    expect(rowsOf(list.rows)).toEqual(expected.list.rows.map(withMs));
    expect(new Set(list.rows.map((r) => r.threadId)).size).toBe(list.rows.length);
  });

  it.each([['the thread is named in the hash', 'expected'], ['the hash names the list', '#inbox']])(
    'captures both the thread and the rows when %s',
    (_what, hash) => {
      const page = readPage(doc, hash === 'expected' ? expected.hash : hash);
      if (page.kind !== 'read') throw new Error(page.kind);
      expect(page.thread?.messages).toHaveLength(expected.thread.messages.length);
      expect(page.list?.rows).toHaveLength(expected.list.rows.length);
    },
  );

  it('the open thread has the same thread id in its list row and in the thread, and its newest message one key', () => {
    const thread = parseThread(doc);
    const list = parseListRows(doc);
    if (!thread.ok || !list.ok) throw new Error('failed');
    const row = list.rows.find((r) => r.threadId === thread.threadId);
    expect(row?.threadId).toBe(expected.openRow.threadId);
    expect(row?.legacyThreadId).toBe(thread.legacyThreadId);
    // The row and the message it stands for are stored under one key: never counted twice.
    expect(listRowKey(row!.threadId, row!.lastMessageId)).toBe(gmailMessageKey(expected.openRow.messageId));
  });
});

describe('conversation view off', () => {
  const list = loadExpected('conversation-off-list-2026-12');
  const message = loadExpected('conversation-off-message-2026-12');
  const rows = parseListRows(loadDoc('conversation-off-list-2026-12'));

  it('each row is one message: its own key, its exact time from the message id', () => {
    if (!rows.ok) throw new Error(rows.failed);
    expect(rows.rows.map((r) => listRowKey(r.threadId, r.lastMessageId))).toEqual(list.rowMessages.map(gmailMessageKey));
    expect(rows.rows.map((r) => r.at)).toEqual(list.list.rows.map((r: { at: string }) => Date.parse(r.at)));
  });

  it('rows of one conversation carry its thread id, the same as the opened message', () => {
    if (!rows.ok) throw new Error(rows.failed);
    const opened = parseThread(loadDoc('conversation-off-message-2026-12'));
    if (!opened.ok) throw new Error(opened.failed);
    const same = rows.rows.filter((r) => r.threadId === opened.threadId);
    expect(same).toHaveLength(3);
    // The message opened alone: no conversation around it, nothing said to be hidden.
    expect(opened.messages).toHaveLength(1);
    expect(opened.hiddenCount).toBe(0);
    expect(opened.messages[0]!.threadTotal).toBeUndefined();
    expect(rows.rows.map((r) => listRowKey(r.threadId, r.lastMessageId))).toContain(gmailMessageKey(message.thread.messages[0].messageId));
  });
});

describe.each(LANGUAGE_FIXTURES)('%s: an interface in another language', (name) => {
  const doc = loadDoc(name);
  const expected = loadExpected(name);

  it.each(Object.entries(expected.titles as Record<string, string>))('reads the date title %s', (title, iso) => {
    expect(parseGmailDate(title)).toBe(Date.parse(iso));
  });

  it('counts the messages behind the "older messages" bar, whatever its words', () => {
    const thread = parseThread(doc);
    if (!thread.ok) throw new Error(thread.failed);
    expect(thread.hiddenCount).toBe(2);
    expect(thread.waiting).toBe(0);
  });

  it('splits To from Cc with the details labels of the language, and never names the rep by the word for "me"', () => {
    const thread = parseThread(doc);
    if (!thread.ok) throw new Error(thread.failed);
    const last = thread.messages.find((m) => m.expanded && m.from.email === 'jane@acme.test')!;
    expect(last.to).toEqual([{ email: 'rep@dealdebrief.test' }]);
    expect(last.cc).toEqual([{ email: 'raj@acme.test', name: 'Raj Patel' }]);
  });
});

describe('rows on screen that are not recognised pause capture, never "nothing to capture"', () => {
  it('classic rows renamed', () => {
    const doc = loadDoc('list-inbox-2026-11');
    for (const row of Array.from(doc.querySelectorAll('tr.zA'))) row.setAttribute('class', 'qX9 renamed');
    expect(readPage(doc, '#inbox')).toEqual({ kind: 'paused', reason: 'missing listRow' });
  });

  it('reading-pane rows whose dates moved', () => {
    const doc = loadDoc('reading-pane-right-2026-12');
    for (const cell of Array.from(doc.querySelectorAll('td.apt'))) cell.setAttribute('class', 'xY zz1');
    // The pane is closed: only the list is on screen.
    doc.querySelector('.aia')!.remove();
    expect(readPage(doc, '#inbox')).toEqual({ kind: 'paused', reason: 'list rows not recognised' });
  });

  it('a list that is really empty is not paused', () => {
    const doc = loadDoc('list-inbox-2026-11');
    for (const row of Array.from(doc.querySelectorAll('tr'))) row.remove();
    expect(readPage(doc, '#inbox')).toEqual({ kind: 'read', view: 'list', list: { ok: true, rows: [], waiting: 0 } });
  });
});
