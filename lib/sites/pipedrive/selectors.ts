/**
 * Every piece of Pipedrive deal-page DOM knowledge. Pipedrive's class names are generated and
 * change often, so apart from the `data-testid` header this adapter reads fields by their
 * visible labels (a label element followed by its value, see `labelledValues`). Lists are tried
 * in order; checked 2026-11 against tests/fixtures/pipedrive.
 */

/** Deal header: present once the deal page has rendered. */
export const HEADER = ['[data-testid="header-title"]'] as const;

/** Deal name: the header's editable-text input (its value), else the header's text. */
export const NAME = [
  '[data-testid="header-title"] input',
  '[data-testid="header-title"] [contenteditable]',
  '[data-testid="header-title"]',
] as const;

/** Stage bar steps, one per stage of the deal's pipeline (name in `title` or as text). */
export const STAGE_STEPS = [
  '[data-testid="deal-stage-bar"] li',
  '[data-testid="pipeline-stage"]',
  '[aria-label="Pipeline stages"] li',
  '.stages li',
] as const;

/** The current step of the stage bar: `aria-current`, else a class token like `active`. */
export const STAGE_CURRENT_ATTR = '[aria-current="step"], [aria-current="true"]' as const;
export const STAGE_CURRENT_CLASS = /(^|[\s_-])(active|current|selected)($|\s)/;

/** Deal value in the header summary, when the test id is present. */
export const VALUE = ['[data-testid="deal-value"]'] as const;

/** Field labels in the details sidebar (English and German UI). */
export const LABEL_VALUE = ['Value', 'Deal value', 'Wert'] as const;
export const LABEL_CLOSE_DATE = ['Expected close date', 'Expected close', 'Erwartetes Abschlussdatum'] as const;
export const LABEL_OWNER = ['Owner', 'Deal owner', 'Inhaber'] as const;
export const LABEL_STAGE = ['Stage', 'Phase'] as const;

/** Links to person records (the deal's contact persons), one per person. */
export const PERSON_LINK = ['a[href*="/person/"]'] as const;

/** "Deal created" in the overview (`20 October 2026 09:30`): the deal's age counts from it. */
export const LABEL_CREATED = ['Deal created', 'Created', 'Deal erstellt', 'Erstellt'] as const;

// ─── Focus (planned) and History (done) activity flow; checked 2026-12 against tests/fixtures/pipedrive ──

/** The Focus section: planned activities, next steps rather than touchpoints. */
export const FOCUS_SECTION = ['[data-testid="focus-section"]'] as const;
/** The History section: done activities, notes, synced emails, changelog. */
export const HISTORY_SECTION = ['[data-testid="history-section"]'] as const;
/** One flow item; ids as attributes by kind. */
export const FLOW_ITEM = '[data-testid="flow-item"]';
export const ITEM_ID_ATTRS = [
  ['data-activity-id', 'activity'],
  ['data-note-id', 'note'],
  ['data-mail-message-id', 'mail'],
] as const;
/** The item's kind: its icon's accessible name ("Call", "Meeting", "Task", "Deadline", "Email", "Note", "Lunch"). */
export const ITEM_ICON = ['[role="img"][aria-label]', '[aria-label]'] as const;
export const ITEM_TITLE = ['[data-testid="flow-item-title"]'] as const;
export const ITEM_META = ['[data-testid="flow-item-meta"]'] as const;
export const ITEM_DATE = ['[data-testid="flow-item-meta"] time', 'time'] as const;
export const ITEM_DONE_CHECKBOX = 'input[type="checkbox"]';
/** Links to persons in an item. */
export const ITEM_PERSON_LINK = 'a[href*="/person/"]';
export const LABEL_DURATION = ['Duration', 'Dauer'] as const;
export const LABEL_FROM = ['From', 'Von'] as const;
export const LABEL_RECIPIENTS = ['To', 'Cc', 'An'] as const;
