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
