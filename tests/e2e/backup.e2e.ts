/**
 * Backup at scale, end to end in Chromium: a large database seeded in the extension page,
 * "Download backup" on the options page (done in the page, no message limit) with progress,
 * the file checked, the database emptied, the file restored, and the counts equal again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Session, withSession } from './harness';

/** 20,000 in `npm test`; `BACKUP_E2E_TOUCHPOINTS=200000` runs the same test at a rep's full scale. */
const N = Number(process.env.BACKUP_E2E_TOUCHPOINTS ?? 20_000);
/** Waits grow with the size asked for. */
const SCALE = Math.max(1, N / 20_000);

describe('backup and restore a large database', () => {
  let s: Session;
  withSession({}, (session) => (s = session));

  it(`${N.toLocaleString('en-US')} touchpoints: download, empty, restore, counts equal`, { timeout: 150_000 * SCALE }, async () => {
    const options = await s.extensionPage('/options.html');
    await options.getByText('Download backup').waitFor();
    await options.evaluate(
      (n) =>
        new Promise<void>((ok, fail) => {
          const open = indexedDB.open('deal-debrief');
          open.onsuccess = () => {
            const tx = open.result.transaction(['touchpoints'], 'readwrite');
            const at = Date.parse('2026-03-02T10:00:00Z');
            for (let i = 0; i < n; i++) {
              const email = `p${i % 500}@prospect${i % 50}.test`;
              const key = `gmail:seed-${i}`;
              // As the app stores it: with its contact index entry (address, NUL, 16-digit instant).
              const contactKeys = [`${email}\u0000${String(at - i * 60_000).padStart(16, '0')}`];
              tx.objectStore('touchpoints').put({ key, channel: 'email', direction: 'inbound', at: at - i * 60_000, contactEmails: [email], contactKeys, from: email, to: ['rep@ourco.test'], cc: [], threadId: `t${i % 2000}`, subject: `Subject ${i}`, capturedFrom: 'gmail', provenance: 'seen', createdAt: at, updatedAt: at });
            }
            tx.oncomplete = () => (open.result.close(), ok());
            tx.onerror = () => fail(tx.error);
          };
          open.onerror = () => fail(open.error);
        }),
      N,
    );
    const downloading = options.waitForEvent('download', { timeout: 60_000 * SCALE });
    await options.getByText('Download backup').click();
    const download = await downloading;
    const file = await download.path();
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup).toMatchObject({ format: 'deal-debrief-backup', version: 3 });
    expect(backup.data.touchpoints).toHaveLength(N);
    // The contact index is not in the file: it is computed again on restore.
    expect(backup.data).not.toHaveProperty('contactTouches');
    expect(backup.data.touchpoints.filter((t: object) => 'contactKeys' in t)).toEqual([]);
    await expect.poll(() => options.getByTestId('backup-status').textContent()).toMatch(/^Backup downloaded/);

    await options.evaluate(
      () =>
        new Promise<void>((ok, fail) => {
          const open = indexedDB.open('deal-debrief');
          open.onsuccess = () => {
            const tx = open.result.transaction(['touchpoints'], 'readwrite');
            tx.objectStore('touchpoints').clear();
            tx.oncomplete = () => (open.result.close(), ok());
            tx.onerror = () => fail(tx.error);
          };
        }),
    );
    expect(await s.dump('touchpoints')).toHaveLength(0);
    await options.locator('#restore').setInputFiles(file);
    await expect.poll(() => options.getByTestId('backup-status').textContent(), { timeout: 60_000 * SCALE }).toBe(`Restored 0 deals, ${N} touchpoints, 0 reflections.`);
    expect(await s.dump('touchpoints')).toHaveLength(N);
    // Every touchpoint is back in the contact index: one entry each, and one contact's timeline is whole.
    const index = await options.evaluate(
      () =>
        new Promise<{ entries: number; first: number }>((ok, fail) => {
          const open = indexedDB.open('deal-debrief');
          open.onsuccess = () => {
            const idx = open.result.transaction(['touchpoints'], 'readonly').objectStore('touchpoints').index('contactKeys');
            const all = idx.count();
            const first = idx.count(IDBKeyRange.bound('p0@prospect0.test\u0000', 'p0@prospect0.test\u0001', false, true));
            first.onsuccess = () => (open.result.close(), ok({ entries: all.result, first: first.result }));
            first.onerror = () => fail(first.error);
          };
          open.onerror = () => fail(open.error);
        }),
    );
    expect(index).toEqual({ entries: N, first: N / 500 });
  });
});
