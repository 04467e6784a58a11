/** Loads the committed Gmail fixtures (tests only: parsing HTML into a document is fine here). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(__dirname, '../../../fixtures/gmail');

export function loadDoc(name: string): Document {
  const html = readFileSync(join(FIXTURE_DIR, `${name}.html`), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}

// `any` on purpose: expected JSON is checked field by field.
export function loadExpected(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.expected.json`), 'utf8'));
}

export const THREAD_FIXTURES = [
  'thread-long-2026-11',
  'thread-cc-2026-11',
  'thread-alias-2026-11',
  'thread-two-prospects-2026-11',
  'thread-internal-2026-11',
  'compose-reply-2026-11',
  // Gmail's layout (fixed bar, rail, docked compose) around the thread of thread-cc: same extraction.
  'layout-thread-2026-12',
  'thread-collapsed-noid-2026-12',
  'thread-older-bubble-2026-12',
] as const;
export const LIST_FIXTURES = ['list-inbox-2026-11', 'compose-new-2026-11'] as const;
export const ALL_FIXTURES = [...THREAD_FIXTURES, ...LIST_FIXTURES, 'unknown-markup-2026-11'] as const;
