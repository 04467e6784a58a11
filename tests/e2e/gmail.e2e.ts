import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, type Session, withSession } from './harness';

interface ExpectedThread {
  hash: string;
  ownAddress: string;
  thread: { threadId: string; hiddenCount: number; waiting: number; messages: { messageId: string; at: string; from: { email: string } }[] };
  directions: Record<string, { direction: string; prospects: string[] }>;
  compose?: { composeId: string; to: { email: string }[]; subject: string };
}

const GMAIL_PATH = '/mail/u/0/';

describe('Gmail capture in Chromium', () => {
  let s: Session;
  // The e2e run fixes the browser's time zone, so displayed Gmail dates map to exact instants.
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  async function openFixture(file: string) {
    s.server.route({ host: HOSTS.gmail, path: GMAIL_PATH, file: `gmail/${file}` });
    const exp = expected<ExpectedThread>(`gmail/${file}`);
    const page = await s.page(`https://${HOSTS.gmail}${GMAIL_PATH}${exp.hash}`);
    return { page, exp };
  }

  const emailsOf = (rows: Touchpoint[], threadId: string) => rows.filter((t) => t.threadId === threadId && t.channel === 'email');

  it('stores each message of a long thread exactly once, with the right direction and time; reloading adds nothing', async () => {
    const { page, exp } = await openFixture('thread-long-2026-11.html');
    const want = exp.thread.messages;
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => emailsOf(r, exp.thread.threadId).length >= want.length);
    const got = emailsOf(rows, exp.thread.threadId);
    expect(got).toHaveLength(want.length);
    for (const m of want) {
      const tp = got.find((t) => t.key === `gmail:${m.messageId}`);
      expect(tp, m.messageId).toBeDefined();
      expect(tp!.at).toBe(Date.parse(m.at));
      expect(tp!.direction).toBe(exp.directions[m.messageId]?.direction);
      expect(tp!.from).toBe(m.from.email);
    }
    // The signed-in address was detected from the page.
    const settings = await s.dump<{ detectedAddresses: string[] }>('settings');
    expect(settings[0]?.detectedAddresses).toContain(exp.ownAddress);

    // The sidebar says what it captured, and that Gmail hides the rest behind "N older messages".
    const frame = await sidebarFrame(page, s.extensionId);
    const total = want.length + exp.thread.hiddenCount + exp.thread.waiting;
    const status = `${want.length} of ${total} messages captured — expand the conversation to capture the rest`;
    await expect.poll(() => frame.getByTestId('capture-status').textContent()).toBe(status);

    await page.reload();
    await page.waitForTimeout(500);
    await page.close();
    // Re-open in a new tab: its sidebar reports the capture only once the background stored it.
    const again = await s.page(`https://${HOSTS.gmail}${GMAIL_PATH}${exp.hash}`);
    const againFrame = await sidebarFrame(again, s.extensionId);
    await expect.poll(() => againFrame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe(status);
    const after = emailsOf(await s.dump<Touchpoint>('touchpoints'), exp.thread.threadId);
    expect(after.map((t) => t.key).sort()).toEqual(got.map((t) => t.key).sort());
    await again.close();
  });

  it.each(['thread-cc-2026-11.html', 'thread-alias-2026-11.html', 'thread-two-prospects-2026-11.html'])(
    '%s: every message once, directions as the fixture says',
    async (file) => {
      if (file.includes('alias')) {
        const settings = await s.call<Record<string, unknown>>('getSettings', null);
        await s.call('saveSettings', { settings: { ...settings, ownAddresses: ['sales@dealdebrief.test'] } });
      }
      const { page, exp } = await openFixture(file);
      const want = exp.thread.messages;
      const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => emailsOf(r, exp.thread.threadId).length >= want.length);
      const got = emailsOf(rows, exp.thread.threadId);
      expect(got).toHaveLength(want.length);
      for (const m of want) {
        const tp = got.find((t) => t.key === `gmail:${m.messageId}`)!;
        expect(tp.at).toBe(Date.parse(m.at));
        expect(tp.direction, m.messageId).toBe(exp.directions[m.messageId]?.direction);
      }
      await page.close();
    },
  );

  it('Undo on the "Message sent" bar removes the send recorded at the click', async () => {
    const { page, exp } = await openFixture('compose-reply-2026-11.html');
    const threadId = exp.thread.threadId;
    await s.waitForRows<Touchpoint>('touchpoints', (r) => emailsOf(r, threadId).length >= 1);
    const before = (await s.dump<Touchpoint>('touchpoints')).filter((t) => t.provenance === 'sending').length;
    await page.locator('div.T-I.T-I-atl[aria-label^="Send"]').first().click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.provenance === 'sending').length === before + 1);
    // Gmail shows its notice bar with Undo; the rep takes the message back.
    await page.evaluate(() => {
      const bar = document.createElement('div');
      bar.className = 'b8';
      bar.setAttribute('role', 'alert');
      const text = document.createElement('span');
      text.className = 'vh';
      text.textContent = 'Message sent. ';
      const undo = document.createElement('span');
      undo.id = 'link_undo';
      undo.setAttribute('role', 'link');
      undo.textContent = 'Undo';
      text.append(undo);
      bar.append(text);
      document.body.append(bar);
    });
    await page.locator('#link_undo').click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.provenance === 'sending').length === before);
    await page.close();
  });

  it('records a reply at Send, then merges it with the sent message when Gmail shows it', async () => {
    const { page, exp } = await openFixture('compose-reply-2026-11.html');
    const threadId = exp.thread.threadId;
    await s.waitForRows<Touchpoint>('touchpoints', (r) => emailsOf(r, threadId).length >= 1);
    await page.locator('div.T-I.T-I-atl[aria-label^="Send"]').first().click();
    const sending = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.provenance === 'sending' && t.threadId === threadId));
    const pending = sending.find((t) => t.provenance === 'sending')!;
    expect(pending.direction).toBe('outbound');
    expect(pending.contactEmails).toEqual(expect.arrayContaining(exp.compose!.to.map((p) => p.email)));
    expect(pending.subject).toBe(exp.compose!.subject);

    // Gmail renders the sent message in the thread with its real id a moment later.
    const realId = await page.evaluate(() => {
      const items = document.querySelectorAll('[role=list] > [role=listitem]');
      const last = items[items.length - 1]!;
      const clone = last.cloneNode(true) as Element;
      const now = Date.now();
      const id = `msg-a:r-${now}123`;
      const msg = clone.querySelector('[data-message-id]')!;
      msg.setAttribute('data-message-id', `#${id}`);
      msg.setAttribute('data-legacy-message-id', (BigInt(now) << 20n).toString(16));
      for (const el of clone.querySelectorAll('[email]')) {
        const isRep = el.getAttribute('email') === 'rep@dealdebrief.test';
        el.setAttribute('email', isRep ? 'jane@acme.test' : 'rep@dealdebrief.test');
        el.setAttribute('name', isRep ? 'Jane Doe' : el.classList.contains('gD') ? 'Robin Rep' : 'me');
      }
      const title = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(now);
      clone.querySelector('span.g3')!.setAttribute('title', title);
      last.parentElement!.append(clone);
      return id;
    });
    const merged = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.key === `gmail:${realId}`) && !r.some((t) => t.provenance === 'sending'));
    const outbound = emailsOf(merged, threadId).filter((t) => t.direction === 'outbound');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.key).toBe(`gmail:${realId}`);
    await page.close();
  });

  it('pauses on markup it does not recognise: says so, stores nothing, throws nothing into the page', async () => {
    const before = (await s.dump<Touchpoint>('touchpoints')).length;
    const { page } = await openFixture('unknown-markup-2026-11.html');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const frame = await sidebarFrame(page, s.extensionId);
    await expect
      .poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 })
      .toBe('capture paused: this Gmail view was not recognised');
    expect((await s.dump<Touchpoint>('touchpoints')).length).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sidebar on a thread: the prospects, a timeline per person, and a local deal created from the company domain', async () => {
    const { page, exp } = await openFixture('thread-two-prospects-2026-11.html');
    await s.waitForRows<Touchpoint>('touchpoints', (r) => emailsOf(r, exp.thread.threadId).length >= exp.thread.messages.length);
    const frame = await sidebarFrame(page, s.extensionId);
    const people = frame.getByRole('list', { name: 'Prospects' }).getByRole('button');
    await expect.poll(() => people.allTextContents(), { timeout: 10_000 }).toEqual(['Jane Doe', 'Otto Berg']);
    await expect.poll(() => frame.getByTestId('timeline-contact').getAttribute('data-email')).toBe('jane@acme.test');
    // Jane's timeline spans every thread captured so far, not just this one.
    const janeTotal = (await s.dump<Touchpoint>('touchpoints')).filter((t) => t.contactEmails.includes('jane@acme.test')).length;
    await expect.poll(() => frame.locator('[data-testid=timeline] > li').count()).toBe(janeTotal);
    await people.filter({ hasText: 'Otto Berg' }).click();
    await expect.poll(() => frame.getByTestId('timeline-contact').getAttribute('data-email')).toBe('otto@globex.test');
    const ottoTotal = (await s.dump<Touchpoint>('touchpoints')).filter((t) => t.contactEmails.includes('otto@globex.test')).length;
    await expect.poll(() => frame.locator('[data-testid=timeline] > li').count()).toBe(ottoTotal);

    await frame.getByTestId('create-local-deal').click();
    const deals = await s.waitForRows<{ id: string; name: string; threadIds: string[]; source: string }>('deals', (r) => r.some((d) => d.source === 'local'));
    const local = deals.find((d) => d.source === 'local')!;
    expect(local.name).toBe('acme.test');
    expect(local.threadIds).toEqual([exp.thread.threadId]);
    const linked = emailsOf(await s.dump<Touchpoint>('touchpoints'), exp.thread.threadId);
    expect(linked.every((t) => t.dealId === local.id)).toBe(true);
    await expect.poll(() => frame.getByTestId('deal-name').textContent()).toBe('acme.test');
    // A local deal is edited in place.
    await frame.getByLabel('Deal name').fill('Acme pilot');
    await frame.getByLabel('Deal name').press('Enter');
    // The saved name re-renders the panel: type the amount only once that has happened, or the
    // re-render would replace the half-typed amount with the stored (empty) one.
    await expect.poll(async () => (await s.dump<{ id: string; name: string }>('deals')).find((d) => d.id === local.id)?.name).toBe('Acme pilot');
    await expect.poll(() => frame.getByTestId('deal-name').textContent()).toBe('Acme pilot');
    await frame.getByLabel('Amount').fill('12000');
    await frame.getByLabel('Amount').press('Enter');
    await expect.poll(async () => (await s.dump<{ id: string; name: string; amount?: number }>('deals')).find((d) => d.id === local.id)).toMatchObject({ name: 'Acme pilot', amount: 12000 });
    await page.close();
  });
});
