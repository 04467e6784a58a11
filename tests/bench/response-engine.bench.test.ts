/**
 * Benchmark 1: the response-time engine in memory — every contact's responses,
 * awaiting items and the overall summary for 10,000 contacts / 200,000 touchpoints.
 */
import { expect, test } from 'vitest';
import { byContact, responseContext, responseFigures } from '../../lib/deal-figures';
import { defaultSettings } from '../../lib/model';
import { formatDuration } from '../../lib/response';
import { heapText, heapUsed, measure, ms, report, timingText } from './harness';
import { generateHistory } from './touchpoints';

const GROUP = '1. Response engine in memory';
const CONTACTS = 10_000;
const PER_CONTACT = 20;
const NOW = Date.UTC(2026, 10, 18, 14, 30); // Wed 18 Nov 2026, 15:30 in Berlin

test('response figures for 10,000 contacts / 200,000 touchpoints', async () => {
  const heap0 = heapUsed();
  const t0 = performance.now();
  const history = generateHistory({ contacts: CONTACTS, perContact: PER_CONTACT, awaitingShare: 0.12, now: NOW, seed: 5 });
  const genMs = performance.now() - t0;
  const heapData = heapUsed() - heap0;
  const { touchpoints, planted, expectedResponses } = history;
  expect(touchpoints).toHaveLength(CONTACTS * PER_CONTACT);

  const settings = defaultSettings('Europe/Berlin');
  settings.holidays = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-10-03', '2026-12-25', '2026-12-26'];

  // Heap retained by one result, taken while the result is still alive.
  const heap1 = heapUsed();
  let figures = responseFigures(touchpoints, responseContext(settings, NOW));
  const heapResult = heapUsed() - heap1;

  const { timing, value } = await measure(7, () => responseFigures(touchpoints, responseContext(settings, NOW)), 2);
  figures = value;

  // Correctness: exactly the planted contacts wait, and every reply the generator made is found.
  expect(figures.analyses.size).toBe(CONTACTS);
  expect(figures.awaiting).toHaveLength(planted.size);
  expect(new Set(figures.awaiting.map((a) => a.contactEmail))).toEqual(planted);
  expect(figures.summary.awaiting).toBe(planted.size);
  expect(figures.summary.count).toBe(expectedResponses);
  for (let i = 1; i < figures.awaiting.length; i++) {
    const a = figures.awaiting[i - 1];
    const b = figures.awaiting[i];
    expect(a && b && a.overdueByMs >= b.overdueByMs).toBe(true);
  }

  // The grouping step alone (what responseFigures does before the per-contact analysis).
  const grouping = await measure(7, () => byContact(touchpoints), 1);
  expect(grouping.value.size).toBe(CONTACTS);

  report(GROUP, `responseFigures, ${CONTACTS.toLocaleString('en-US')} contacts / ${touchpoints.length.toLocaleString('en-US')} touchpoints`, `${timingText(timing)}; ${heapText(heapResult)} for the result`);
  report(GROUP, '  of which byContact (group + sort)', timingText(grouping.timing));
  report(
    GROUP,
    'data set',
    `${planted.size.toLocaleString('en-US')} awaiting (planted), ${expectedResponses.toLocaleString('en-US')} replies, median reply ${formatDuration(figures.summary.median ?? 0)} working time; generated in ${ms(genMs)}, ${heapText(heapData)} for the touchpoints`,
  );
});
