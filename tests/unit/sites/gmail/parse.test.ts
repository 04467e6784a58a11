import type { EmailSeen, ListRowSeen } from '../../../../lib/capture/events';
import { classifyDirection } from '../../../../lib/addresses';
import {
  detectOwnAddress,
  detectView,
  findComposeForElement,
  findComposeForSendTarget,
  findThreadContainer,
  forgetReadMessages,
  isSendShortcut,
  parseCompose,
  parseListRows,
  parseThread,
  routeKind,
} from '../../../../lib/sites/gmail/parse';
import * as SEL from '../../../../lib/sites/gmail/selectors';
import { inHeader } from '../../../../lib/sites/gmail/common';
import { ALL_FIXTURES, LIST_FIXTURES, THREAD_FIXTURES, loadDoc, loadExpected } from './fixtures';

const OWN = { own: ['rep@dealdebrief.test', 'sales@dealdebrief.test'], internalDomains: ['dealdebrief.test'] };

/** A parsed message in the shape of the expected JSON (`at` as epoch ms for comparison). */
function comparable(m: EmailSeen) {
  const { kind: _k, threadId: _t, legacyThreadId: _l, subject: _s, ...rest } = m;
  return rest;
}
// `any` on purpose: expected JSON is checked field by field.
const withMs = (o: any) => ({ ...o, at: Date.parse(o.at) });

describe.each(ALL_FIXTURES)('%s: page level', (name) => {
  const doc = loadDoc(name);
  const expected = loadExpected(name);
  it('detects the view from hash and DOM', () => {
    expect(detectView(doc, expected.hash)).toBe(expected.view);
  });
  it('detects the own address', () => {
    expect(detectOwnAddress(doc)).toBe(expected.ownAddress);
  });
});

describe.each(THREAD_FIXTURES)('%s: parseThread', (name) => {
  const doc = loadDoc(name);
  const expected = loadExpected(name);
  const parsed = parseThread(doc);

  it('reads thread ids, subject and counts', () => {
    if (!parsed.ok) throw new Error(`failed: ${parsed.failed}`);
    expect(parsed.threadId).toBe(expected.thread.threadId);
    expect(parsed.legacyThreadId).toBe(expected.thread.legacyThreadId);
    expect(parsed.subject).toBe(expected.thread.subject);
    expect(parsed.waiting).toBe(expected.thread.waiting);
    expect(parsed.hiddenCount).toBe(expected.thread.hiddenCount);
  });

  it('reads every rendered message exactly as expected', () => {
    if (!parsed.ok) throw new Error(`failed: ${parsed.failed}`);
    expect(parsed.messages.map(comparable)).toEqual(expected.thread.messages.map(withMs));
    for (const m of parsed.messages) {
      expect(m.kind).toBe('email');
      expect(m.threadId).toBe(expected.thread.threadId);
      expect(m.legacyThreadId).toBe(expected.thread.legacyThreadId);
      expect(m.subject).toBe(expected.thread.subject);
    }
  });

  it('keeps the expected ISO offsets (Berlin, DST-aware)', () => {
    for (const m of expected.thread.messages) expect(m.at).toMatch(/\+0[12]:00$/);
  });

  it('classifies each message as expected', () => {
    if (!parsed.ok) throw new Error(`failed: ${parsed.failed}`);
    for (const m of parsed.messages) {
      expect([m.messageId, classifyDirection(m, OWN)]).toEqual([m.messageId, expected.directions[m.messageId]]);
    }
  });

  it('is idempotent: a re-parse of the same root gives identical keys and data', () => {
    const again = parseThread(doc);
    expect(again).toEqual(parsed);
    if (!again.ok || !parsed.ok) throw new Error('failed');
    expect(again.messages.map((m) => m.messageId)).toEqual(parsed.messages.map((m) => m.messageId));
    expect(new Set(parsed.messages.map((m) => m.messageId)).size).toBe(parsed.messages.length);
  });

  it('finds the message list to observe', () => {
    const container = findThreadContainer(doc);
    expect(container?.getAttribute('role')).toBe('list');
  });

  it('is not a list', () => {
    expect(parseListRows(doc)).toEqual({ ok: false, failed: 'listRow' });
  });
});

describe.each(LIST_FIXTURES)('%s: parseListRows', (name) => {
  const doc = loadDoc(name);
  const expected = loadExpected(name);
  const parsed = parseListRows(doc);

  it('reads every row as expected', () => {
    if (!parsed.ok) throw new Error(`failed: ${parsed.failed}`);
    expect(parsed.waiting).toBe(expected.list.waiting);
    const rows = parsed.rows.map(({ kind, ...rest }: ListRowSeen) => {
      expect(kind).toBe('list-row');
      return rest;
    });
    expect(rows).toEqual(expected.list.rows.map(withMs));
  });

  it('is idempotent', () => {
    expect(parseListRows(doc)).toEqual(parsed);
  });

  it('is not a thread', () => {
    expect(parseThread(doc)).toEqual({ ok: false, failed: 'threadSubject' });
  });
});

describe('list rows: latestFrom and flags', () => {
  const parsed = parseListRows(loadDoc('list-inbox-2026-11'));
  if (!parsed.ok) throw new Error('failed');
  const bySubject = (s: string) => parsed.rows.find((r) => r.subject === s);
  it.each([
    ['Re: Pilot pricing', 'jane@acme.test', true],
    ['Renewal terms', 'rep@dealdebrief.test', false],
    ['Initech Weekly: 5 ways to close faster', 'noreply@news.initech.test', true],
  ])('%s: latest from %s, unread %s', (subject, latest, unread) => {
    expect(bySubject(subject)?.latestFrom?.email).toBe(latest);
    expect(bySubject(subject)?.unread).toBe(unread);
  });
});

describe('compose', () => {
  it.each(['compose-reply-2026-11', 'compose-new-2026-11'])('%s: Send click → compose → sending', (name) => {
    const doc = loadDoc(name);
    const expected = loadExpected(name);
    const send = doc.querySelector(SEL.sendButton[0]);
    if (!send) throw new Error('fixture has no Send button');
    // A click on a child of the button (Gmail puts text/icons inside) still counts.
    const target = send.firstElementChild ?? send;
    const compose = findComposeForSendTarget(target);
    expect(compose).not.toBeNull();
    const parsed = parseCompose(compose!);
    expect(parsed).toEqual({ ok: true, sending: expected.compose });
    expect(parseCompose(compose!)).toEqual(parsed);
  });

  it('ignores clicks that are not on Send (schedule-send arrow, body, Compose button)', () => {
    const doc = loadDoc('compose-reply-2026-11');
    const arrow = doc.querySelector(SEL.sendButton[0])?.nextElementSibling;
    expect(arrow?.getAttribute('aria-haspopup')).toBe('true');
    // The compose body and Gmail's big Compose button as the fixture has them.
    const body = doc.querySelector('[g_editable=true], [contenteditable=true]');
    const composeButton = doc.querySelector('div.T-I.T-I-KE, [gh=cm]');
    for (const el of [arrow, body, composeButton]) {
      expect(el).not.toBeNull();
      expect(findComposeForSendTarget(el!)).toBeNull();
    }
    expect(findComposeForElement(body!)).not.toBeNull();
  });

  it('reports a compose without ids instead of throwing', () => {
    const doc = new DOMParser().parseFromString('<div class="M9"><form></form></div>', 'text/html');
    expect(parseCompose(doc.querySelector('div')!)).toEqual({ ok: false, failed: 'composeIdInput|draftIdInput' });
  });

  it.each([
    [{ key: 'Enter', ctrlKey: true, metaKey: false }, true],
    [{ key: 'Enter', ctrlKey: false, metaKey: true }, true],
    [{ key: 'Enter', ctrlKey: false, metaKey: false }, false],
    [{ key: 'a', ctrlKey: true, metaKey: false }, false],
  ])('isSendShortcut(%j) → %s', (e, expected) => {
    expect(isSendShortcut(e)).toBe(expected);
  });
});

describe('unknown markup', () => {
  const doc = loadDoc('unknown-markup-2026-11');
  const expected = loadExpected('unknown-markup-2026-11');
  it('fails visibly, naming the selector, without throwing', () => {
    expect(parseThread(doc)).toEqual(expected.thread);
    expect(parseListRows(doc)).toEqual(expected.list);
  });
});

describe('routes and views', () => {
  it.each([
    ['#inbox', 'list'],
    ['', 'list'],
    ['#inbox/p2', 'list'],
    ['#inbox/FMfcgzQbfxnKxyz', 'thread'],
    ['#sent', 'list'],
    ['#sent/FMfcgzQbfxnKxyz', 'thread'],
    ['#search/acme', 'list'],
    ['#search/acme/FMfcgzQbfxnKxyz', 'thread'],
    ['#label/Prospects%2FHot', 'list'],
    ['#label/Prospects/FMfcgzQbfxnKxyz', 'thread'],
    ['#all/FMfcgzQbfxnKxyz', 'thread'],
    ['#category/promotions', 'list'],
    ['#inbox?compose=new', 'list'],
    ['#settings/general', 'other'],
    ['#contacts', 'other'],
  ])('routeKind(%j) → %s', (hash, kind) => {
    expect(routeKind(hash)).toBe(kind);
  });

  it('a thread route on a list DOM is unrecognised, a list route on a thread DOM too', () => {
    expect(detectView(loadDoc('list-inbox-2026-11'), '#inbox/FMfcgzQbfxnKxyz')).toBe('unrecognised');
    expect(detectView(loadDoc('thread-cc-2026-11'), '#inbox')).toBe('unrecognised');
    expect(detectView(loadDoc('thread-cc-2026-11'), '#settings/general')).toBe('other');
  });

  it('a page still loading (no [role=main]) is unrecognised', () => {
    const doc = new DOMParser().parseFromString('<html><head><title>Gmail</title></head><body><div id="loading">Loading…</div></body></html>', 'text/html');
    expect(detectView(doc, '#inbox')).toBe('unrecognised');
    expect(detectOwnAddress(doc)).toBeUndefined();
  });
});

describe('detectOwnAddress', () => {
  it.each([
    ['Inbox (3) - Rep@DealDebrief.test - Deal Debrief Mail', 'rep@dealdebrief.test'],
    ['Re: a - b - jane@acme.test - rep@dealdebrief.test - Gmail', 'rep@dealdebrief.test'],
    ['Gmail', undefined],
  ])('title %j → %s', (title, email) => {
    const doc = new DOMParser().parseFromString(`<html><head><title>${title}</title></head><body></body></html>`, 'text/html');
    expect(detectOwnAddress(doc)).toBe(email);
  });
});

describe('header fields after a copy outside the header', () => {
  it('finds the header sender and date when the same markup comes first in a quote', () => {
    const doc = loadDoc('thread-long-2026-11');
    const item = doc.querySelector(SEL.messageExpanded)!;
    const header = { sender: item.querySelector('span.gD[email]')!, date: inHeader(item, SEL.messageDate).next().value };
    // A quote placed before the header, holding what looks like a sender and a date: the first
    // match in the item is then not the header's, and the header's must still be found.
    const quote = doc.createElement('blockquote');
    const sender = quote.appendChild(doc.createElement('span'));
    sender.className = 'gD';
    sender.setAttribute('email', 'quoted@elsewhere.test');
    const date = quote.appendChild(doc.createElement('span'));
    date.className = 'g3';
    date.setAttribute('title', 'Mon, Jan 5, 2015, 9:00 AM');
    item.prepend(quote);
    expect(header.date).toBeDefined();
    expect(inHeader(item, SEL.messageDate).next().value).toBe(header.date);
    expect([...inHeader(item, 'span.gD[email]')][0]).toBe(header.sender);
  });
});

describe('hidden messages', () => {
  it('counts hidden message items when no "N older" bar is shown', () => {
    const doc = loadDoc('thread-cc-2026-11');
    const list = doc.querySelector(SEL.messageList)!;
    const first = list.querySelector(SEL.messageCollapsed)!;
    // Gmail marks messages folded away as hidden items: they are counted, not emitted.
    first.setAttribute('class', 'kQ');
    const parsed = parseThread(doc);
    if (!parsed.ok) throw new Error(parsed.failed);
    expect(parsed.hiddenCount).toBe(1);
    expect(parsed.messages).toHaveLength(2);
  });
});

describe('what a thread read asks the page', () => {
  it('looks over the view once for its messages, "N older" bars and hidden items', () => {
    const doc = loadDoc('thread-long-2026-11');
    const spy = vi.spyOn(doc, 'querySelectorAll');
    const parsed = parseThread(doc);
    expect(parsed.ok).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('takes a name the details table lacks from the header, and only from the header', () => {
    const doc = loadDoc('thread-cc-2026-11');
    const item = doc.querySelector(`${SEL.messageExpanded}`)!;
    const inTable = [...item.querySelectorAll(`${SEL.detailsTable} ${SEL.recipient}`)].find((el) => el.getAttribute('name') !== 'me')!;
    const email = inTable.getAttribute('email')!;
    const name = inTable.getAttribute('name')!;
    inTable.removeAttribute('name');
    const read = () => {
      forgetReadMessages();
      const parsed = parseThread(doc);
      if (!parsed.ok) throw new Error(parsed.failed);
      const id = item.querySelector(SEL.message)!.getAttribute('data-message-id')!.replace('#', '');
      const m = parsed.messages.find((x) => x.messageId === id)!;
      return [...m.to, ...m.cc].find((p) => p.email === email);
    };
    expect(read()).toEqual({ email, name });
    // The same address with a name in the message's body is not its header.
    for (const el of item.querySelectorAll(SEL.recipient)) if (!el.closest(SEL.detailsTable) && el.getAttribute('email') === email) el.remove();
    const quoted = item.querySelector(SEL.messageBody)!.appendChild(doc.createElement('span'));
    quoted.className = 'g2';
    quoted.setAttribute('email', email);
    quoted.setAttribute('name', 'Someone Quoted');
    expect(read()).toEqual({ email });
  });
});

describe('source hygiene', () => {
  const GMAIL = ['parse', 'route', 'thread', 'collapsed', 'list', 'page', 'compose', 'account', 'mutations', 'common', 'dates', 'selectors', 'watch'];
  it.each([...GMAIL.map((f) => `lib/sites/gmail/${f}.ts`), 'lib/addresses.ts'])(
    '%s never uses innerHTML',
    async (file) => {
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const src = readFileSync(join(__dirname, '../../../..', file), 'utf8');
      expect(src.replace(/No innerHTML|no innerHTML/g, '')).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML/);
    },
  );
});

describe('list views as reps see them', () => {
  it('a row whose thread id carries |msg-f:… gives the same thread id as the open thread', () => {
    const doc = loadDoc('list-inbox-2026-11');
    const span = doc.querySelector('span[data-thread-id]')!;
    const id = span.getAttribute('data-thread-id')!;
    span.setAttribute('data-thread-id', `${id}|msg-f:1881486843183913021`);
    const parsed = parseListRows(doc);
    if (!parsed.ok) throw new Error(parsed.failed);
    expect(parsed.rows[0]!.threadId).toBe(id.replace(/^#/, ''));
  });

  it('rows on screen that are not recognised are a failure (capture pauses), never an empty list', () => {
    const doc = loadDoc('list-inbox-2026-11');
    for (const row of Array.from(doc.querySelectorAll('tr.zA'))) row.setAttribute('class', 'qX9 renamed');
    expect(parseListRows(doc)).toEqual({ ok: false, failed: 'listRow' });
    // A list that is really empty is still fine.
    for (const row of Array.from(doc.querySelectorAll('tr'))) row.remove();
    expect(parseListRows(doc)).toEqual({ ok: true, rows: [], waiting: 0 });
  });
});

describe('a conversation read again', () => {
  const cc = (doc: Document) => {
    const read = parseThread(doc);
    if (!read.ok) throw new Error(read.failed);
    return read.messages.find((m) => (ccId ? m.messageId === ccId : m.cc.length > 0))!;
  };
  let ccId = '';

  it('reads again what changed under a message id: its details table, its state, its legacy id', () => {
    const doc = loadDoc('thread-cc-2026-11');
    const first = cc(doc);
    ccId = first.messageId;
    expect(first.cc.length).toBeGreaterThan(0);
    // The same page read again gives the same message (from what was read before).
    expect(cc(doc)).toEqual(first);
    const el = doc.querySelector(`[data-message-id="#${ccId}"]`)!;
    const item = el.closest(SEL.messageItem)!;
    // Without the details table every header recipient is To.
    const table = item.querySelector(SEL.detailsTable)!;
    table.remove();
    const bare = cc(doc);
    expect(bare.cc).toEqual([]);
    expect(bare.to.map((p) => p.email)).toEqual(expect.arrayContaining(first.cc.map((p) => p.email)));
    // A legacy id that appears later is read.
    el.setAttribute('data-legacy-message-id', '1a1e3df1b60ae2dc');
    expect(cc(doc).legacyMessageId).toBe('1a1e3df1b60ae2dc');
    // Collapsed, it has no recipients.
    item.classList.remove('h7');
    item.classList.add('kv');
    expect(cc(doc)).toMatchObject({ expanded: false, to: [], cc: [] });
  });

  it('reads every message from the page again once what was read is forgotten', () => {
    const doc = loadDoc('thread-cc-2026-11');
    const read = () => {
      const t = parseThread(doc);
      if (!t.ok) throw new Error(t.failed);
      return t.messages[0]!;
    };
    const first = read();
    // A copy of the page whose sender differs under the same ids (as in the fuzz).
    const sender = doc.querySelector(`[data-message-id="#${first.messageId}"]`)!.closest(SEL.messageItem)!.querySelector(`[email="${first.from.email}"]`)!;
    sender.setAttribute('email', 'someone.else@example.test');
    expect(read().from.email).toBe(first.from.email);
    forgetReadMessages();
    expect(read().from.email).toBe('someone.else@example.test');
  });

  it('reads an open message again when its recipients were not on the page yet', () => {
    const doc = loadDoc('thread-cc-2026-11');
    doc.querySelector('h2.hP')!.append(' (recipients late)');
    const first = parseThread(doc);
    if (!first.ok) throw new Error(first.failed);
    const target = first.messages.find((m) => m.expanded && m.to.length + m.cc.length > 1)!;
    const item = doc.querySelector(`[data-message-id="#${target.messageId}"]`)!.closest(SEL.messageItem)!;
    const line = item.querySelector('span.hb')!;
    const filled = [...line.childNodes];
    // The header still being filled in: no details table, the "to" line empty.
    item.querySelector(SEL.detailsTable)!.remove();
    line.replaceChildren('to ');
    forgetReadMessages();
    const partial = parseThread(doc);
    if (!partial.ok) throw new Error(partial.failed);
    expect(partial.messages.find((m) => m.messageId === target.messageId)!.to).toEqual([]);
    // Filled in: same ids, same subject, still open, still no table.
    line.replaceChildren(...filled);
    const again = parseThread(doc);
    if (!again.ok) throw new Error(again.failed);
    expect(again.messages.find((m) => m.messageId === target.messageId)!.to.length).toBeGreaterThan(0);
  });

  it('asks the page less the second time', () => {
    const doc = loadDoc('thread-long-2026-11');
    // A subject of its own: nothing of this conversation was read before (by earlier tests).
    doc.querySelector('h2.hP')!.append(' (read twice)');
    // The elements' own querySelectorAll, wherever the DOM implementation defines it.
    let proto: object = doc.body;
    while (!Object.prototype.hasOwnProperty.call(proto, 'querySelectorAll')) proto = Object.getPrototypeOf(proto) as object;
    const host = proto as { querySelectorAll: Element['querySelectorAll'] };
    const count = () => {
      const real = host.querySelectorAll;
      let n = 0;
      host.querySelectorAll = function (this: Element, s: string) {
        n++;
        return real.call(this, s);
      } as typeof real;
      try {
        parseThread(doc);
      } finally {
        host.querySelectorAll = real;
      }
      return n;
    };
    const first = count();
    expect(count()).toBeLessThan(first);
  });
});
