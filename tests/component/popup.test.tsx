import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup, ROWS_AT_FIRST } from '../../components/popup/Popup';
import { call } from '../../lib/messaging';
import { ROWS_MORE } from '../../components/popup/model';
import { readPopup } from '../../lib/followups/popup-read';
import { SHOWN_AT_FIRST } from '../../lib/followups/popup-view';
import { createApi } from '../../lib/background/api';
import { db } from '../../lib/db';
import { openDatabase } from '../../lib/db/schema';
import { debriefId, reengageId, replyId } from '../../lib/followups/rules';
import type { FollowUp } from '../../lib/model';
import { makeDeal, makeFollowUp } from '../unit/helpers/factories';
import { quietEffects } from '../unit/helpers/effects';

const DAY = 86_400_000;

// The popup talks to the background through `call`; here the real background actions answer,
// against the same fake-indexeddb database the popup reads live.
vi.mock('../../lib/messaging', () => ({ call: vi.fn() }));
const opened: string[] = [];

beforeEach(async () => {
  await db().delete();
  await db().open();
  opened.length = 0;
  const record = async (where: string) => void opened.push(where);
  const api = createApi(db(), { now: () => Date.now() }, quietEffects({ openPage: record, openUrl: record }), Math.random);
  vi.mocked(call).mockImplementation(((name: keyof typeof api, args: never) => (api[name] as (a: never, s: object) => Promise<unknown>)(args, {})) as typeof call);
});
afterEach(() => {
  cleanup();
  vi.mocked(call).mockReset();
});

const rowOf = (container: Element, id: string) => container.querySelector<HTMLElement>(`li[data-followup="${CSS.escape(id)}"]`);
const stored = async (id: string) => db().followUps.get(id);

describe('Popup', () => {
  it('builds the most urgent rows first and the rest on request, with every count shown', async () => {
    const now = Date.now();
    // More overdue than one "Show more" brings (oldest first in the list); 3 upcoming.
    const overdue = ROWS_AT_FIRST + ROWS_MORE + 5;
    await db().followUps.bulkPut([
      ...Array.from({ length: overdue }, (_, i) => makeFollowUp({ id: `manual:o${i}`, reason: `Overdue ${i}`, dueAt: now - (i + 2) * DAY })),
      ...Array.from({ length: 3 }, (_, i) => makeFollowUp({ id: `manual:u${i}`, reason: `Upcoming ${i}`, dueAt: now + (i + 2) * DAY })),
    ]);
    const { container } = render(<Popup />);
    await waitFor(() => expect(screen.getByTestId('count-overdue').textContent).toBe(String(overdue)), { timeout: 3000 });
    const rows = (section: string) => container.querySelectorAll(`[data-section=${section}] li[data-followup]`);
    expect(rows('overdue')).toHaveLength(ROWS_AT_FIRST);
    // The most overdue first.
    expect(rows('overdue')[0]?.getAttribute('data-followup')).toBe(`manual:o${overdue - 1}`);
    expect(rows('upcoming')).toHaveLength(3);
    // (Found by its place, not by role: naming every button of a long list is slow in a test DOM.)
    const showMore = () => container.querySelector<HTMLButtonElement>('[data-section=overdue] > button');
    expect(showMore()?.textContent).toBe(`Show ${ROWS_MORE} more of ${overdue - ROWS_AT_FIRST}`);
    fireEvent.click(showMore()!);
    await waitFor(() => expect(rows('overdue')).toHaveLength(ROWS_AT_FIRST + ROWS_MORE), { timeout: 3000 });
    expect(showMore()?.textContent).toBe('Show 5 more of 5');
    fireEvent.click(showMore()!);
    await waitFor(() => expect(rows('overdue')).toHaveLength(overdue), { timeout: 3000 });
    expect(showMore()).toBeNull();
    // Still in order when all are shown: the least overdue last.
    expect(rows('overdue')[overdue - 1]?.getAttribute('data-followup')).toBe('manual:o0');
  });

  it('puts a call first in its section however many older follow-ups wait there', async () => {
    const now = Date.now();
    const deal = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', status: 'lost', contactEmails: ['dana@acme.example'] });
    await db().deals.put(deal);
    await db().followUps.bulkPut([
      ...Array.from({ length: 40 }, (_, i) => makeFollowUp({ id: `manual:o${i}`, dueAt: now - (i + 2) * DAY })),
      makeFollowUp({ id: debriefId(deal.id), kind: 'debrief', dealId: deal.id, contactEmail: 'dana@acme.example', dueAt: now - 3_600_000, reason: 'Debrief call — Acme renewal: lost' }),
    ]);
    const { container } = render(<Popup />);
    await waitFor(() => expect(screen.getByTestId('count-overdue').textContent).toBe('41'));
    const first = container.querySelector('[data-section=overdue] li[data-followup]');
    expect(first?.getAttribute('data-followup')).toBe(debriefId(deal.id));
  });

  it('reads only the rows it shows, and counts the rest from the index', async () => {
    // A database of its own: a popup of an earlier test still finishing a read on the shared one
    // (late on a loaded machine) would be counted too.
    const alone = openDatabase('popup-read-counts');
    try {
      const now = Date.now();
      await alone.followUps.bulkPut(Array.from({ length: 500 }, (_, i) => makeFollowUp({ id: `manual:${i}`, dueAt: now - (i + 1) * 60_000 })));
      const bulkGet = vi.spyOn(alone.followUps, 'bulkGet');
      const view = await readPopup(alone, now, { overdue: ROWS_AT_FIRST, today: ROWS_AT_FIRST, upcoming: ROWS_AT_FIRST });
      expect(view.sections.overdue.count).toBe(500);
      expect(view.sections.overdue.rows.map((f) => f.id)).toEqual(Array.from({ length: ROWS_AT_FIRST }, (_, i) => `manual:${499 - i}`));
      const asked = bulkGet.mock.calls.reduce((n, [keys]) => n + keys.length, 0);
      expect(asked).toBe(ROWS_AT_FIRST);
      bulkGet.mockRestore();
    } finally {
      await alone.delete();
    }
  });

  it('shows the one action that fits each kind as the main button', async () => {
    const now = Date.now();
    const called = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', status: 'lost', contactEmails: ['pat@acme.example', 'dana@acme.example'], url: 'https://app.hubspot.com/contacts/1/record/0-3/7' });
    const silent = makeDeal({ id: 'hubspot:1:8', name: 'Globex', status: 'lost', contactEmails: ['otto@globex.example'], url: 'https://app.hubspot.com/contacts/1/record/0-3/8' });
    await db().deals.bulkPut([called, silent]);
    await db().contacts.bulkPut([
      { email: 'pat@acme.example', name: 'Pat Smith', domain: 'acme.example', phones: [], firstSeen: now, lastSeen: now },
      { email: 'dana@acme.example', name: 'Dana Buyer', domain: 'acme.example', phones: ['+1 (555) 010-2030'], firstSeen: now, lastSeen: now },
    ]);
    const reply = makeFollowUp({ id: `${replyId('jane@acme.example')}:1`, kind: 'reply', contactEmail: 'jane@acme.example', threadId: 'legacy:18c2f0a1b2c3d4e5', dueAt: now - DAY, reason: 'Reply to Jane' });
    await db().followUps.bulkPut([
      makeFollowUp({ id: debriefId(called.id), kind: 'debrief', dealId: called.id, contactEmail: 'pat@acme.example', dueAt: now - 2 * DAY }),
      makeFollowUp({ id: reengageId(silent.id), kind: 're-engage', dealId: silent.id, contactEmail: 'otto@globex.example', dueAt: now - 3 * DAY }),
      reply,
    ]);
    const { container } = render(<Popup />);
    await waitFor(() => expect(screen.getByTestId('count-overdue').textContent).toBe('3'));
    await waitFor(() => expect(within(rowOf(container, debriefId(called.id))!).getByTestId('primary-action').textContent).toBe('Call Dana Buyer · +1 (555) 010-2030'));
    const callLink = within(rowOf(container, debriefId(called.id))!).getByTestId('primary-action');
    expect(callLink.tagName).toBe('A');
    expect(callLink.getAttribute('href')).toBe('tel:+15550102030');
    // No phone known for Globex: open the deal's record instead.
    const openDeal = within(rowOf(container, reengageId(silent.id))!).getByTestId('primary-action');
    expect(openDeal.textContent).toBe('Open deal');
    expect(openDeal.getAttribute('href')).toBe(silent.url);
    // A reply owed: Reply opens the conversation.
    const replyButton = within(rowOf(container, reply.id)!).getByTestId('primary-action');
    expect(replyButton.textContent).toBe('Reply');
    fireEvent.click(replyButton);
    await waitFor(() => expect(opened).toEqual(['https://mail.google.com/mail/u/0/#all/18c2f0a1b2c3d4e5']));
  });

  it('keeps the other actions behind More: a disclosure that the keyboard opens and Escape closes', async () => {
    const now = Date.now();
    const deal = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', status: 'lost', contactEmails: ['dana@acme.example'] });
    await db().deals.put(deal);
    const id = debriefId(deal.id);
    await db().followUps.put(makeFollowUp({ id, kind: 'debrief', dealId: deal.id, contactEmail: 'dana@acme.example', dueAt: now - DAY, details: ['What made you decide?'] }));
    const { container } = render(<Popup />);
    await waitFor(() => expect(rowOf(container, id)).not.toBeNull());
    const row = within(rowOf(container, id)!);
    const more = row.getByRole('button', { name: /^More/ });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(row.queryByRole('button', { name: 'Snooze until tomorrow' })).toBeNull();
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const menu = container.querySelector(`#${CSS.escape(more.getAttribute('aria-controls')!)}`) as HTMLElement;
    // The first item takes the keyboard.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Snooze until later today'));
    expect(within(menu).getByRole('link', { name: 'Reflect on the loss' }).getAttribute('href')).toBe(`/reflection.html?deal=${encodeURIComponent(deal.id)}`);
    fireEvent.click(within(menu).getByRole('button', { name: 'Prepared questions' }));
    expect(within(menu).getByText('What made you decide?')).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(more);
    // Snooze from the menu: stored, and the row moves to where it now wakes.
    fireEvent.click(more);
    fireEvent.click(await row.findByRole('button', { name: 'Snooze until tomorrow' }));
    await waitFor(async () => expect((await stored(id))?.state).toBe('snoozed'));
    await waitFor(() => expect(container.querySelector(`[data-section=upcoming] li[data-followup="${CSS.escape(id)}"]`)).not.toBeNull());
  });

  it('offers "No reply needed" on a reply owed', async () => {
    const now = Date.now();
    const f = makeFollowUp({ id: `${replyId('jane@acme.example')}:1`, kind: 'reply', contactEmail: 'jane@acme.example', dueAt: now - DAY });
    await db().followUps.put(f);
    const { container } = render(<Popup />);
    await waitFor(() => expect(rowOf(container, f.id)).not.toBeNull());
    fireEvent.click(within(rowOf(container, f.id)!).getByRole('button', { name: /^More/ }));
    fireEvent.click(within(rowOf(container, f.id)!).getByRole('button', { name: 'No reply needed' }));
    await waitFor(() => expect(vi.mocked(call)).toHaveBeenCalledWith('noReplyNeeded', { contactEmail: 'jane@acme.example' }));
  });

  it('Done takes the row away and Undo brings it back, in the database too, as it was', async () => {
    const now = Date.now();
    const open = makeFollowUp({ id: 'manual:open', reason: 'Send the proposal', dueAt: now - DAY });
    const snoozed = makeFollowUp({ id: 'manual:snoozed', reason: 'Call back', dueAt: now - 5 * DAY, state: 'snoozed', snoozedUntil: now + 3 * DAY });
    await db().followUps.bulkPut([open, snoozed]);
    const { container } = render(<Popup />);
    await waitFor(() => expect(rowOf(container, open.id)).not.toBeNull());
    for (const f of [open, snoozed] as FollowUp[]) {
      await waitFor(() => expect(rowOf(container, f.id)).not.toBeNull());
      fireEvent.click(within(rowOf(container, f.id)!).getByRole('button', { name: 'Done' }));
      await waitFor(() => expect(rowOf(container, f.id)).toBeNull());
      expect((await stored(f.id))?.state).toBe('done');
      const undo = await screen.findByRole('button', { name: 'Undo' });
      // The keyboard lands on Undo, the row it was on being gone.
      await waitFor(() => expect(document.activeElement).toBe(undo));
      fireEvent.click(undo);
      await waitFor(() => expect(rowOf(container, f.id)).not.toBeNull());
      expect(await stored(f.id)).toMatchObject({ state: f.state, snoozedUntil: f.snoozedUntil });
      expect(screen.getByTestId('undo-line').textContent).toContain('Back in the list');
    }
  });

  it('paints the stored first screen at once, then shows what the database holds', async () => {
    const now = Date.now();
    await db().followUps.bulkPut([
      makeFollowUp({ id: 'manual:a', reason: 'Send the proposal', dueAt: now - DAY }),
      makeFollowUp({ id: 'manual:b', reason: 'Call back', dueAt: now - 2 * DAY }),
    ]);
    const first = await readPopup(db(), now, SHOWN_AT_FIRST);
    // Done meanwhile (the copy would have been removed; here it is shown anyway, to see it replaced).
    await db().followUps.update('manual:b', { state: 'done' });
    const { container } = render(<Popup first={first} />);
    // No wait: the first render already holds the rows.
    expect(rowOf(container, 'manual:a')).not.toBeNull();
    expect(rowOf(container, 'manual:b')).not.toBeNull();
    expect(container.querySelector('main')?.getAttribute('data-view')).toBe('first-screen');
    await waitFor(() => expect(container.querySelector('main')?.getAttribute('data-view')).toBe('live'));
    expect(rowOf(container, 'manual:b')).toBeNull();
    expect(screen.getByTestId('count-overdue').textContent).toBe('1');
  });
});
