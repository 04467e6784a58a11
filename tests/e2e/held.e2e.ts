/**
 * One message the database refuses (a test build's hook makes its write fail inside the real
 * transaction, as a defect of ours would) does not stop the rest of the conversation, in
 * Chromium: every other message is stored, the sidebar says "capture paused: 1 item could not be
 * stored; …", Settings says it too, and the message is kept in the extension's database. When the browser starts again on the
 * same profile, with the hook gone as a fixed defect would be, it is stored. (Chromium reports
 * an extension loaded from the command line as installed again at each launch, so this start
 * goes through the install-or-update path; a browser start of an installed extension goes
 * through the start path, which runs the same retry.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notStoredMessage } from '../../lib/capture/isolate';
import { gmailMessageKey } from '../../lib/keys';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, launch, sidebarFrame, TEST_BUILD, type Session } from './harness';

describe('an item the database refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deal-debrief-held-'));
  const profile = join(dir, 'profile');
  let s: Session | undefined;
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is kept while the rest of the page is stored, and stored when the browser starts again', async () => {
    const exp = expected<{ hash: string; thread: { threadId: string; messages: { messageId: string }[] } }>('gmail/thread-long-2026-11.html');
    const ofThread = (rows: Touchpoint[]) => rows.filter((t) => t.threadId === exp.thread.threadId);
    const bad = gmailMessageKey(exp.thread.messages[3]!.messageId);
    s = await launch({ build: TEST_BUILD, profile });
    await s.call('simulateFaultyItem', { key: bad });
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/thread-long-2026-11.html' });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 15_000 }).toBe(`capture paused: ${notStoredMessage(1)}`);
    const stored = ofThread(await s.waitForRows<Touchpoint>('touchpoints', (r) => ofThread(r).length === exp.thread.messages.length - 1, 15_000));
    expect(stored.map((t) => t.key)).not.toContain(bad);
    // Kept in the extension's own database, where no content script can reach it, as the page sent it.
    const kept = await s.waitForRows<{ event: { kind: string; messageId?: string } }>('heldCapture', (r) => r.length === 1, 10_000);
    expect(kept[0]?.event).toMatchObject({ kind: 'email', messageId: exp.thread.messages[3]!.messageId });
    const options = await s.extensionPage('/options.html');
    await expect.poll(() => options.getByTestId('storage-held').textContent(), { timeout: 10_000 }).toBe(`${notStoredMessage(1)}.`);
    await expect.poll(() => options.getByTestId('storage-status').textContent()).toBe('What is captured now is being stored.');
    expect(s.foreignRequests).toEqual([]);
    await s.close();

    // The browser starts again: the kept message is tried again and stored (no Gmail page is open now).
    s = await launch({ build: TEST_BUILD, profile });
    await s.waitForRows<Touchpoint>('touchpoints', (r) => ofThread(r).length === exp.thread.messages.length, 20_000);
    await s.waitForRows('heldCapture', (r) => r.length === 0, 10_000);
    await expect.poll(() => s!.call('storageStatus', null), { timeout: 10_000 }).toEqual({ problem: null, since: null });
    expect(s.foreignRequests).toEqual([]);
  });
});
