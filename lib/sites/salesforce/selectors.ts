/**
 * Every piece of Salesforce Lightning opportunity DOM knowledge. Lists are tried in order
 * (current layout first, checked 2026-11 against tests/fixtures/salesforce). All lookups go
 * through `deepQuerySelectorAll`, because newer Lightning renders the highlights panel, path
 * and related lists inside open shadow roots.
 *
 * A browser matches a selector within one tree (the document or one shadow root): a
 * combinator never reaches across a shadow boundary. happy-dom does let it, so unit tests
 * cannot catch such a selector — keep every combinator inside one component's template.
 */

/**
 * The visible page container. Lightning keeps previously opened records in the DOM (hidden
 * `.oneContent` without `active`), so everything else is read inside the active one when
 * there is one.
 */
export const ACTIVE_PAGE = ['.oneContent.active'] as const;

/** Something of the record header has rendered: the highlights panel items or the title. */
export const HEADER = [
  'records-highlights-details-item',
  '.slds-page-header__title',
] as const;

/** Record name in the page header. */
export const NAME = [
  '.slds-page-header__title lightning-formatted-text',
  '.slds-page-header__title',
  'records-entity-label + * lightning-formatted-text',
] as const;

/** One highlights-panel field: a `.slds-text-title` label followed by its value. */
export const HIGHLIGHT_ITEM = ['records-highlights-details-item'] as const;
export const HIGHLIGHT_LABEL = ['.slds-text-title'] as const;

/** A detail-layout field, by its label attribute: `records-record-layout-item[field-label="…"]`. */
export const layoutItem = (label: string): string => `records-record-layout-item[field-label="${label}"]`;

/** Field labels (English org; add translations here). */
export const LABEL_AMOUNT = ['Amount', 'Betrag'] as const;
export const LABEL_CLOSE_DATE = ['Close Date', 'Schlusstermin'] as const;
export const LABEL_STAGE = ['Stage', 'Phase'] as const;
export const LABEL_OWNER = ['Opportunity Owner', 'Opportunity-Inhaber'] as const;

/** Sales path steps (every stage of the opportunity's sales process). */
export const PATH_ITEMS = ['.slds-path__nav .slds-path__item', '.slds-path__item'] as const;
/** The step for the current stage. */
export const PATH_CURRENT = ['.slds-path__item.slds-is-current', '.slds-path__item[aria-selected="true"]'] as const;
/** Stage name inside a path step (the step also carries assistive text like "Stage Complete"). */
export const PATH_TITLE = ['.slds-path__title'] as const;

/** Links to Contact records (contact roles / related contacts), one per contact. */
export const CONTACT_LINK = [
  'a[href*="/lightning/r/Contact/"]',
  'a[href*="/lightning/r/003"]',
] as const;

/** Formatted phone and email components used in related lists. */
export const PHONE_LINK = ['lightning-formatted-phone a[href^="tel:"]', 'a[href^="tel:"]'] as const;
export const EMAIL_LINK = ['lightning-formatted-email a[href^="mailto:"]', 'a[href^="mailto:"]'] as const;

/** "Created By" system field: `Robin Rep, 10/20/2026, 9:30 AM` — the deal's age counts from it. */
export const LABEL_CREATED = ['Created By', 'Erstellt von', 'Created Date'] as const;

// ─── Activity timeline (Activity tab; SLDS activity-timeline markup; checked 2026-12 against
//     tests/fixtures/salesforce) ───────────────────────────────────────────────────────────────

/** One timeline item; its kind is the class suffix `slds-timeline__item_<call|email|event|task>`. */
export const TIMELINE_ITEM = ['.slds-timeline__item_expandable', '[class*="slds-timeline__item_"]:not(.slds-timeline__item_details)'] as const;
export const TIMELINE_ITEM_KIND = /(?:^|\s)slds-timeline__item_(call|email|event|task)(?:\s|$)/;
/** The section an item sits in ("Upcoming & Overdue", "November • 2026") and its title. */
export const TIMELINE_SECTION = '.slds-section';
export const TIMELINE_SECTION_TITLE = ['.slds-section__title'] as const;
export const UPCOMING_SECTION = /(upcoming|overdue|anstehend|überfällig|à venir|próxim)/i;
/** The item's title link (to the Task, Event or EmailMessage record: the activity id). */
export const ITEM_TITLE = ['h3 a[href*="/lightning/r/"]', 'h3'] as const;
export const ITEM_ID_FROM_HREF = /\/lightning\/r\/(?:[A-Za-z]+\/)?([a-zA-Z0-9]{18}|[a-zA-Z0-9]{15})(?:\/|$)/;
/** `4:05 PM | Nov 18`, `Nov 3`. */
export const ITEM_DATE = ['.slds-timeline__date'] as const;
/** A task's completion checkbox. */
export const ITEM_CHECKBOX = 'input[type="checkbox"]';
/** Links to contacts the item names. */
export const ITEM_CONTACT_LINK = 'a[href*="/lightning/r/Contact/"], a[href*="/lightning/r/003"]';
/** Labels in an item's expanded details. */
export const LABEL_CALL_TYPE = ['Call Type', 'Anruftyp'] as const;
export const LABEL_CALL_RESULT = ['Call Result', 'Anrufergebnis'] as const;
export const LABEL_CALL_DURATION = ['Call Duration', 'Duration', 'Anrufdauer'] as const;
export const LABEL_FROM_ADDRESS = ['From Address', 'From'] as const;
export const LABEL_TO_ADDRESS = ['To Address', 'CC Address', 'To', 'CC'] as const;
