/**
 * The insights page's filters in the built extension: deals closed at different times (the test
 * build's clock is moved between them), the period and competitor filters change the charts'
 * tables, and the filter stays in the address across a reload.
 */
import { describe, expect, it } from 'vitest';
import type { Deal, Reflection } from '../../lib/model';
import { TEST_BUILD, type Session, withSession } from './harness';

const berlin = (iso: string) => Date.parse(`${iso}+01:00`);

async function setClock(s: Session, at: number) {
  await s.call('setClockOffset', { ms: at - Date.now() });
}

async function lose(s: Session, name: string, over: Partial<Reflection>) {
  const deal = await s.call<Deal>('createLocalDeal', { name, contactEmails: [`buyer@${name.toLowerCase().replace(/\W+/g, '-')}.test`] });
  await s.call('markLost', { dealId: deal.id, open: false });
  const draft = (await s.dump<Reflection>('reflections')).find((r) => r.dealId === deal.id)!;
  const saved = await s.call<{ ok: boolean }>('saveReflection', { reflection: { ...draft, differently: 'Answer the same morning.', ...over }, finish: true });
  expect(saved.ok).toBe(true);
  return deal;
}

describe('insights filters', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('the period and competitor filters change the charts, and a reload keeps them', async () => {
    // In May: a deal lost to Initrode on price.
    await setClock(s, berlin('2026-05-04T10:00:00'));
    await lose(s, 'Old Loss', { outcome: 'competitor', competitor: 'Initrode', primaryReason: { category: 'price', detail: 'too expensive', controllability: 'partly' } });
    // In November: a deal lost on slow replies, and one won.
    await setClock(s, berlin('2026-11-23T10:00:00'));
    await lose(s, 'New Loss', { outcome: 'no-decision', primaryReason: { category: 'sales-process', detail: 'slow responses', controllability: 'controllable' } });
    const won = await s.call<Deal>('createLocalDeal', { name: 'New Win', contactEmails: ['buyer@new-win.test'] });
    await s.call('markWon', { dealId: won.id, open: false });

    const page = await s.extensionPage('/insights.html');
    const reasonRows = () => page.getByTestId('reasons-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reason')));
    await expect.poll(() => page.getByTestId('count-lost').textContent(), { timeout: 10_000 }).toBe('2');
    expect(await reasonRows()).toEqual(['price', 'sales-process']);
    expect(await page.getByRole('img', { name: 'Win rate and controllable share by month' }).count()).toBe(1);
    const trend = page.getByTestId('trend-table').locator('tbody tr');
    expect(await trend.count()).toBe(7); // May to November

    // The last 30 days: only November's deals.
    await page.getByLabel('Period', { exact: true }).selectOption('30');
    await expect.poll(() => page.getByTestId('count-lost').textContent()).toBe('1');
    expect(await reasonRows()).toEqual(['sales-process']);
    expect(await page.getByTestId('win-rate').textContent()).toBe('50%');
    expect(await trend.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-month')))).toEqual(['2026-11']);
    expect(new URL(page.url()).searchParams.get('period')).toBe('30');

    await page.reload();
    await expect.poll(() => page.getByTestId('count-lost').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await page.getByLabel('Period', { exact: true }).inputValue()).toBe('30');

    // All time, lost to Initrode: the May deal alone.
    await page.getByLabel('Period', { exact: true }).selectOption('all');
    await page.getByLabel('Competitor', { exact: true }).selectOption('Initrode');
    await expect.poll(() => reasonRows()).toEqual(['price']);
    expect(await page.getByTestId('count-lost').textContent()).toBe('1');
    expect(await page.getByTestId('count-won').textContent()).toBe('0');
    const rival = page.getByTestId('competitors-table').locator('tr[data-competitor="Initrode"] td');
    expect(await rival.allTextContents()).toEqual(['1', '0', '0%']);
    expect(new URL(page.url()).search).toBe('?competitor=Initrode');

    await page.getByTestId('clear-filters').click();
    await expect.poll(() => page.getByTestId('count-lost').textContent()).toBe('2');
    expect(new URL(page.url()).search).toBe('');
    await page.close();
  });

});

describe('sample data', () => {
  // A session of its own: an install with nothing in it, and the clock where this test puts it.
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('sample data: loads on an empty install, every chart renders with its name and table, the period changes them, and removing it empties them', async () => {
    await setClock(s, berlin('2026-12-04T10:00:00'));
    const page = await s.extensionPage('/insights.html');
    await page.getByTestId('counts-empty').waitFor({ timeout: 10_000 });
    await page.getByTestId('load-sample').click();
    await expect.poll(() => page.getByTestId('count-won').textContent().catch(() => ''), { timeout: 15_000 }).toBe('5');
    expect(await page.getByTestId('count-lost').textContent()).toBe('5');
    expect(await page.getByTestId('count-dead').textContent()).toBe('2');

    const charts = [
      'Loss reasons and how much was in your control',
      'Losses by stage',
      'Win rate by competitor',
      'Win rate by lead source',
      'Median response time: lost vs won',
      'Touchpoints per deal by channel: lost vs won',
      'Win rate and controllable share by month',
    ];
    for (const name of charts) {
      const img = page.getByRole('img', { name, exact: true });
      expect(await img.count(), name).toBe(1);
      expect(await img.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      const table = page.getByRole('table', { name, exact: true });
      expect(await table.locator('tbody tr').count(), name).toBeGreaterThan(0);
      // The table sits in the same figure as its chart.
      expect(await img.evaluate((el, tableName) => [...el.closest('figure')!.querySelectorAll('table caption')].some((c) => c.textContent === tableName), name)).toBe(true);
    }
    expect(await page.getByTestId('headlines').locator('li').count()).toBeGreaterThan(0);

    // What landed: 14 sample deals, every record marked.
    const deals = await s.dump<Deal>('deals');
    expect(deals).toHaveLength(14);
    expect(deals.every((d) => d.id.startsWith('sample:'))).toBe(true);
    expect((await s.dump<{ key: string }>('touchpoints')).every((t) => t.key.startsWith('sample:'))).toBe(true);
    expect(await s.dump('reflections')).toHaveLength(7);
    expect(await s.dump('winReflections')).toHaveLength(5);
    expect(await s.dump('debriefs')).toHaveLength(4);

    // The last 30 days hold fewer closed deals than the whole quarter.
    const closedIn = async () => Number(await page.getByTestId('count-won').textContent()) + Number(await page.getByTestId('count-lost').textContent()) + Number(await page.getByTestId('count-dead').textContent());
    const months = () => page.getByTestId('trend-table').locator('tbody tr').count();
    const allClosed = await closedIn();
    const allMonths = await months();
    expect(allClosed).toBe(12);
    await page.getByLabel('Period', { exact: true }).selectOption('30');
    await expect.poll(closedIn).toBeLessThan(allClosed);
    const recent = deals.filter((d) => d.status !== 'open' && d.closedAt! >= berlin('2026-12-04T10:00:00') - 30 * 86_400_000).length;
    expect(await closedIn()).toBe(recent);
    expect(await months()).toBeLessThan(allMonths);

    // A backup leaves the sample out.
    const backup = await s.call<{ data: { deals: Deal[] } }>('exportBackup', null);
    expect(backup.data.deals).toEqual([]);

    await page.getByTestId('remove-sample').click();
    await page.getByTestId('counts-empty').waitFor({ timeout: 10_000 });
    for (const name of charts) expect(await page.getByRole('img', { name, exact: true }).count(), name).toBe(0);
    expect(await s.dump('deals')).toEqual([]);
    expect(await s.dump('touchpoints')).toEqual([]);
    expect(await s.dump('reflections')).toEqual([]);
    await page.close();
  });
});

describe('direction controls in the headlines', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a competitor named with a right-to-left override is isolated inside its sentence', async () => {
    const hostile = 'Init\u202erode';
    for (const name of ['First Loss', 'Second Loss']) {
      await lose(s, name, { outcome: 'competitor', competitor: hostile, primaryReason: { category: 'price', detail: 'too expensive', controllability: 'partly' } });
    }
    const page = await s.extensionPage('/insights.html');
    const headline = page.locator('[data-testid="headlines"] li[data-headline="competitor"]');
    await expect.poll(() => headline.count(), { timeout: 10_000 }).toBe(1);
    // First strong isolate before the name, the override closed and the isolate popped after it:
    // the words of the sentence stay in their order whatever the name holds.
    expect(await headline.textContent()).toBe('\u2068Init\u202erode\u202c\u2069 took 2 deals from you; you have not beaten them yet.');
    await page.close();
  });
});
