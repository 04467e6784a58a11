// @vitest-environment happy-dom
/**
 * Benchmark 5: what one coalesced scan of the Gmail content script costs Gmail's main thread —
 * `parseThread` on the 63-message thread fixture and `parseListRows` on the inbox fixture, plus
 * the whole scan step (own address + view detection + parse). happy-dom's DOM is slower than
 * Chromium's, so these figures are an upper bound.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { detectOwnAddress, detectView, parseListRows, parseThread } from '../../lib/sites/gmail/parse';
import { measure, report, timingText } from './harness';

const GROUP = '5. Gmail content-script parse (happy-dom)';
const RUNS = 200;
const NOTE = "happy-dom's DOM (querySelectorAll, closest) is slower than Chromium's: these figures are an upper bound.";
const DIR = join(__dirname, '../fixtures/gmail');

function load(name: string): { doc: Document; expected: { hash: string; thread?: { messages: unknown[]; waiting: number; hiddenCount: number; threadId: string }; list?: { rows: unknown[]; waiting: number } } } {
  const html = readFileSync(join(DIR, `${name}.html`), 'utf8');
  return { doc: new DOMParser().parseFromString(html, 'text/html'), expected: JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) };
}

test('parseThread on the 63-message thread', async () => {
  const { doc, expected } = load('thread-long-2026-11');
  const want = expected.thread;
  if (!want) throw new Error('fixture has no thread');
  const { timing, value } = await measure(RUNS, () => parseThread(doc), 20);
  expect(value.ok).toBe(true);
  if (!value.ok) return;
  expect(value.threadId).toBe(want.threadId);
  expect(value.messages).toHaveLength(want.messages.length);
  expect(value.waiting).toBe(want.waiting);
  expect(value.hiddenCount).toBe(want.hiddenCount);

  const scan = await measure(RUNS, () => [detectOwnAddress(doc), detectView(doc, expected.hash), parseThread(doc)], 20);
  expect(scan.value[1]).toBe('thread');

  const total = want.messages.length + want.waiting + want.hiddenCount;
  report(GROUP, `parseThread, ${total}-message thread (${want.messages.length} rendered, ${want.hiddenCount} hidden)`, timingText(timing), [NOTE]);
  report(GROUP, '  whole thread scan (detectOwnAddress + detectView + parseThread)', timingText(scan.timing));
});

test('parseListRows on the inbox', async () => {
  const { doc, expected } = load('list-inbox-2026-11');
  const want = expected.list;
  if (!want) throw new Error('fixture has no list');
  const { timing, value } = await measure(RUNS, () => parseListRows(doc), 20);
  expect(value.ok).toBe(true);
  if (!value.ok) return;
  expect(value.rows).toHaveLength(want.rows.length);
  expect(value.waiting).toBe(want.waiting);

  const scan = await measure(RUNS, () => [detectOwnAddress(doc), detectView(doc, expected.hash), parseListRows(doc)], 20);
  expect(scan.value[1]).toBe('list');

  report(GROUP, `parseListRows, inbox of ${want.rows.length + want.waiting} rows`, timingText(timing), [NOTE]);
  report(GROUP, '  whole list scan (detectOwnAddress + detectView + parseListRows)', timingText(scan.timing));
});
