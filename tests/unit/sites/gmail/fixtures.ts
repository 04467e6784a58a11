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

export const LANGUAGE_FIXTURES = ['thread-de-2026-12', 'thread-fr-2026-12', 'thread-es-2026-12', 'thread-ja-2026-12'] as const;

export const THREAD_FIXTURES = [
  'thread-long-2026-11',
  'thread-cc-2026-11',
  'thread-alias-2026-11',
  'thread-two-prospects-2026-11',
  'thread-internal-2026-11',
  'compose-reply-2026-11',
  // Gmail's layout (fixed bar, rail, docked compose) around the thread of thread-cc: same extraction.
  'layout-thread-2026-12',
  // The same page in Gmail's dark theme: same extraction.
  'layout-thread-dark-2026-12',
  'thread-collapsed-noid-2026-12',
  'thread-older-bubble-2026-12',
  // Conversation view off: an opened message shows alone.
  'conversation-off-message-2026-12',
  // Interfaces in other languages: date titles, "N older messages", details labels, "me".
  ...LANGUAGE_FIXTURES,
] as const;
export const LIST_FIXTURES = ['list-inbox-2026-11', 'compose-new-2026-11', 'conversation-off-list-2026-12'] as const;
/** The list and the open thread side by side (reading pane right) or one above the other (below). */
export const PANE_FIXTURES = ['reading-pane-right-2026-12', 'reading-pane-below-2026-12'] as const;
export const ALL_FIXTURES = [...THREAD_FIXTURES, ...LIST_FIXTURES, ...PANE_FIXTURES, 'unknown-markup-2026-11'] as const;
