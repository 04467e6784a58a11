import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DealSeen } from '../../lib/capture/events';
import type { Contact, Deal, Touchpoint } from '../../lib/model';
import { expected, FIXTURES, HOSTS, sidebarFrame, type Session, withSession, dealKey } from './harness';

interface ExpectedDeal {
  url: string;
  deal: DealSeen;
}

const CRMS = [
  { site: 'hubspot', host: HOSTS.hubspot, first: 'hubspot/deal-record-2026-11.html', second: 'hubspot/deal-record-second-2026-11.html' },
  { site: 'salesforce', host: HOSTS.salesforce, first: 'salesforce/opportunity-2026-11.html', second: 'salesforce/opportunity-second-2026-11.html' },
  { site: 'pipedrive', host: HOSTS.pipedrive, first: 'pipedrive/deal-2026-11.html', second: 'pipedrive/deal-second-2026-11.html' },
] as const;

function serve(s: Session, fixture: string): ExpectedDeal {
  const exp = expected<ExpectedDeal>(fixture);
  const url = new URL(exp.url);
  s.server.route({ host: url.hostname, path: url.pathname, file: fixture });
  return exp;
}

/** What a single-page CRM does on an in-app link: new URL through history, new record in place. */
async function navigateInApp(page: Page, fixture: string, url: string) {
  const html = readFileSync(join(FIXTURES, fixture), 'utf8');
  await page.evaluate(
    ([markup, next]) => {
      const parsed = (Document as unknown as { parseHTMLUnsafe(h: string): Document }).parseHTMLUnsafe(markup!);
      history.pushState({}, '', next);
      document.title = parsed.title;
      for (const child of [...document.body.children]) if (child.tagName.toLowerCase() !== 'deal-debrief-sidebar') child.remove();
      for (const child of [...parsed.body.children]) if (child.tagName.toLowerCase() !== 'script') document.body.append(document.adoptNode(child));
    },
    [html, url],
  );
}

describe('CRM deal pages in Chromium', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it.each(CRMS)('$site: the deal and its contacts are stored once; an in-app navigation captures the second deal', async ({ site, first, second }) => {
    const exp = serve(s, first);
    const exp2 = expected<ExpectedDeal>(second);
    const page = await s.page(exp.url);
    const id = dealKey(site, exp.deal.crmId);
    const deals = await s.waitForRows<Deal>('deals', (rows) => rows.some((d) => d.id === id));
    const deal = deals.find((d) => d.id === id)!;
    // Exactly one deal from this CRM: nothing stored under another key for the same record.
    expect(deals.filter((d) => d.source === site)).toHaveLength(1);
    expect(deal.name).toBe(exp.deal.name);
    expect(deal.amount).toBe(exp.deal.amount);
    expect(deal.currency).toBe(exp.deal.currency);
    expect(deal.stage).toBe(exp.deal.stage);
    expect(deal.status).toBe('open');
    const wantEmails = exp.deal.contacts.flatMap((c) => (c.email ? [c.email] : []));
    expect([...deal.contactEmails].sort()).toEqual([...wantEmails].sort());
    const contacts = await s.dump<Contact>('contacts');
    for (const email of wantEmails) expect(contacts.some((c) => c.email === email)).toBe(true);
    // Their phones came along (the tel: match needs them).
    const dana = contacts.find((c) => c.email === wantEmails[0])!;
    expect(dana.phones.length).toBeGreaterThan(0);

    // The sidebar shows the deal.
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);

    // Reload: the page is read again (the sidebar says so) and there is still one deal.
    await page.reload();
    const reloaded = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => reloaded.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    expect((await s.dump<Deal>('deals')).filter((d) => d.source === site)).toHaveLength(1);

    await navigateInApp(page, second, exp2.url);
    const id2 = dealKey(site, exp2.deal.crmId);
    const after = await s.waitForRows<Deal>('deals', (rows) => rows.some((d) => d.id === id2));
    expect(after.find((d) => d.id === id2)!.name).toBe(exp2.deal.name);
    expect(after.filter((d) => d.source === site).map((d) => d.id).sort()).toEqual([id, id2].sort());
    // The second deal has its own contacts, not the first deal's.
    const want2 = exp2.deal.contacts.flatMap((c) => (c.email ? [c.email] : [])).sort();
    expect([...after.find((d) => d.id === id2)!.contactEmails].sort()).toEqual(want2);
    const frame2 = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame2.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp2.deal.name);
    await page.close();
  });

  it('joins Gmail mail with a deal contact to the deal timeline; a tel: click logs one call; a quick-logged meeting appears live', async () => {
    // A Gmail thread with the HubSpot deal's contact, read before the deal page is visited.
    const gmailExp = expected<{ hash: string; thread: { threadId: string; messages: unknown[] } }>('gmail/thread-cc-2026-11.html');
    const html = readFileSync(join(FIXTURES, 'gmail/thread-cc-2026-11.html'), 'utf8').replaceAll('jane@acme.test', 'dana.prospect@globex.test').replaceAll('Jane Doe', 'Dana Prospect');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', html });
    const gmail = await s.page(`https://${HOSTS.gmail}/mail/u/0/${gmailExp.hash}`);
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === gmailExp.thread.threadId).length === gmailExp.thread.messages.length);
    await gmail.close();

    const exp = serve(s, 'hubspot/deal-record-2026-11.html');
    const dealId = dealKey('hubspot', exp.deal.crmId);
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    // Dana's emails (those with her) now belong to the deal and show in its timeline.
    const linked = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.dealId === dealId && t.channel === 'email'));
    const danaMail = linked.filter((t) => t.threadId === gmailExp.thread.threadId && t.contactEmails.includes('dana.prospect@globex.test'));
    expect(danaMail.length).toBeGreaterThan(0);
    expect(danaMail.every((t) => t.dealId === dealId)).toBe(true);
    await expect.poll(() => frame.locator('[data-testid=timeline] li[data-channel=email]').count()).toBe(danaMail.length);

    // tel: click → exactly one call touchpoint for the contact owning that number.
    await page.evaluate(() =>
      document.addEventListener('click', (e) => {
        if ((e.target as Element).closest('a[href^="tel:"]')) e.preventDefault();
      }),
    );
    await page.locator('a[href^="tel:"]').first().click();
    const calls = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.channel === 'call'));
    expect(calls.filter((t) => t.channel === 'call')).toHaveLength(1);
    const theCall = calls.find((t) => t.channel === 'call')!;
    expect(theCall.contactEmails).toEqual(['dana.prospect@globex.test']);
    expect(theCall.dealId).toBe(dealId);
    expect(theCall.direction).toBe('outbound');
    // The sidebar offers to add the outcome.
    await frame.getByTestId('call-outcome').getByRole('button', { name: 'Voicemail' }).click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.channel === 'call' && t.outcome === 'voicemail'));

    // Quick log a meeting → it appears live in the timeline. The form is folded until used.
    expect(await frame.getByTestId('quick-log').count()).toBe(0);
    await frame.getByRole('button', { name: 'Log a call, meeting or note' }).click();
    const form = frame.getByTestId('quick-log');
    await form.getByRole('radio', { name: 'Meeting' }).check();
    await form.getByLabel('Duration (minutes)').fill('30');
    await form.getByRole('textbox', { name: 'Note' }).fill('Demo with <b>Dana</b> & team');
    await form.getByRole('button', { name: 'Log it' }).click();
    const meeting = frame.locator('[data-testid=timeline] li[data-channel=meeting]');
    await expect.poll(() => meeting.count()).toBe(1);
    // Logged, the form folds again and says so.
    await expect.poll(() => frame.getByTestId('quick-log-folded').textContent()).toContain('Logged.');
    // Free text stays text.
    expect(await meeting.textContent()).toContain('Demo with <b>Dana</b> & team');
    const stored = (await s.dump<Touchpoint>('touchpoints')).filter((t) => t.channel === 'meeting');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.dealId).toBe(dealId);
    expect(stored[0]!.durationMinutes).toBe(30);

    // Mark won: one click, and the deal is what later reflections compare against.
    await frame.getByTestId('mark-won').click();
    await expect.poll(() => frame.getByTestId('deal-status').textContent()).toBe('Won');
    const won = (await s.dump<Deal>('deals')).find((d) => d.id === dealId)!;
    expect(won.status).toBe('won');
    expect(won.closedAt).toBeGreaterThan(0);
    await page.close();
  });

  it('creates a deal without a CRM record from the sidebar on any CRM page', async () => {
    s.server.route({ host: HOSTS.pipedrive, path: '/pipeline/1', file: 'pages/blank-crm.html' });
    const page = await s.page(`https://${HOSTS.pipedrive}/pipeline/1`);
    const frame = await sidebarFrame(page, s.extensionId);
    const form = frame.getByTestId('new-deal');
    await form.getByLabel('Deal name').fill('Initech side project');
    await form.getByLabel('Contacts (email addresses)').fill('not-an-address');
    await form.getByRole('button', { name: 'Create deal' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('"not-an-address" is not an email address.');
    await form.getByLabel('Contacts (email addresses)').fill('Zoe@Initech.test');
    await form.getByRole('button', { name: 'Create deal' }).click();
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe('Initech side project');
    const local = (await s.dump<Deal>('deals')).filter((d) => d.source === 'local');
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ name: 'Initech side project', status: 'open', contactEmails: ['zoe@initech.test'] });
    await page.close();
  });
});
