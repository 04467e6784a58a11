import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Insights } from '../../components/insights/Insights';
import { dayStamp, retrospectiveFileName } from '../../components/insights/model';
import { CSV_COLUMNS } from '../../lib/retrospective-export';
import { db } from '../../lib/db';
import type { Deal, Reflection, Touchpoint } from '../../lib/model';
import { lossReason } from '../../lib/reflection/taxonomy';
import { makeDeal, makeReflection } from '../unit/helpers/factories';

const H = 3_600_000;
const DAY = 24 * H;
// Monday 4 May 2026, 10:00 in Berlin (the test zone; UTC+2 in May).
const MON_10 = Date.UTC(2026, 4, 4, 8);

function deal(id: string, status: Deal['status'], over: Partial<Deal> = {}): Deal {
  return makeDeal({ id, name: `Deal ${id}`, amount: 12_000, currency: 'EUR', status, contactEmails: [`buyer@${id}.example`], openedAt: MON_10 - 60 * DAY, closedAt: MON_10 + 10 * DAY, updatedAt: MON_10 + 10 * DAY, ...over });
}

function reflection(d: Deal, over: Partial<Reflection> = {}): Reflection {
  return makeReflection(
    d,
    { state: 'final', outcome: 'competitor', primaryReason: lossReason('price', 'too expensive'), differently: 'Qualify the budget in the first call.', ...over },
    MON_10 + 10 * DAY,
  );
}

/** A prospect email at `at` and the rep's reply `replyAfterMs` later, on the deal. */
function exchange(d: Deal, at: number, replyAfterMs: number): Touchpoint[] {
  const contact = d.contactEmails[0]!;
  const base = { channel: 'email' as const, contactEmails: [contact], cc: [], dealId: d.id, capturedFrom: 'gmail' as const, provenance: 'seen' as const, createdAt: at, updatedAt: at };
  return [
    { ...base, key: `gmail:${d.id}-in`, direction: 'inbound', at, from: contact, to: ['rep@ours.example'], subject: 'Question' },
    { ...base, key: `gmail:${d.id}-out`, direction: 'outbound', at: at + replyAfterMs, from: 'rep@ours.example', to: [contact], subject: 'Re: Question' },
  ];
}

beforeEach(async () => {
  await db().delete();
  await db().open();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function seed(deals: Deal[], reflections: Reflection[], touchpoints: Touchpoint[] = []) {
  await db().deals.bulkPut(deals);
  await db().reflections.bulkPut(reflections);
  await db().touchpoints.bulkPut(touchpoints);
}

/** Two deals lost on price (one early, to Rival Corp), one won; replies 2h on lost, 30m on won. */
async function seedQuarter() {
  const l1 = deal('l1', 'lost', { name: 'Acme renewal', leadSource: 'Cold call', stage: 'Discovery' });
  const l2 = deal('l2', 'lost', { name: 'Globex expansion', leadSource: 'Cold call', stage: 'Proposal' });
  const w1 = deal('w1', 'won', { name: 'Initech pilot', leadSource: 'Referral' });
  const o1 = deal('o1', 'open', { name: 'Umbrella trial' });
  await seed(
    [l1, l2, w1, o1],
    [
      reflection(l1, { competitor: 'Rival Corp', secondaryReasons: [lossReason('sales-process', 'slow responses')] }),
      reflection(l2, { competitor: 'Rival Corp', lostAt: MON_10 + 11 * DAY }),
    ],
    [...exchange(l1, MON_10, 2 * H), ...exchange(l2, MON_10, 2 * H), ...exchange(w1, MON_10, H / 2)],
  );
}

describe('Insights page', () => {
  it('shows an empty state for every section when nothing is stored', async () => {
    render(<Insights />);
    await screen.findByTestId('counts-empty');
    for (const id of ['reasons', 'stages', 'competitors', 'lead-sources', 'response', 'touchpoints']) {
      expect(screen.getByTestId(`${id}-empty`).textContent).toBeTruthy();
    }
    expect(screen.getByTestId('reasons-empty').textContent).toContain('Mark a deal lost and finish its reflection');
    expect(screen.queryByTestId('reasons-table')).toBeNull();
  });

  it('compares lost deals to won ones with real figures', async () => {
    await seedQuarter();
    render(<Insights />);
    const counts = await screen.findByTestId('counts-table');
    expect(within(counts).getByTestId('count-lost').textContent).toBe('2');
    expect(within(counts).getByTestId('count-won').textContent).toBe('1');
    expect(within(counts).getByTestId('count-dead').textContent).toBe('0');
    expect(within(counts).getByTestId('count-open').textContent).toBe('1');
    expect(within(counts).getByTestId('win-rate').textContent).toBe('33%');

    // Reasons: price twice as primary (partly controllable → 50%), sales process once as secondary.
    const reasons = screen.getByTestId('reasons-table');
    const price = reasons.querySelector('tr[data-reason="price"]')!;
    expect(price.querySelector('th')!.textContent).toBe('Price and commercial terms');
    expect(price.querySelector('[data-col="primary"]')!.textContent).toBe('2');
    expect(price.querySelector('[data-col="secondary"]')!.textContent).toBe('0');
    expect(price.querySelector('[data-col="controllable"]')!.textContent).toBe('50%');
    const process = reasons.querySelector('tr[data-reason="sales-process"]')!;
    expect(process.querySelector('[data-col="secondary"]')!.textContent).toBe('1');
    expect(process.querySelector('[data-col="controllable"]')!.textContent).toBe('100%');
    // Overall: (0.5 + 0.5 + 1) / 3 = 67%.
    expect(screen.getByTestId('controllable-share').textContent).toContain('67%');
    expect(screen.getByTestId('controllable-share').textContent).toContain('3 loss reasons');

    // Stages: Discovery is the second standard stage → early; Proposal is not.
    const stages = screen.getByTestId('stages-table');
    expect(stages.querySelector('tr[data-stage="Discovery"]')!.getAttribute('data-early')).toBe('true');
    expect(stages.querySelector('tr[data-stage="Proposal"]')!.getAttribute('data-early')).toBe('false');
    expect(screen.getByTestId('early-losses').textContent).toContain('1 of 2 losses');
    expect(screen.getByTestId('early-losses').textContent).toContain('buyer personas');

    const competitor = screen.getByTestId('competitors-table').querySelector('tr[data-competitor="Rival Corp"]')!;
    expect(competitor.querySelector('td')!.textContent).toBe('2');

    const sources = screen.getByTestId('lead-sources-table');
    const cold = sources.querySelector('tr[data-source="cold-call"]')!;
    expect([...cold.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['0', '2', '0%']);
    const referral = sources.querySelector('tr[data-source="referral"]')!;
    expect([...referral.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '0', '100%']);

    const response = screen.getByTestId('response-table');
    expect([...response.querySelectorAll('tr[data-group="lost"] td')].map((td) => td.textContent)).toEqual(['2', '2 h']);
    expect([...response.querySelectorAll('tr[data-group="won"] td')].map((td) => td.textContent)).toEqual(['1', '30 m']);

    const touch = screen.getByTestId('touchpoints-table');
    expect([...touch.querySelectorAll('tr[data-group="lost"] td')].map((td) => td.textContent)).toEqual(['2', '2']);
    expect([...touch.querySelectorAll('tr[data-group="won"] td')].map((td) => td.textContent)).toEqual(['1', '2']);

    expect(screen.queryByTestId('reasons-empty')).toBeNull();
    expect(screen.queryByTestId('unfinished')).toBeNull();
  });

  it('draws each figure as a named chart with its numbers in a table, and says the main points in sentences', async () => {
    await seedQuarter();
    render(<Insights />);
    await screen.findByTestId('counts-table');
    const names = [
      'Loss reasons and how much was in your control',
      'Losses by stage',
      'Win rate by competitor',
      'Win rate by lead source',
      'Median response time: lost vs won',
      'Touchpoints per deal by channel: lost vs won',
      'Win rate and controllable share by month',
    ];
    for (const name of names) {
      const img = screen.getByRole('img', { name });
      expect(img.tagName.toLowerCase()).toBe('svg');
      const table = screen.getByRole('table', { name });
      expect(img.closest('figure')!.contains(table)).toBe(true);
    }
    // Rival Corp took both losses; nothing was won against them.
    const rival = screen.getByTestId('competitors-table').querySelector('tr[data-competitor="Rival Corp"]')!;
    expect([...rival.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['2', '0', '0%']);
    // Two bars in the chart of losses by stage, one per stage.
    expect(screen.getByRole('img', { name: 'Losses by stage' }).querySelectorAll('rect')).toHaveLength(2);
    const channels = screen.getByTestId('touchpoints-channel-table');
    expect([...channels.querySelectorAll('tr[data-channel="email"] td')].map((td) => td.textContent)).toEqual(['2', '2']);
    expect(screen.getByTestId('trend-table').querySelector('tr[data-month="2026-05"]')!.textContent).toContain('33%');
    const sentences = [...screen.getByTestId('headlines').querySelectorAll('li')].map((li) => li.textContent);
    expect(sentences[0]).toBe('1 of your 2 losses had a reason you could control.');
    expect(sentences).toContain('On the deals you lost you took a median 2 h to reply; on the deals you won, 30 m.');
  });

  it('updates live and nudges for lost deals without a finished reflection', async () => {
    await seedQuarter();
    render(<Insights />);
    await screen.findByTestId('counts-table');
    const d = deal('l3', 'dead', { name: 'Hooli <b>bold</b>' });
    // One transaction, as the background writes it: the page never sees the deal without its draft.
    await db().transaction('rw', db().deals, db().reflections, async () => {
      await db().deals.put(d);
      await db().reflections.put({ ...reflection(d), state: 'draft' });
    });
    await waitFor(() => expect(screen.getByTestId('count-dead').textContent).toBe('1'));
    const nudge = screen.getByTestId('unfinished');
    // Text only: the deal's name shows as typed, markup and all.
    expect(within(nudge).getByText('Hooli <b>bold</b>').tagName).toBe('A');
    expect(nudge.querySelector('b')).toBeNull();
    expect(nudge.textContent).toContain('(draft)');
    // A draft's reasons do not count.
    expect(screen.getByTestId('reasons-table').querySelector('tr[data-reason="price"] [data-col="primary"]')!.textContent).toBe('2');
  });

  describe('exports', () => {
    function captureDownloads() {
      const blobs: Blob[] = [];
      const names: string[] = [];
      vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
        blobs.push(b as Blob);
        return `blob:test/${blobs.length}`;
      });
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        names.push(this.download);
      });
      return { blobs, names };
    }

    it('downloads the retrospective as Markdown with the deal names', async () => {
      await seedQuarter();
      const { blobs, names } = captureDownloads();
      render(<Insights />);
      fireEvent.click(await screen.findByTestId('download-markdown'));
      expect(blobs).toHaveLength(1);
      const text = await blobs[0]!.text();
      expect(text).toContain('# Loss retrospective');
      expect(text).toContain('Acme renewal');
      expect(text).toContain('Globex expansion');
      expect(text).toContain('Price and commercial terms');
      expect(blobs[0]!.type).toContain('text/markdown');
      expect(names).toEqual([expect.stringMatching(/^deal-debrief-retrospective-\d{4}-\d{2}-\d{2}\.md$/)]);
      expect(screen.getByTestId('export-status').textContent).toContain(names[0]!);
      // The link is gone again.
      expect(document.querySelector('a[download]')).toBeNull();
    });

    it('downloads the retrospective as CSV, one row per lost deal', async () => {
      await seedQuarter();
      const { blobs, names } = captureDownloads();
      render(<Insights />);
      fireEvent.click(await screen.findByTestId('download-csv'));
      const text = (await blobs[0]!.text()).replace(/^\uFEFF/, '');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(CSV_COLUMNS.join(','));
      expect(lines).toHaveLength(3);
      expect(text).toContain('Acme renewal');
      expect(text).toContain('Globex expansion');
      expect(text).not.toContain('Initech pilot');
      expect(names[0]).toMatch(/^deal-debrief-retrospective-\d{4}-\d{2}-\d{2}\.csv$/);
    });

    it('copies the Markdown to the clipboard', async () => {
      await seedQuarter();
      const writeText = vi.fn(async (_text: string) => undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      render(<Insights />);
      fireEvent.click(await screen.findByTestId('copy-markdown'));
      await waitFor(() => expect(screen.getByTestId('export-status').textContent).toContain('copied'));
      expect(writeText).toHaveBeenCalledTimes(1);
      expect(writeText.mock.calls[0]![0]).toContain('Acme renewal');
    });

    it('shows the Markdown to copy by hand when the clipboard refuses', async () => {
      await seedQuarter();
      const writeText = vi.fn(async () => {
        throw new Error('denied');
      });
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      render(<Insights />);
      fireEvent.click(await screen.findByTestId('copy-markdown'));
      const box = (await screen.findByTestId('markdown-text')) as HTMLTextAreaElement;
      expect(box.value).toContain('Globex expansion');
    });
  });

  it('names files by the day in the rep’s time zone', () => {
    // 23:30 UTC on 4 May is already 5 May in Berlin.
    const t = Date.UTC(2026, 4, 4, 23, 30);
    expect(dayStamp(t, 'Europe/Berlin')).toBe('2026-05-05');
    expect(dayStamp(t, 'America/New_York')).toBe('2026-05-04');
    expect(retrospectiveFileName(t, 'Not/AZone', 'csv')).toBe('deal-debrief-retrospective-2026-05-04.csv');
  });
});
