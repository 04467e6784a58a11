/**
 * A hostile page cannot reach the rep's records: pages on another tenant's host, scripts faking
 * the rep's clicks and key presses, and pages flooding the view. Real Chromium, the built
 * extension, fixture pages under the real host names; what landed is read from IndexedDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DealSeen } from '../../lib/capture/events';
import type { Contact, Deal } from '../../lib/model';
import { dealKey, expected, FIXTURES, HOSTS, sidebarFrame, type Session, withSession } from './harness';

describe('records belong to one tenant', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it("a page on another company's Pipedrive with the same /deal/42 does not overwrite the rep's deal", async () => {
    const exp = expected<{ url: string; deal: DealSeen }>('pipedrive/deal-2026-11.html');
    const path = new URL(exp.url).pathname;
    s.server.route({ host: HOSTS.pipedrive, path, file: 'pipedrive/deal-2026-11.html' });
    const ours = dealKey('pipedrive', exp.deal.crmId);
    const page = await s.page(exp.url);
    const stored = (await s.waitForRows<Deal>('deals', (rows) => rows.some((d) => d.id === ours))).find((d) => d.id === ours)!;
    expect(stored).toMatchObject({ name: exp.deal.name, amount: exp.deal.amount, url: exp.url });
    await page.close();

    // Anyone can register a Pipedrive company: the same page, the same deal number, their values.
    const hostile = readFileSync(join(FIXTURES, 'pipedrive/deal-2026-11.html'), 'utf8')
      .replaceAll(exp.deal.name, 'Hijacked deal')
      .replaceAll('nina.harper@globex.test', 'attacker@evil.test')
      .replaceAll('12 500', '1');
    s.server.route({ host: HOSTS.pipedriveOther, path, html: hostile });
    const evil = await s.page(`https://${HOSTS.pipedriveOther}${path}`);
    const theirs = `pipedrive:evil:${exp.deal.crmId}`;
    const rows = await s.waitForRows<Deal>('deals', (r) => r.some((d) => d.id === theirs));
    // Their page made their own record (its sidebar shows it), and ours is exactly as it was.
    expect(rows.find((d) => d.id === theirs)).toMatchObject({ name: 'Hijacked deal', url: `https://${HOSTS.pipedriveOther}${path}` });
    expect(rows.find((d) => d.id === ours)).toEqual(stored);
    const frame = await sidebarFrame(evil, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe('Hijacked deal');
    // The attacker's address is no contact of the rep's deal.
    expect(rows.find((d) => d.id === ours)!.contactEmails).not.toContain('attacker@evil.test');
    expect((await s.dump<Contact>('contacts')).find((c) => c.email === 'nina.harper@globex.test')?.phones.length).toBeGreaterThan(0);
    await evil.close();
  });
});
