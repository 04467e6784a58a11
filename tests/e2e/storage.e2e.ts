/**
 * Storage errors are visible, end to end in Chromium: with every write failing as if the disk
 * were full (a test build's hook, failing inside the database's write the way a real quota
 * error does), the sidebar says "capture paused: …" and the options page says the same; nothing
 * captured is lost — once writes work again the content script's outbox delivers it and it is
 * in IndexedDB. The options page also asks for persistent storage and shows the answer.
 */
import { describe, expect, it } from 'vitest';
import { STORAGE_FULL } from '../../lib/db/health';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession } from './harness';

describe('storage full', () => {
  let s: Session;
  withSession({ build: TEST_BUILD }, (session) => (s = session));

  it('pauses capture with the reason in the sidebar and on the options page, then stores what waited', async () => {
    const options = await s.extensionPage('/options.html');
    await expect.poll(() => options.getByTestId('storage-status').textContent(), { timeout: 10_000 }).toBe('Everything captured is being stored.');
    await expect.poll(() => options.getByTestId('storage-persistence').getAttribute('data-persistence'), { timeout: 10_000 }).not.toBe('asking');

    await s.call('simulateFullStorage', { full: true });
    const exp = expected<{ hash: string; thread: { threadId: string; messages: unknown[] } }>('gmail/thread-long-2026-11.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/thread-long-2026-11.html' });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 15_000 }).toBe(`capture paused: ${STORAGE_FULL}`);
    await expect.poll(() => options.getByTestId('storage-status').textContent(), { timeout: 10_000 }).toBe(`capture paused: ${STORAGE_FULL}`);
    expect((await s.dump<Touchpoint>('touchpoints')).filter((t) => t.threadId === exp.thread.threadId)).toEqual([]);

    // Room again: the outbox's next try stores every message of the thread, and the pause goes.
    await s.call('simulateFullStorage', { full: false });
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length === exp.thread.messages.length, 20_000);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 15_000 }).toMatch(/^\d+ of \d+ messages captured/);
    await expect.poll(() => options.getByTestId('storage-status').textContent(), { timeout: 10_000 }).toBe('Everything captured is being stored.');
  });
});
