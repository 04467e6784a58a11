/**
 * The rep decides what is captured, end to end in Chromium: never-capture (a conversation from
 * the sidebar, an address from the settings page), pause from the sidebar, and deleting a
 * touchpoint, a contact and everything. Each check reads what is really in IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, type Session, withSession } from './harness';

interface ExpectedThread {
  hash: string;
  thread: { threadId: string; messages: unknown[] };
}

const HUBSPOT = expected<{ url: string }>('hubspot/deal-record-2026-11.html').url;

describe('never-capture, pause and delete', () => {
  let s: Session;
  withSession({}, (session) => (s = session));

  async function openThread(file: string) {
    const exp = expected<ExpectedThread>(`gmail/${file}`);
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: `gmail/${file}` });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    return { page, exp };
  }
  const inThread = (rows: Touchpoint[], threadId: string) => rows.filter((t) => t.threadId === threadId && t.channel === 'email');
  /** The entries of the touchpoints' contact index (address, NUL, instant) that name this address. */
  const contactIndexEntriesOf = async (email: string) =>
    (await s.dump<{ contactKeys?: string[] }>('touchpoints')).flatMap((t) => t.contactKeys ?? []).filter((k) => k.startsWith(`${email}\u0000`));
  /** Something captured after `before` on another site has landed: what the Gmail tab sent earlier was handled. */
  async function afterALaterCapture() {
    const url = new URL(HUBSPOT);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const deals = (await s.dump<{ id: string }>('deals')).length;
    await s.dump('deals');
    const page = await s.page(`${HUBSPOT}?again=${Date.now()}`);
    if (deals === 0) await s.waitForRows('deals', (r) => r.length > 0);
    // The deal page's capture ran through the same background after the Gmail tab's.
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toContain('Captured');
    await page.close();
  }

  it("\"Don't capture this conversation\" deletes its rows, and reopening it stores nothing", async () => {
    const { page, exp } = await openThread('thread-long-2026-11.html');
    await s.waitForRows<Touchpoint>('touchpoints', (r) => inThread(r, exp.thread.threadId).length === exp.thread.messages.length);
    const frame = await sidebarFrame(page, s.extensionId);
    await frame.getByText('What is captured here').click();
    await frame.getByTestId('never-capture-thread').click();
    await frame.getByTestId('never-capture-thread-confirm').click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => inThread(r, exp.thread.threadId).length === 0);
    expect((await s.dump<{ neverCapture: string[] }>('settings'))[0]?.neverCapture).toContain(`thread:${exp.thread.threadId}`);
    await page.reload();
    await sidebarFrame(page, s.extensionId);
    await page.close();
    await afterALaterCapture();
    expect(inThread(await s.dump<Touchpoint>('touchpoints'), exp.thread.threadId)).toEqual([]);
  });

  it('an address added on the settings page: its stored mail is deleted and never captured again', async () => {
    const { page, exp } = await openThread('thread-cc-2026-11.html');
    await s.waitForRows<Touchpoint>('touchpoints', (r) => inThread(r, exp.thread.threadId).length === exp.thread.messages.length);
    await page.close();
    const options = await s.extensionPage('/options.html');
    await options.getByLabel('Address or domain').fill('Jane@Acme.test');
    await options.getByRole('button', { name: 'Never capture' }).click();
    await expect.poll(() => options.getByTestId('capture-control-message').textContent()).toMatch(/Deleted \d+ stored touchpoints?/);
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => !r.some((t) => [t.from, ...t.to, ...t.cc, ...t.contactEmails].includes('jane@acme.test')));
    expect(inThread(rows, exp.thread.threadId)).toEqual([]);
    expect((await s.dump<{ email: string }>('contacts')).map((c) => c.email)).not.toContain('jane@acme.test');
    expect(await contactIndexEntriesOf('jane@acme.test')).toEqual([]);
    const again = await openThread('thread-cc-2026-11.html');
    await sidebarFrame(again.page, s.extensionId);
    await again.page.close();
    await afterALaterCapture();
    expect(inThread(await s.dump<Touchpoint>('touchpoints'), exp.thread.threadId)).toEqual([]);
    // Removed from the list: captured again.
    const jane = options.getByTestId('never-capture-list').locator('li', { hasText: 'jane@acme.test' });
    await jane.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => jane.count()).toBe(0);
    expect((await s.dump<{ neverCapture: string[] }>('settings'))[0]?.neverCapture).not.toContain('jane@acme.test');
    await options.close();
  });

  it('pause from the sidebar: nothing stored on Gmail, the sidebar says so; resume: captured again', async () => {
    const { page, exp } = await openThread('thread-two-prospects-2026-11.html');
    const frame = await sidebarFrame(page, s.extensionId);
    await frame.getByText('What is captured here').click();
    await frame.getByLabel('Pause capture on Gmail').selectOption('hour');
    await expect.poll(() => frame.getByTestId('pause-banner').textContent(), { timeout: 10_000 }).toContain('Capture paused on Gmail');
    const paused = (await s.dump<{ capturePausedUntil: Record<string, number> }>('settings'))[0]!.capturePausedUntil.gmail!;
    expect(paused - Date.now()).toBeGreaterThan(55 * 60_000);
    // Whatever this thread sent before the pause is deleted here, so the check below is about after.
    await s.call('addNeverCapture', { entry: `thread:${exp.thread.threadId}` });
    await s.call('removeNeverCapture', { entry: `thread:${exp.thread.threadId}` });
    await page.reload();
    await sidebarFrame(page, s.extensionId);
    await afterALaterCapture();
    expect(inThread(await s.dump<Touchpoint>('touchpoints'), exp.thread.threadId)).toEqual([]);

    const frame2 = await sidebarFrame(page, s.extensionId);
    await frame2.getByTestId('pause-banner').getByRole('button', { name: 'Resume capture' }).click();
    await expect.poll(() => frame2.getByTestId('pause-banner').count(), { timeout: 10_000 }).toBe(0);
    await page.reload();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => inThread(r, exp.thread.threadId).length === exp.thread.messages.length);
    await page.close();
  });

  it('delete one touchpoint from a timeline, everything about a contact, then everything', async () => {
    const { page, exp } = await openThread('thread-two-prospects-2026-11.html');
    await s.waitForRows<Touchpoint>('touchpoints', (r) => inThread(r, exp.thread.threadId).length === exp.thread.messages.length);
    const frame = await sidebarFrame(page, s.extensionId);
    const items = frame.locator('[data-testid=timeline] > li');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const key = (await items.first().getAttribute('data-key'))!;
    await items.first().getByTestId('delete-touchpoint').click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => !r.some((t) => t.key === key));
    await page.close();

    const options = await s.extensionPage('/options.html');
    await options.getByLabel('Everything about one contact').fill('otto@globex.test');
    await options.getByRole('button', { name: 'Delete contact' }).click();
    await s.waitForRows<Touchpoint>('touchpoints', (r) => !r.some((t) => t.contactEmails.includes('otto@globex.test') || t.from === 'otto@globex.test'));
    expect((await s.dump<{ email: string }>('contacts')).map((c) => c.email)).not.toContain('otto@globex.test');
    expect(await contactIndexEntriesOf('otto@globex.test')).toEqual([]);

    expect((await s.dump('touchpoints')).length).toBeGreaterThan(0);
    const button = options.getByRole('button', { name: 'Delete everything' });
    await options.getByLabel(/Delete everything: type/).fill('delete');
    expect(await button.isDisabled()).toBe(true);
    await options.getByLabel(/Delete everything: type/).fill('delete everything');
    await button.click();
    await s.waitForRows('touchpoints', (r) => r.length === 0);
    for (const store of ['deals', 'contacts', 'reflections', 'followUps']) expect(await s.dump(store), store).toEqual([]);
    expect((await s.dump<{ ownAddresses: string[] }>('settings')).length).toBe(1);
    await options.close();
  });
});
