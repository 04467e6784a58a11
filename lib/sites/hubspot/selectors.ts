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

/** Create date property (`10/20/2026 9:30 AM GMT+2`): the deal's age counts from it. */
export const CREATE_DATE = ['[data-selenium-test="property-input-createdate"]'] as const;
export const LABEL_CREATE_DATE = ['Create date', 'Create Date'] as const;

// ─── Activity timeline (middle pane, Activity tab; checked 2026-12 against tests/fixtures/hubspot) ──

/** The timeline's list of sections; absent until the Activities tab has rendered. */
export const TIMELINE = ['[data-test-id="timeline-activity-list"]'] as const;
/** A section: "Upcoming" (planned items) or one month ("November 2026"). */
export const TIMELINE_SECTION = ['[data-selenium-test="timeline-section"]'] as const;
export const TIMELINE_SECTION_HEADER = ['[data-selenium-test="timeline-section-header"]', 'h3'] as const;
/** Section header text of planned items. */
export const UPCOMING_HEADER = /^(upcoming|anstehend|à venir|próximos?)\b/i;
/** One activity card; its engagement id and type (CALL, MEETING, EMAIL, NOTE, TASK) as attributes. */
export const TIMELINE_CARD = ['[data-selenium-test="timeline-card"]'] as const;
export const CARD_ID_ATTR = 'data-engagement-id';
export const CARD_TYPE_ATTR = 'data-engagement-type';
/** The card's title line ("Logged call", "Meeting"): the type when the attribute is missing. */
export const CARD_TITLE = ['[data-selenium-test="timeline-card-title"]'] as const;
export const CARD_TIMESTAMP = ['[data-selenium-test="timeline-card-timestamp"]'] as const;
export const CARD_SUBJECT = ['[data-selenium-test="timeline-card-subject"]'] as const;
/** Links to contact records inside a card (the person called, meeting attendees). */
export const CARD_CONTACT_LINK = 'a[href*="/record/0-1/"]';
/** Label/value pairs inside a card. */
export const LABEL_OUTCOME = ['Outcome', 'Call outcome', 'Meeting outcome'] as const;
export const LABEL_DIRECTION = ['Direction', 'Call direction'] as const;
export const LABEL_DURATION = ['Duration', 'Call duration'] as const;
export const LABEL_STATUS = ['Status', 'Task status'] as const;
export const LABEL_FROM = ['From'] as const;
export const LABEL_RECIPIENTS = ['To', 'Cc', 'Attendees', 'Contacted'] as const;
/** A task whose status reads like this is done (only done tasks are past activity). */
export const TASK_DONE = /^(completed|complete|done|erledigt|abgeschlossen)$/i;
