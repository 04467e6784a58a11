import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, type Session, withSession } from './harness';

interface ExpectedCollapsed {
  hash: string;
  thread: { threadId: string; hiddenCount: number; messages: { messageId: string; provisional?: boolean }[] };
  total: number;
  expandsTo: Record<string, string>;
}

describe('Gmail conversations whose collapsed items carry no message id, in Chromium', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it.each(['thread-older-bubble-2026-12.html', 'thread-collapsed-noid-2026-12.html'])(
    '%s: captured whole, says what Gmail hides, and stays whole as each item is expanded',
    async (file) => {
      s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: `gmail/${file}` });
      const exp = expected<ExpectedCollapsed>(`gmail/${file}`);
      const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
      const ofThread = (r: Touchpoint[]) => r.filter((t) => t.threadId === exp.thread.threadId);
      const rendered = exp.thread.messages.length;
      await s.waitForRows<Touchpoint>('touchpoints', (r) => ofThread(r).length === rendered);
      const frame = await sidebarFrame(page, s.extensionId);
      if (exp.thread.hiddenCount) {
        await expect
          .poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 })
          .toBe(`${rendered} of ${exp.total} messages captured — expand the conversation to capture the rest`);
        // The rep opens the "N older messages" bar.
        await page.locator('.adv').click();
        await s.waitForRows<Touchpoint>('touchpoints', (r) => ofThread(r).length === exp.total);
      }
      await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe(`Captured ${exp.total} messages on this view`);

      // Expand each collapsed item as the rep would; Gmail (the page's script) swaps in the message with its id.
      const realIds = Object.values(exp.expandsTo);
      for (let i = 0; i < realIds.length; i++) {
        await page.locator('.kv[data-x]').first().click();
        const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => ofThread(r).filter((t) => t.key.startsWith('gmail:')).length === rendered - (exp.thread.messages.filter((m) => m.provisional).length) + i + 1 && ofThread(r).length === exp.total);
        const keys = ofThread(rows).map((t) => t.key);
        expect(new Set(keys).size).toBe(exp.total);
      }
      const final = ofThread(await s.dump<Touchpoint>('touchpoints'));
      const want = [...realIds, ...exp.thread.messages.filter((m) => !m.provisional).map((m) => m.messageId)].map((id) => `gmail:${id}`);
      expect(final.map((t) => t.key).sort()).toEqual(want.sort());
      await page.close();
    },
  );
});
