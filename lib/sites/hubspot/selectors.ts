/**
 * Every piece of HubSpot deal-record DOM knowledge. Each list is tried in order: the first
 * entry is the current layout (checked 2026-11 against tests/fixtures/hubspot), later ones
 * are fallbacks for older layouts.
 */

/** Record header: present once the deal record has rendered (absent while loading). */
export const HEADER = [
  '[data-test-id="record-highlight-main-content"]',
  // Older layout: the highlight block stands alone.
  'div[data-selenium-test$="-highlight-details"]',
] as const;

/** Deal name in the highlight block. */
export const NAME = [
  '[data-selenium-test="highlightTitle"]',
  // Older layout: plain h3 inside the highlight details.
  'div[data-selenium-test$="-highlight-details"] h3',
  '[data-test-id="record-highlight-main-content"] h3',
] as const;

/** Amount property (value text, or an input's value when editing). */
export const AMOUNT = ['[data-selenium-test="property-input-amount"]'] as const;

/** Deal currency code property, when the portal uses several currencies. */
export const CURRENCY = ['[data-selenium-test="property-input-deal_currency_code"]'] as const;

/** Current stage: the dealstage property, else the stage dropdown button in the header. */
export const STAGE = ['[data-selenium-test="property-input-dealstage"]', 'div#stage-select'] as const;

/** Options of the stage dropdown (native select or an opened listbox), when rendered. */
export const STAGE_OPTIONS = [
  '[data-selenium-test="property-input-dealstage"] option',
  'div#stage-select option',
  'div#stage-select [role="option"]',
] as const;

/** Pipeline dropdown in the header (read for context only). */
export const PIPELINE = ['div#pipeline-select'] as const;

/** Expected close date property. */
export const CLOSE_DATE = ['[data-selenium-test="property-input-closedate"]'] as const;

/** Deal owner property. */
export const OWNER = ['[data-selenium-test="property-input-hubspot_owner_id"]'] as const;

/** Associated contact title links in the right-hand contacts card (one per contact). */
export const CONTACT_LINK = [
  '[data-selenium-test="contact-chicklet-title-link"]',
  // Fallback: any link to a contact record (object type 0-1).
  'a[href*="/record/0-1/"]',
] as const;

/** Labels of highlight-block fields when the property inputs are absent. */
export const LABEL_AMOUNT = ['Amount'] as const;
export const LABEL_CLOSE_DATE = ['Close date', 'Close Date'] as const;
export const LABEL_OWNER = ['Deal owner', 'Deal Owner'] as const;
export const LABEL_STAGE = ['Deal stage', 'Deal Stage'] as const;
