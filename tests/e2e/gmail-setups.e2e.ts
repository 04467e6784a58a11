import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, FIXTURES, HOSTS, sidebarFrame, type Session, withSession } from './harness';

interface Row {
  threadId: string;
  lastMessageId?: string;
  latestFrom?: { email: string };
  at: string;
}
interface ExpectedPane {
  hash: string;
  thread: { threadId: string; messages: { messageId: string; at: string }[] };
  list: { rows: Row[] };
  openRow: { threadId: string; messageId: string };
}
interface ExpectedConversationOffList {
  hash: string;
  list: { rows: Row[] };
  rowMessages: string[];
}
interface ExpectedMessage {
  hash: string;
  thread: { threadId: string; messages: { messageId: string; at: string }[] };
}

const GMAIL_PATH = '/mail/u/0/';

describe('Gmail as reps set it up, in Chromium', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  async function open<T extends { hash: string }>(file: string) {
    s.server.route({ host: HOSTS.gmail, path: GMAIL_PATH, file: `gmail/${file}` });
    const exp = expected<T>(`gmail/${file}`);
    const page = await s.page(`https://${HOSTS.gmail}${GMAIL_PATH}${exp.hash}`);
    return { page, exp };
  }

  it('reading pane on the right: the open thread and the list rows land, the open thread once', async () => {
    const { page, exp } = await open<ExpectedPane>('reading-pane-right-2026-12.html');
    const ofThread = (r: Touchpoint[], id: string) => r.filter((t) => t.threadId === id);
    // A prospect's row beside the open thread: the list was read too.
    const waitingRow = exp.list.rows.find((r) => r.threadId !== exp.thread.threadId && r.latestFrom?.email === 'raj@acme.test')!;
    const rows = await s.waitForRows<Touchpoint>(
      'touchpoints',
      (r) =>
        ofThread(r, exp.thread.threadId).filter((t) => t.provenance === 'seen').length === exp.thread.messages.length &&
        ofThread(r, waitingRow.threadId).length === 1,
    );
    // The open thread: each message once, under its message id, at its exact time; its list row
    // (which stands for the newest message) is not a second record.
    const thread = ofThread(rows, exp.thread.threadId);
    expect(thread.map((t) => t.key).sort()).toEqual(exp.thread.messages.map((m) => `gmail:${m.messageId}`).sort());
    for (const m of exp.thread.messages) expect(thread.find((t) => t.key === `gmail:${m.messageId}`)!.at).toBe(Date.parse(m.at));
    const row = ofThread(rows, waitingRow.threadId)[0]!;
    expect(row.provenance).toBe('list-row');
    expect(row.from).toBe('raj@acme.test');
    expect(row.at).toBe(Date.parse(waitingRow.at));
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe(`Captured ${exp.thread.messages.length} messages on this view`);
    // Seen again (Gmail re-renders the pane): nothing is added.
    await page.reload();
    await expect.poll(async () => (await sidebarFrame(page, s.extensionId)).getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe(`Captured ${exp.thread.messages.length} messages on this view`);
    const after = await s.dump<Touchpoint>('touchpoints');
    expect(ofThread(after, exp.thread.threadId).map((t) => t.key).sort()).toEqual(thread.map((t) => t.key).sort());
    expect(ofThread(after, waitingRow.threadId)).toHaveLength(1);
    await page.close();
  });

  it('reading pane below: the open thread is captured beside its list', async () => {
    const { page, exp } = await open<ExpectedPane>('reading-pane-below-2026-12.html');
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId && t.provenance === 'seen').length === exp.thread.messages.length);
    const thread = rows.filter((t) => t.threadId === exp.thread.threadId);
    expect(thread.map((t) => t.key).sort()).toEqual(exp.thread.messages.map((m) => `gmail:${m.messageId}`).sort());
    await page.close();
  });

  it('conversation view off: one record per message row; opening a message adds nothing, it completes its row', async () => {
    const { page, exp } = await open<ExpectedConversationOffList>('conversation-off-list-2026-12.html');
    const keys = exp.rowMessages.map((id) => `gmail:${id}`);
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => keys.every((k) => r.some((t) => t.key === k)));
    for (const [i, key] of keys.entries()) {
      const tp = rows.find((t) => t.key === key)!;
      expect(tp.provenance).toBe('list-row');
      expect(tp.at).toBe(Date.parse(exp.list.rows[i]!.at));
      expect(tp.threadId).toBe(exp.list.rows[i]!.threadId);
    }
    const threadId = exp.list.rows[0]!.threadId;
    const before = rows.filter((t) => t.threadId === threadId).length;
    expect(before).toBe(3);
    await page.close();

    // The rep opens one message: it shows alone, and replaces its row's record.
    const opened = await open<ExpectedMessage>('conversation-off-message-2026-12.html');
    const messageKey = `gmail:${opened.exp.thread.messages[0]!.messageId}`;
    expect(keys).toContain(messageKey);
    const after = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.key === messageKey && t.provenance === 'seen'));
    const ofThread = after.filter((t) => t.threadId === threadId);
    expect(ofThread).toHaveLength(before);
    expect(new Set(ofThread.map((t) => t.key)).size).toBe(before);
    const frame = await sidebarFrame(opened.page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe('Captured 1 message on this view');
    await opened.page.close();
  });

  it('a list whose rows are on screen but not recognised says "capture paused", never "nothing to capture", and stores nothing', async () => {
    const before = (await s.dump<Touchpoint>('touchpoints')).length;
    // The inbox as Gmail might render it after renaming its row classes.
    const html = readFileSync(join(FIXTURES, 'gmail/list-inbox-2026-11.html'), 'utf8').replaceAll('class="zA ', 'class="qX9 ');
    s.server.route({ host: HOSTS.gmail, path: GMAIL_PATH, html });
    const page = await s.page(`https://${HOSTS.gmail}${GMAIL_PATH}#inbox`);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toBe('capture paused: this Gmail view was not recognised');
    expect((await s.dump<Touchpoint>('touchpoints')).length).toBe(before);
    await page.close();
  });

  it.each(['thread-de-2026-12.html', 'thread-fr-2026-12.html', 'thread-es-2026-12.html', 'thread-ja-2026-12.html'])('%s: in another interface language every message lands at its time, collapsed ones without an id from their date titles', async (file) => {
    const { page, exp } = await open<ExpectedMessage>(file);
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length === exp.thread.messages.length);
    const got = rows.filter((t) => t.threadId === exp.thread.threadId);
    expect(got.map((t) => t.at).sort()).toEqual(exp.thread.messages.map((m) => Date.parse(m.at)).sort());
    await page.close();
  });
});
