/**
 * The learning loop end to end, in the built extension: Mark won opens the win reflection, the
 * debrief page records the buyer's reason and the insights show where it disagrees with the
 * rep's, a retrospective stores adjustments that the next one shows, and the insights charts
 * render for the sample data. What landed is read back from the extension's IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import type { Adjustment, Deal, Debrief, FollowUp, Reflection, Retrospective, WinReflection } from '../../lib/model';
import { expected, sidebarFrame, TEST_BUILD, type Session, withSession } from './harness';

describe('learning loop', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('Mark won opens a short win reflection, and saving it stores the reasons', async () => {
    const exp = expected<{ url: string; deal: { crmId: string; name: string } }>('pipedrive/deal-second-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'pipedrive/deal-second-2026-11.html' });
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);

    const opened = s.context.waitForEvent('page', { timeout: 10_000 });
    await frame.getByTestId('mark-won').click();
    const win = await opened;
    await win.waitForLoadState('domcontentloaded');
    expect(win.url()).toContain('/reflection.html?deal=');
    expect(win.url()).toContain('kind=win');
    const dealId = new URL(win.url()).searchParams.get('deal')!;
    await win.getByTestId('win-form').waitFor();
    expect(await win.getByTestId('deal-name').textContent()).toBe(exp.deal.name);

    // Saving without the main reason is refused, and says why.
    await win.getByRole('button', { name: 'Save win reflection' }).click();
    await expect.poll(() => win.getByTestId('finish-problems').isVisible()).toBe(true);

    await win.getByLabel('Main reason they chose us').selectOption('sales-process');
    await win.getByLabel('In your words').fill('We answered every question the same day.');
    await win.getByLabel('Closest call').selectOption('price');
    await win.getByLabel('What happened').fill('Procurement asked for a second quote.');
    await win.getByLabel('Who decided?').fill('Nina Harper, COO');
    await win.getByLabel('What will we repeat?').fill('Same-day answers during evaluation.');
    await win.getByLabel('Which competitor did we beat?').fill('Initrode');
    await win.getByRole('button', { name: 'Save win reflection' }).click();
    await expect.poll(() => win.getByTestId('save-status').getAttribute('data-reflection'), { timeout: 10_000 }).toBe('final');

    const stored = (await s.dump<WinReflection>('winReflections')).find((w) => w.dealId === dealId)!;
    expect(stored).toMatchObject({
      state: 'final',
      whyCategory: 'sales-process',
      whyChoseUs: 'We answered every question the same day.',
      almostLostCategory: 'price',
      almostLost: 'Procurement asked for a second quote.',
      whoDecided: 'Nina Harper, COO',
      repeat: 'Same-day answers during evaluation.',
      competitorBeaten: 'Initrode',
    });
    expect((await s.dump<Deal>('deals')).find((d) => d.id === dealId)!.status).toBe('won');
    await expect.poll(() => frame.getByTestId('deal-status').textContent()).toBe('Won');
    await win.close();
    await page.close();
  });

  it('a debrief where the buyer names another reason than the rep shows in the agreement figure', async () => {
    const deal = await s.call<Deal>('createLocalDeal', { name: 'Umbrella Corp — fleet sensors', contactEmails: ['olga@umbrella.test'] });
    await s.call('markLost', { dealId: deal.id, open: false });
    const draft = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === deal.id)!;
    const finished = await s.call<{ ok: boolean }>('saveReflection', {
      reflection: { ...draft, outcome: 'competitor', competitor: 'Initrode', primaryReason: { category: 'price', detail: 'too expensive', controllability: 'partly' }, differently: 'Show the ROI before the price.' },
      finish: true,
    });
    expect(finished.ok).toBe(true);

    // The debrief follow-up opens the debrief page.
    const opened = s.context.waitForEvent('page', { timeout: 10_000 });
    await s.call('openFollowUp', { id: `debrief:${deal.id}` });
    const page = await opened;
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toContain(`/debrief.html?deal=${encodeURIComponent(deal.id)}`);
    await page.getByTestId('debrief-form').waitFor();
    expect(await page.getByTestId('decision-maker').textContent()).toBe('olga@umbrella.test');
    await page.getByLabel('What mattered most to you in the decision?').fill('Single sign-on for 400 drivers.');
    await page.getByLabel('What could we have changed, offered or done differently?').fill('Ship SSO before the pilot.');
    await page.getByLabel('Their main reason').selectOption('product-fit');
    await page.getByLabel('In their words').fill('No SSO');
    await page.getByRole('button', { name: 'The call is done' }).click();
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-held'), { timeout: 10_000 }).toBe('true');

    const stored = (await s.dump<Debrief>('debriefs')).find((d) => d.dealId === deal.id)!;
    expect(stored).toMatchObject({ buyerReason: 'product-fit', buyerReasonDetail: 'No SSO' });
    expect(stored.heldAt).toBeGreaterThan(0);
    // The answers are in the reflection's prospect's view; the follow-up is done.
    const reflection = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === deal.id)!;
    expect(reflection.prospectSaidMattered).toBe('Single sign-on for 400 drivers.');
    expect(reflection.prospectCouldHaveChanged).toBe('Ship SSO before the pilot.');
    expect((await s.dump<FollowUp>('followUps')).find((f) => f.id === `debrief:${deal.id}`)!.state).toBe('done');
    await page.close();

    // The insights count it as a debrief where the reasons differ.
    const insights = await s.extensionPage('/insights.html');
    const share = insights.getByTestId('agreement-share');
    await share.waitFor({ timeout: 10_000 });
    expect(await share.getAttribute('data-compared')).toBe('1');
    expect(await share.getAttribute('data-matched')).toBe('0');
    expect(await share.textContent()).toContain('0 of 1 debrief call');
    const row = insights.getByTestId('mismatches-table').locator(`tr[data-deal="${deal.id}"]`);
    expect(await row.locator('td').allTextContents()).toEqual(['Price and commercial terms', 'Product fit', 'No SSO']);
    expect(await insights.getByTestId('over-named').textContent()).toContain('Price and commercial terms (1 of 1)');
    await insights.close();
  });

});

describe('retrospectives', () => {
  // A session of its own: an install with nothing in it, and the clock where this test puts it.
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a retrospective opened from its follow-up stores the adjustments agreed, and the next one shows how they went', async () => {
    const berlin = (iso: string) => Date.parse(`${iso}+01:00`);
    const setClock = (at: number) => s.call('setClockOffset', { ms: at - Date.now() });
    // Monday 23 November: a loss, with its lesson; it starts the fortnightly retrospective.
    await setClock(berlin('2026-11-23T10:00:00'));
    const deal = await s.call<Deal>('createLocalDeal', { name: 'Stark Industries — badge readers', contactEmails: ['pepper@stark.test'] });
    await s.call('markLost', { dealId: deal.id, open: false });
    const draft = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === deal.id)!;
    const finished = await s.call<{ ok: boolean }>('saveReflection', {
      reflection: { ...draft, outcome: 'no-decision', primaryReason: { category: 'sales-process', detail: 'slow responses', controllability: 'controllable' }, differently: 'Answer pricing questions the same morning.' },
      finish: true,
    });
    expect(finished.ok).toBe(true);
    await s.waitForRows<FollowUp>('followUps', (rows) => rows.some((f) => f.kind === 'retrospective' && f.dueAt === berlin('2026-12-07T09:00:00')));

    // Monday 7 December: the retrospective is due; the popup opens its page.
    await setClock(berlin('2026-12-07T10:00:00'));
    const popup = await s.extensionPage('/popup.html');
    const item = popup.locator('[data-kind=retrospective]');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    let opened = s.context.waitForEvent('page', { timeout: 10_000 });
    await item.getByRole('button', { name: 'Open' }).click();
    let page = await opened;
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).toBe('/retrospective.html');
    await page.getByTestId('retrospective').waitFor({ timeout: 10_000 });
    await popup.close();
    expect(await page.getByTestId('retro-lost').locator(`li[data-deal="${deal.id}"]`).textContent()).toContain('Our sales process');
    expect(await page.getByTestId('retro-lessons').textContent()).toContain('Answer pricing questions the same morning.');
    expect(await page.getByTestId('retro-controllable').textContent()).toBe('100% of 1 loss reasons were in your control.');
    expect(await page.getByTestId('review-empty').isVisible()).toBe(true);

    const agree = async (who: string, what: string, by: string) => {
      await page.getByLabel('Who', { exact: true }).fill(who);
      await page.getByLabel('What will change').fill(what);
      await page.getByLabel('By when').fill(by);
      await page.getByRole('button', { name: 'Add adjustment' }).click();
      await expect.poll(() => page.getByTestId('agreed-table').locator('tbody tr', { hasText: what }).count(), { timeout: 10_000 }).toBe(1);
    };
    await agree('Sam', 'Reply to new leads within the hour', '2026-12-14');
    await agree('Alex', 'Qualify the budget on the first call', '2026-12-18');
    await page.getByLabel('Notes of the session').fill('Two slow replies cost us the Stark deal.');
    await page.getByTestId('complete-retrospective').click();
    await expect.poll(() => page.getByTestId('retrospective').getAttribute('data-held'), { timeout: 10_000 }).toBe('true');

    const first = (await s.dump<Retrospective>('retrospectives'))[0]!;
    // The moved clock keeps running: held a few seconds after 10:00.
    expect(first.notes).toBe('Two slow replies cost us the Stark deal.');
    expect(first.heldAt - berlin('2026-12-07T10:00:00')).toBeGreaterThanOrEqual(0);
    expect(first.heldAt - berlin('2026-12-07T10:00:00')).toBeLessThan(120_000);
    expect(first.heldAt - first.periodTo).toBe(0);
    const agreed = (await s.dump<Adjustment>('adjustments')).sort((a, b) => a.dueAt - b.dueAt);
    expect(agreed.map((a) => [a.retrospectiveId, a.who, a.what, a.dueAt, a.outcome])).toEqual([
      [first.id, 'Sam', 'Reply to new leads within the hour', berlin('2026-12-14T00:00:00'), 'open'],
      [first.id, 'Alex', 'Qualify the budget on the first call', berlin('2026-12-18T00:00:00'), 'open'],
    ]);
    // The follow-up is done, and the next session is planned a fortnight on.
    await s.waitForRows<FollowUp>('followUps', (rows) => rows.some((f) => f.kind === 'retrospective' && f.state === 'done') && rows.some((f) => f.kind === 'retrospective' && f.state === 'open' && f.dueAt === berlin('2026-12-21T09:00:00')));
    await page.close();

    // Monday 21 December: the next retrospective shows what was agreed, to say how it went.
    await setClock(berlin('2026-12-21T10:00:00'));
    const next = (await s.dump<FollowUp>('followUps')).find((f) => f.kind === 'retrospective' && f.state === 'open')!;
    opened = s.context.waitForEvent('page', { timeout: 10_000 });
    await s.call('openFollowUp', { id: next.id });
    page = await opened;
    await page.getByTestId('review-table').waitFor({ timeout: 10_000 });
    const rows = page.getByTestId('review-table').locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(['Reply to new leads within the hour', 'Qualify the budget on the first call']);
    await page.getByLabel('Outcome of "Reply to new leads within the hour"').selectOption('done');
    await page.getByLabel('Outcome of "Qualify the budget on the first call"').selectOption('dropped');
    await page.getByLabel('Note on "Qualify the budget on the first call"').fill('Nobody owned it');
    await page.getByLabel('Note on "Qualify the budget on the first call"').press('Tab');
    const second = await s.waitForRows<Retrospective>('retrospectives', (r) => r.length === 2).then((r) => r.find((x) => x.heldAt === 0)!);
    expect(second.periodFrom).toBe(first.periodTo);
    const reviewed = await s.waitForRows<Adjustment>('adjustments', (r) => r.some((a) => a.outcome === 'dropped' && a.outcomeNote === 'Nobody owned it'));
    expect(reviewed.map((a) => [a.what, a.outcome, a.outcomeNote, a.reviewedIn]).sort()).toEqual([
      ['Qualify the budget on the first call', 'dropped', 'Nobody owned it', second.id],
      ['Reply to new leads within the hour', 'done', '', second.id],
    ]);
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome')))).toEqual(['done', 'dropped']);
    await page.close();
  });
});
