/**
 * One view may bring only so many new items a minute; past that it stays paused until the page
 * shows another view. Re-renders of the same items never count twice.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, CrmActivity } from '../../lib/capture/events';
import { itemsOf, VIEW_ITEMS_PER_MINUTE, ViewBudget } from '../../lib/capture/rate';

const message = (i: number, expanded = true): CaptureEvent => ({
  kind: 'email',
  messageId: `msg-f:${i}`,
  threadId: 'thread-f:1',
  subject: 'S',
  from: { email: 'jane@acme.test' },
  to: [],
  cc: [],
  at: i,
  expanded,
});
const row = (i: number): CaptureEvent => ({ kind: 'list-row', threadId: `thread-f:${i}`, subject: 'S', participants: [], at: i, unread: false });
const activity = (i: number): CrmActivity => ({ id: `act-${i}`, type: 'note', at: i, upcoming: false, title: 'n', participants: [] });
const deal = (activities: number): CaptureEvent => ({
  kind: 'deal',
  source: 'pipedrive',
  crmId: '42',
  name: 'D',
  url: 'https://acme.pipedrive.com/deal/42',
  contacts: [],
  activities: Array.from({ length: activities }, (_, i) => activity(i)),
});
const range = (n: number, f: (i: number) => CaptureEvent) => Array.from({ length: n }, (_, i) => f(i));
const THREAD = 'https://mail.google.com/mail/u/0/#inbox/abc';
const T0 = 1_000_000;

describe('items an event stands for', () => {
  it('a message, a row, a send, a call each one; a deal one plus its timeline; the address and an undo none', () => {
    expect(itemsOf(message(1))).toEqual(['m:msg-f:1']);
    expect(itemsOf(row(1))).toEqual(['r:thread-f:1']);
    expect(itemsOf(deal(3))).toHaveLength(4);
    expect(itemsOf({ kind: 'own-address', email: 'rep@ourco.test' })).toEqual([]);
    expect(itemsOf({ kind: 'send-undone', composeId: 'c' })).toEqual([]);
    expect(itemsOf({ kind: 'call', phone: '+1555', at: 5, site: 'gmail', url: THREAD })).toHaveLength(1);
  });
});

describe('the bound of one view', () => {
  it('a 100-message thread seen collapsed, then expanded, then re-rendered, and a 100-row inbox pass whole', () => {
    const budget = new ViewBudget();
    expect(budget.admit(THREAD, range(100, (i) => message(i, false)), T0)).toEqual({ kept: range(100, (i) => message(i, false)), cut: 0 });
    expect(budget.admit(THREAD, range(100, (i) => message(i)), T0 + 1000).cut).toBe(0);
    // Collapsed messages without an id are provisional items of their own until opened.
    expect(budget.admit(THREAD, range(100, (i) => message(1000 + i, false)), T0 + 2000).cut).toBe(0);
    expect(budget.admit(THREAD, range(100, (i) => message(i)), T0 + 3000).cut).toBe(0);
    const inbox = new ViewBudget();
    expect(inbox.admit('https://mail.google.com/mail/u/0/#inbox', range(100, row), T0).cut).toBe(0);
  });

  it('a deal with the most timeline items an event carries passes, however often it is re-read', () => {
    const budget = new ViewBudget();
    for (let i = 0; i < 20; i++) expect(budget.admit('https://acme.pipedrive.com/deal/42', [deal(500)], T0 + i * 1000).cut).toBe(0);
  });

  it('3,000 fake messages: the first ones up to the bound are kept, the rest cut, and the view stays paused', () => {
    const budget = new ViewBudget();
    const got = budget.admit(THREAD, range(3000, message), T0);
    expect(got.kept).toHaveLength(VIEW_ITEMS_PER_MINUTE);
    expect(got.kept.at(-1)).toEqual(message(VIEW_ITEMS_PER_MINUTE - 1));
    expect(got.cut).toBe(3000 - VIEW_ITEMS_PER_MINUTE);
    // Even a minute later, and even items seen before: this view brings nothing more.
    expect(budget.admit(THREAD, [message(5000)], T0 + 120_000)).toEqual({ kept: [], cut: 1 });
    // Another view starts afresh.
    const other = 'https://mail.google.com/mail/u/0/#inbox/def';
    expect(budget.admit(other, [message(5000)], T0 + 120_000).cut).toBe(0);
    // And the view shown again after another starts afresh too.
    expect(budget.admit(THREAD, [message(6000)], T0 + 120_000).cut).toBe(0);
  });

  it('counts within a minute: items spread over minutes pass, a burst past the bound does not', () => {
    const budget = new ViewBudget(10, 60_000);
    expect(budget.admit(THREAD, range(8, message), T0).cut).toBe(0);
    // Still within the minute: two more fit, the third is one too many.
    expect(budget.admit(THREAD, range(3, (i) => message(100 + i)), T0 + 59_999)).toEqual({ kept: [message(100), message(101)], cut: 1 });
    const spread = new ViewBudget(10, 60_000);
    for (let m = 0; m < 5; m++) expect(spread.admit(THREAD, range(8, (i) => message(m * 100 + i)), T0 + m * 60_000).cut).toBe(0);
  });

  it('an event whose timeline does not fit is cut whole, with all after it', () => {
    const budget = new ViewBudget(10, 60_000);
    const got = budget.admit('https://acme.pipedrive.com/deal/42', [message(1), deal(20), message(2)], T0);
    expect(got.kept).toEqual([message(1)]);
    expect(got.cut).toBe(2);
  });

  it("an item an event names twice, or one seen before, counts once: a timeline repeating an item fits a bound its distinct new items fit", () => {
    const budget = new ViewBudget(4, 60_000);
    expect(budget.admit(THREAD, [message(1)], T0).cut).toBe(0);
    // The deal, act-0 and act-1 are new (3 + 1 = 4, at the bound); act-0 again and the message seen before add nothing.
    const repeating: CaptureEvent = { ...(deal(2) as Extract<CaptureEvent, { kind: 'deal' }>), activities: [activity(0), activity(0), activity(1), activity(0)] };
    expect(budget.admit(THREAD, [repeating, message(1)], T0 + 1)).toEqual({ kept: [repeating, message(1)], cut: 0 });
    // Now at the bound: any new item is cut.
    expect(budget.admit(THREAD, [message(2)], T0 + 2)).toEqual({ kept: [], cut: 1 });
  });
});
