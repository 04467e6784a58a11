/**
 * The fixed vocabulary of a loss reflection, as docs/method.md explains it ("Outcomes and reasons",
 * "Lost or dead", "The debrief call"). Pure data plus a few lookups; no UI, no storage.
 */
import type { Controllability, Deal, LossOutcome, LossReason, ReasonCategory } from '../model';

// ---------------------------------------------------------------------------------------------
// Level 0 — outcome (one, required)
// ---------------------------------------------------------------------------------------------

export interface OutcomeInfo {
  id: LossOutcome;
  label: string;
  hint: string;
}

export const OUTCOMES: readonly OutcomeInfo[] = [
  { id: 'competitor', label: 'Lost to a competitor', hint: 'Name the vendor they chose.' },
  { id: 'no-decision', label: 'No decision / status quo', hint: 'They kept doing what they did before.' },
  { id: 'disqualified', label: 'We disqualified it (poor fit)', hint: 'We chose to stop pursuing it.' },
  { id: 'went-dark', label: 'Went dark', hint: 'No decision was ever communicated.' },
  { id: 'unknown', label: 'Unknown', hint: 'We do not know yet — the debrief call may tell.' },
];

export const OUTCOME_IDS = OUTCOMES.map((o) => o.id) as [LossOutcome, ...LossOutcome[]];

export function outcomeLabel(id: LossOutcome | undefined): string {
  return OUTCOMES.find((o) => o.id === id)?.label ?? 'Not recorded';
}

/** Lost vs dead (docs/method.md, "Lost or dead"): lost is worth re-engaging later, dead is not worth more time. */
export const DISPOSITIONS = [
  {
    id: 'lost',
    label: 'Lost — worth trying again later',
    hint: 'A re-engage call is scheduled at 75% of the offered contract term.',
  },
  {
    id: 'dead',
    label: 'Dead — no more time on it',
    hint: 'No re-engage call is scheduled.',
  },
] as const;

// ---------------------------------------------------------------------------------------------
// Level 1 — reasons (one primary, any secondary), each with a controllability flag
// ---------------------------------------------------------------------------------------------

export const CONTROLLABILITY_LABELS: Record<Controllability, string> = {
  controllable: 'Controllable',
  partly: 'Partly controllable',
  'not-controllable': 'Not controllable',
};

export const CONTROLLABILITY_IDS = Object.keys(CONTROLLABILITY_LABELS) as [
  Controllability,
  ...Controllability[],
];

export interface ReasonCategoryInfo {
  id: ReasonCategory;
  label: string;
  examples: readonly string[];
  /** The taxonomy's default; `null` means "rep decides" (the form must ask). */
  defaultControllability: Controllability | null;
  /** The default as docs/method.md words it. */
  defaultNote: string;
}

export const REASON_CATEGORIES: readonly ReasonCategoryInfo[] = [
  {
    id: 'price',
    label: 'Price and commercial terms',
    examples: ['too expensive', 'budget cut', 'payment terms'],
    defaultControllability: 'partly',
    defaultNote: 'partly controllable',
  },
  {
    id: 'product-fit',
    label: 'Product fit',
    examples: ['missing capability', 'integration gap'],
    defaultControllability: 'not-controllable',
    defaultNote: 'not controllable by the rep',
  },
  {
    id: 'competitor-strength',
    label: 'Competitor strength',
    examples: ['incumbent relationship', 'better price', 'better features'],
    defaultControllability: 'partly',
    defaultNote: 'partly controllable',
  },
  {
    id: 'sales-process',
    label: 'Our sales process',
    examples: [
      'slow responses',
      'weak discovery',
      'single-threaded',
      'never reached the decision-maker',
      'poor follow-up',
      'too long a cycle',
    ],
    defaultControllability: 'controllable',
    defaultNote: 'controllable',
  },
  {
    id: 'timing',
    label: 'Timing and priorities',
    examples: ['project shelved', 'reorganisation', 'budget moved'],
    defaultControllability: 'not-controllable',
    defaultNote: 'not controllable',
  },
  {
    id: 'trust-risk',
    label: 'Trust and risk',
    examples: ['implementation risk', 'references', 'security review'],
    defaultControllability: 'partly',
    defaultNote: 'partly controllable',
  },
  {
    id: 'icp-fit',
    label: 'Fit with our ideal customer',
    examples: ['wrong size', 'wrong industry', 'wrong use case'],
    defaultControllability: 'controllable',
    defaultNote: 'controllable (we chose to pursue it)',
  },
  {
    id: 'other',
    label: 'Other',
    examples: [],
    defaultControllability: null,
    defaultNote: 'rep decides',
  },
];

export const REASON_CATEGORY_IDS = REASON_CATEGORIES.map((c) => c.id) as [
  ReasonCategory,
  ...ReasonCategory[],
];

export function reasonCategory(id: ReasonCategory): ReasonCategoryInfo {
  // Every ReasonCategory is in the table; the fallback only satisfies the type-checker.
  return REASON_CATEGORIES.find((c) => c.id === id) ?? REASON_CATEGORIES[REASON_CATEGORIES.length - 1]!;
}

export function reasonLabel(id: ReasonCategory): string {
  return reasonCategory(id).label;
}

/**
 * A new reason with the taxonomy's default controllability. For `other` ("rep decides") the
 * caller should pass the rep's choice; without one it starts at `partly` so nothing is claimed.
 */
export function lossReason(
  category: ReasonCategory,
  detail = '',
  controllability?: Controllability,
): LossReason {
  return {
    category,
    detail,
    controllability: controllability ?? reasonCategory(category).defaultControllability ?? 'partly',
  };
}

// ---------------------------------------------------------------------------------------------
// Lead sources (docs/method.md, "Outcomes and reasons")
// ---------------------------------------------------------------------------------------------

export const LEAD_SOURCES = [
  { id: 'cold-call', label: 'Cold call' },
  { id: 'warm-introduction', label: 'Warm introduction' },
  { id: 'inbound', label: 'Inbound' },
  { id: 'referral', label: 'Referral' },
  { id: 'event', label: 'Event' },
  { id: 'partner', label: 'Partner' },
  { id: 'other', label: 'Other' },
] as const;

export type LeadSourceId = (typeof LEAD_SOURCES)[number]['id'];

/** Keyword rules for CRM values such as HubSpot's `ORGANIC_SEARCH` or "Trade Show". */
const LEAD_SOURCE_RULES: ReadonlyArray<[RegExp, LeadSourceId]> = [
  [/\bcold|\boutbound\b|\bprospecting\b/, 'cold-call'],
  [/\bwarm\b|\bintro/, 'warm-introduction'],
  [/referr/, 'referral'],
  [/\bpartner|\breseller|\bchannel\b/, 'partner'],
  [/\bevents?\b|trade ?show|conference|webinar|\bexpo\b|meetup/, 'event'],
  [/\b(inbound|organic|website|web|search|seo|direct traffic|social|content|email marketing|paid|ads|advertising|form)\b/, 'inbound'],
];

/**
 * Maps a CRM or hand-typed lead source onto the fixed list (`'Warm Intro'` → `warm-introduction`).
 * Unrecognised non-empty text is returned trimmed, so nothing the CRM said is thrown away;
 * empty input gives `undefined`.
 */
export function normaliseLeadSource(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const lower = text.toLowerCase().replace(/[_-]+/g, ' ');
  const exact = LEAD_SOURCES.find((s) => s.id.replace('-', ' ') === lower || s.label.toLowerCase() === lower);
  if (exact) return exact.id;
  for (const [re, id] of LEAD_SOURCE_RULES) if (re.test(lower)) return id;
  return text;
}

export function leadSourceLabel(source: string | undefined): string {
  if (!source) return 'Not recorded';
  return LEAD_SOURCES.find((s) => s.id === source)?.label ?? source;
}

// ---------------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------------

/** Used when the CRM's own stage list is unknown. */
export const STANDARD_STAGES: readonly string[] = [
  'Prospecting',
  'Discovery',
  'Qualification',
  'Demo',
  'Proposal',
  'Negotiation',
  'Contract',
];

/**
 * Losses in the first this-many stages of a deal's list are "early" (docs/method.md, "Adjustments"): if
 * prospects drop early, re-evaluate the buyer personas and who marketing targets.
 */
export const EARLY_STAGE_COUNT = 2;

/** The deal's CRM stage list when known, otherwise the standard list. */
export function stageListFor(deal: Pick<Deal, 'stages'> | undefined): readonly string[] {
  return deal?.stages && deal.stages.length > 0 ? deal.stages : STANDARD_STAGES;
}

/** Position of `stage` in `stages`, case-insensitive; -1 when absent. */
export function stageIndex(stages: readonly string[], stage: string | undefined): number {
  if (!stage) return -1;
  const s = stage.trim().toLowerCase();
  return stages.findIndex((x) => x.trim().toLowerCase() === s);
}

export function isEarlyStage(stages: readonly string[], stage: string | undefined): boolean {
  const i = stageIndex(stages, stage);
  return i >= 0 && i < EARLY_STAGE_COUNT;
}

/** CRM pseudo-stages ("Closed Lost") are not where a deal was lost. */
export function isClosingStage(stage: string | undefined): boolean {
  return !!stage && /\b(closed|won|lost)\b/i.test(stage);
}

// ---------------------------------------------------------------------------------------------
// Debrief call (docs/method.md, "The debrief call")
// ---------------------------------------------------------------------------------------------

/** The one rule for the call: accepting the loss puts the prospect at ease. */
export const DEBRIEF_GUIDANCE = "Tell them we won't try to change their mind; listen more than speak.";

/** How to run the call. */
export const DEBRIEF_TIPS: readonly string[] = [
  'Thank them sincerely for considering us.',
  "Don't debate, object or defend; don't push for detailed explanations.",
  'When an answer is unclear, politely ask for an example or a little more detail.',
  "Don't ask for a follow-up meeting; keep the relationship warm.",
];

const VENDOR_QUESTION = 'What did the vendor you chose do better?';

/** Prepared questions, positive and forward-looking. */
export const DEBRIEF_QUESTIONS: readonly string[] = [
  'What mattered most to you in the decision?',
  'Which options did you weigh?',
  VENDOR_QUESTION,
  'What could we have changed, offered or done differently?',
  'May we check back with you later?',
];

/** The questions for an outcome: the vendor question only when a vendor may have won. */
export function debriefQuestions(outcome?: LossOutcome): string[] {
  const vendorPossible = outcome === undefined || outcome === 'competitor' || outcome === 'unknown';
  return DEBRIEF_QUESTIONS.filter((q) => q !== VENDOR_QUESTION || vendorPossible);
}

/** Lines for a debrief follow-up's `details`: the guidance, the tips, then the questions. */
export function debriefDetails(outcome?: LossOutcome): string[] {
  return [DEBRIEF_GUIDANCE, ...DEBRIEF_TIPS, ...debriefQuestions(outcome)];
}
