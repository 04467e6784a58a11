/**
 * Mark lost and reflect, end to end: a HubSpot deal whose contact has Gmail history, the sidebar's
 * Mark lost, the pre-filled form, autosave across a closed tab, finishing, the follow-ups, and the
 * Alt+Shift+L command. Test build: the clock is pinned so the due dates are exact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Deal, FollowUp, Reflection, Touchpoint } from '../../lib/model';
import { expected, FIXTURES, HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession, dealKey } from './harness';

const berlin = (iso: string) => Date.parse(`${iso}+01:00`);

describe('mark lost and reflect', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('opens the reflection pre-filled, keeps what was typed across a closed tab, finishes and schedules both calls', async () => {
    await s.call('setClockOffset', { ms: berlin('2026-11-23T10:00:00') - Date.now() });
    // Gmail history with the deal's contact (the thread-cc fixture, addressed to Dana).
    const gmailExp = expected<{ hash: string; thread: { threadId: string }; directions: Record<string, { direction: string; prospects: string[] }> }>(
      'gmail/thread-cc-2026-11.html',
    );
    const html = readFileSync(join(FIXTURES, 'gmail/thread-cc-2026-11.html'), 'utf8').replaceAll('jane@acme.test', 'dana.prospect@globex.test').replaceAll('Jane Doe', 'Dana Prospect');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', html });
    const withDana = Object.values(gmailExp.directions).filter((d) => d.prospects.includes('jane@acme.test'));
    const gmail = await s.page(`https://${HOSTS.gmail}/mail/u/0/${gmailExp.hash}`);
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.contactEmails.includes('dana.prospect@globex.test')).length === withDana.length);
    await gmail.close();

    const exp = expected<{ url: string; deal: { crmId: string; name: string } }>('hubspot/deal-record-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const dealId = dealKey('hubspot', exp.deal.crmId);
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);

    const opened = s.context.waitForEvent('page');
    await frame.getByTestId('mark-lost').click();
    let form: Page = await opened;
    await form.waitForLoadState('domcontentloaded');
    expect(form.url()).toContain('/reflection.html?deal=');

    // Pre-filled hard data, checked against the fixture's own expectations (not against what
    // capture stored): every message with Dana, split by the directions the fixture states.
    const expectedIn = withDana.filter((d) => d.direction === 'inbound').length;
    const expectedOut = withDana.filter((d) => d.direction === 'outbound').length;
    expect(expectedIn + expectedOut).toBe(withDana.length);
    await expect.poll(() => form.getByTestId('hard-email').textContent(), { timeout: 10_000 }).toBe(String(withDana.length));
    expect(await form.getByTestId('hard-inbound').textContent()).toBe(String(expectedIn));
    expect(await form.getByTestId('hard-outbound').textContent()).toBe(String(expectedOut));
    expect(await form.getByTestId('hard-call').textContent()).toBe('0');

    // Fill part of it, then close the tab mid-way.
    await form.getByLabel('Lost to a competitor').check();
    await form.getByLabel('Competitor who won').fill('Initech');
    await form.locator('#primary-category').selectOption('price');
    await form.locator('#primary-detail').fill('Too expensive for year one');
    await expect.poll(() => form.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    // The last words typed are not saved yet when the tab closes: the page flushes on its way out.
    await form.getByLabel('What will you do differently next time?').fill('Qualify budget in the first call, not the third.');
    await form.close({ runBeforeUnload: true });
    await s.waitForRows<Reflection>('reflections', (r) => r.some((x) => x.dealId === dealId && x.differently === 'Qualify budget in the first call, not the third.'));
    const draft = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === dealId)!;
    expect(draft.state).toBe('draft');
    expect(draft.competitor).toBe('Initech');
    expect(draft.differently).toBe('Qualify budget in the first call, not the third.');

    // Reopen: nothing lost.
    form = await s.extensionPage(`/reflection.html?deal=${encodeURIComponent(dealId)}`);
    await expect.poll(() => form.getByLabel('What will you do differently next time?').inputValue(), { timeout: 10_000 }).toBe('Qualify budget in the first call, not the third.');
    expect(await form.getByLabel('Competitor who won').inputValue()).toBe('Initech');
    expect(await form.getByLabel('Lost to a competitor').isChecked()).toBe(true);

    await form.getByTestId('finish').click();
    await expect.poll(() => form.getByTestId('save-status').getAttribute('data-reflection'), { timeout: 10_000 }).toBe('final');

    const deal = (await s.dump<Deal>('deals')).find((d) => d.id === dealId)!;
    expect(deal.status).toBe('lost');
    const reflection = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === dealId)!;
    expect(reflection.state).toBe('final');
    // (Dana's last email still awaits a reply: that reply-owed follow-up is separate.)
    const followUps = (await s.dump<FollowUp>('followUps')).filter((f) => f.dealId === dealId && f.kind !== 'reply');
    expect(followUps.map((f) => f.kind).sort()).toEqual(['debrief', 're-engage']);
    // Lost Monday Nov 23, 10:00: five days' cool-off is a Saturday → Monday Nov 30, 09:00.
    expect(followUps.find((f) => f.kind === 'debrief')!.dueAt).toBe(berlin('2026-11-30T09:00:00'));
    // 12-month contract offered → re-engage 9 months after the decline.
    // (Same time of day as the loss, which the running test clock put a few seconds past 10:00.)
    const reengage = followUps.find((f) => f.kind === 're-engage')!.dueAt;
    expect(reengage - reflection.lostAt).toBe(Date.parse('2027-08-23T10:00:00+02:00') - berlin('2026-11-23T10:00:00'));
    expect(followUps.find((f) => f.kind === 're-engage')!.reason).toContain('lost to Initech');
    await form.close();
    await page.close();
  });

  it('finishes with only the one-minute reflection, and the full reflection stays open for later', async () => {
    const exp = expected<{ url: string; deal: { crmId: string; name: string } }>('pipedrive/deal-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'pipedrive/deal-2026-11.html' });
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    const dealId = (await s.dump<Deal>('deals')).find((d) => d.name === exp.deal.name)!.id;
    await page.close();
    await s.call('markLost', { dealId, open: false });
    const form = await s.extensionPage(`/reflection.html?deal=${encodeURIComponent(dealId)}`);

    // The one-minute part comes first on the page, before the hard data and the full form.
    const quick = form.getByTestId('quick');
    await quick.waitFor();
    const order = await form.evaluate(() => ['quick', 'hard-data', 'full'].map((id) => document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect().top));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    await quick.getByLabel('No decision / status quo').check();
    await quick.getByLabel('Dead — no more time on it').check();
    await quick.getByLabel('Primary reason', { exact: true }).selectOption('sales-process');
    await quick.getByLabel('Was it in your control? — primary reason').selectOption('controllable');
    await quick.getByLabel('What will you do differently next time?').fill('Book the second meeting before leaving the first.');
    await quick.getByRole('button', { name: 'Finish reflection' }).click();
    await expect.poll(() => form.getByTestId('save-status').getAttribute('data-reflection'), { timeout: 10_000 }).toBe('final');
    const finished = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === dealId)!;
    expect(finished).toMatchObject({
      state: 'final',
      outcome: 'no-decision',
      disposition: 'dead',
      primaryReason: { category: 'sales-process', controllability: 'controllable' },
      differently: 'Book the second meeting before leaving the first.',
    });
    expect(finished.team).toEqual([]);
    expect((await s.dump<Deal>('deals')).find((d) => d.id === dealId)!.status).toBe('dead');

    // The full reflection is still there and editable; what is added is saved and it stays finished.
    const full = form.getByTestId('full');
    const missing = full.getByLabel('What was missing');
    expect(await missing.isEditable()).toBe(true);
    await missing.fill('A second contact on their side.');
    await s.waitForRows<Reflection>('reflections', (rows) => rows.some((r) => r.dealId === dealId && r.missing === 'A second contact on their side.'));
    const later = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === dealId)!;
    expect(later.state).toBe('final');
    expect(later.finishedAt).toBe(finished.finishedAt);
    await form.close();
  });

  it('Alt+Shift+L on a deal page marks it lost and opens the reflection', async () => {
    // The manifest binds the command to Alt+Shift+L …
    const worker = await s.serviceWorker();
    const commands = await worker.evaluate(
      () => (globalThis as unknown as { chrome: { commands: { getAll(): Promise<{ name: string; shortcut: string }[]> } } }).chrome.commands.getAll(),
    );
    expect(commands.find((c) => c.name === 'mark-lost')?.shortcut).toBe('Alt+Shift+L');
    const exp = expected<{ url: string; deal: { crmId: string; name: string } }>('hubspot/deal-record-second-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-second-2026-11.html' });
    const dealId = dealKey('hubspot', exp.deal.crmId);
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    await page.bringToFront();
    // … and headless Chromium has no keyboard shortcuts, so the test build runs what the shortcut runs.
    const opened = s.context.waitForEvent('page', { timeout: 10_000 });
    await s.call('runCommand', { command: 'mark-lost' });
    const form = await opened;
    expect(form.url()).toContain(`/reflection.html?deal=${encodeURIComponent(dealId)}`);
    const deal = await s.waitForRows<Deal>('deals', (r) => r.some((d) => d.id === dealId && d.status === 'lost'));
    expect(deal.find((d) => d.id === dealId)!.status).toBe('lost');
    await form.close();
    await page.close();
  });

  it('every field is a labelled control, reachable with Tab in the order it is shown', async () => {
    const deals = await s.dump<Deal>('deals');
    const lost = deals.find((d) => d.status === 'lost' || d.status === 'dead')!;
    const form = await s.extensionPage(`/reflection.html?deal=${encodeURIComponent(lost.id)}`);
    await form.getByTestId('finish').waitFor();
    // Every form control on the page has an accessible name from a label.
    const unlabelled = await form.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // Tab through the whole page: each control is reached, in document order.
    const inDocumentOrder = await form.evaluate(() =>
      // (Controls inside the closed Timeline section are not shown, so not reachable: skipped.)
      [...document.querySelectorAll('input:not([type=radio]), select, textarea, button')].filter((el) => !(el as HTMLButtonElement).disabled && el.checkVisibility()).map((el, i) => {
        (el as HTMLElement).dataset.tabOrder = String(i);
        return i;
      }),
    );
    const reached: number[] = [];
    // Start from the top of the page, as a rep arriving with the keyboard would.
    await form.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await form.mouse.click(2, 2);
    for (let i = 0; i < inDocumentOrder.length + 30 && reached.length < inDocumentOrder.length; i++) {
      await form.keyboard.press('Tab');
      const order = await form.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tabOrder);
      if (order !== undefined && !reached.includes(Number(order))) reached.push(Number(order));
    }
    expect(reached).toEqual(inDocumentOrder);
    await form.close();
  });
});
