import { describe, expect, it } from 'vitest';
import type { CrmActivity, DealSeen } from '../../lib/capture/events';
import type { Deal, Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, type Session, withSession } from './harness';

interface ExpectedDeal {
  url: string;
  deal: DealSeen & { createdAt: string; activities: (Omit<CrmActivity, 'at'> & { at: string })[] };
}
interface ExpectedThread {
  hash: string;
  thread: { threadId: string; messages: { messageId: string }[] };
}

/** Each CRM's timeline fixture and the Gmail fixture holding the email its timeline also logged. */
const CASES = [
  { site: 'hubspot', fixture: 'hubspot/deal-timeline-2026-12.html', gmail: 'gmail/thread-two-prospects-2026-11.html', logged: 'msg-f:1881027722084652026' },
  { site: 'salesforce', fixture: 'salesforce/opportunity-timeline-2026-12.html', gmail: 'gmail/thread-cc-2026-11.html', logged: 'msg-f:1880099209085949126' },
  { site: 'pipedrive', fixture: 'pipedrive/deal-timeline-2026-12.html', gmail: 'gmail/thread-alias-2026-11.html', logged: 'msg-f:1880731691254342745' },
] as const;

describe.each(CASES)('$site activity timeline in Chromium', ({ site, fixture, gmail, logged }) => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('counts the CRM calls and meetings in the sidebar and the reflection; the email logged in both places counts once; a second visit adds nothing', async () => {
    // Gmail first: the thread that holds the email the CRM also logged.
    const g = expected<ExpectedThread>(gmail);
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: gmail });
    const mail = await s.page(`https://${HOSTS.gmail}/mail/u/0/${g.hash}`);
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === g.thread.threadId).length === g.thread.messages.length);
    await mail.close();

    const exp = expected<ExpectedDeal>(fixture);
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: fixture });
    const past = exp.deal.activities.filter((a) => !a.upcoming);
    const want = {
      call: past.filter((a) => a.type === 'call').length,
      meeting: past.filter((a) => a.type === 'meeting').length,
      note: past.filter((a) => a.type === 'note' || a.type === 'task').length,
    };
    const page = await s.page(exp.url);
    const deals = await s.waitForRows<Deal>('deals', (rows) => rows.some((d) => d.source === site));
    const deal = deals.find((d) => d.source === site)!;
    const ofDeal = (rows: Touchpoint[]) => rows.filter((t) => t.dealId === deal.id);
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => ofDeal(r).filter((t) => t.capturedFrom === site).length >= want.call + want.meeting + want.note);
    const mine = ofDeal(rows);
    expect(mine.filter((t) => t.channel === 'call')).toHaveLength(want.call);
    expect(mine.filter((t) => t.channel === 'meeting')).toHaveLength(want.meeting);
    expect(mine.filter((t) => t.channel === 'note')).toHaveLength(want.note);
    // The logged email is the Gmail message, once, now part of the deal; no CRM copy beside it.
    const loggedId = past.find((a) => a.type === 'email')!.id;
    expect(rows.filter((t) => t.key.endsWith(`:activity:${loggedId}`))).toEqual([]);
    expect(rows.find((t) => t.key === `gmail:${logged}`)?.dealId).toBe(deal.id);
    // The upcoming meeting is a next step, not a touchpoint.
    const upcoming = exp.deal.activities.find((a) => a.upcoming && a.type === 'meeting')!;
    expect(rows.some((t) => t.key.endsWith(`:activity:${upcoming.id}`))).toBe(false);
    expect((await s.dump<Deal>('deals')).find((d) => d.id === deal.id)!.nextSteps?.map((n) => n.title)).toContain(upcoming.title);
    // Days open count from the CRM's create date.
    expect(deal.openedAt).toBe(Date.parse(exp.deal.createdAt));

    const emails = mine.filter((t) => t.channel === 'email').length;
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('by-channel').textContent(), { timeout: 10_000 }).toBe(`${emails} / ${want.call} / ${want.meeting} / ${want.note}`);
    await expect.poll(() => frame.getByTestId('next-steps').textContent()).toContain(upcoming.title);

    // A second visit: the record is read again (the deal's updatedAt moves) and nothing is added.
    const before = (await s.dump<Touchpoint>('touchpoints')).map((t) => t.key).sort();
    await page.reload();
    await s.waitForRows<Deal>('deals', (r) => r.find((d) => d.id === deal.id)!.updatedAt > deal.updatedAt);
    expect((await s.dump<Touchpoint>('touchpoints')).map((t) => t.key).sort()).toEqual(before);

    // The reflection starts from the same counts.
    await s.call('markLost', { dealId: deal.id, open: false });
    const form = await s.extensionPage(`/reflection.html?deal=${encodeURIComponent(deal.id)}`);
    await expect.poll(() => form.getByTestId('hard-call').textContent(), { timeout: 10_000 }).toBe(String(want.call));
    expect(await form.getByTestId('hard-meeting').textContent()).toBe(String(want.meeting));
    expect(await form.getByTestId('hard-email').textContent()).toBe(String(emails));
    // Whole days on the rep's calendar (Berlin, as this process): the clocks went back in between.
    const wall = (ms: number) => ms - new Date(ms).getTimezoneOffset() * 60_000;
    const days = Math.floor((wall(Date.now()) - wall(Date.parse(exp.deal.createdAt))) / 86_400_000);
    expect([days, days + 1]).toContain(Number(await form.getByTestId('hard-days-open').textContent()));
    await form.close();
    await page.close();
  });
});
