/**
 * The reflection a rep writes about a lost deal: defaults, the finish check, and the schema
 * used when a backup is imported. Pure functions; `now` is always passed in.
 */
import { z } from 'zod';
import type { Deal, LossReason, Reflection, TeamPerspective } from '../model';
import {
  CONTROLLABILITY_IDS,
  OUTCOME_IDS,
  REASON_CATEGORY_IDS,
  isClosingStage,
  normaliseLeadSource,
} from './taxonomy';

export const DEFAULT_CONTRACT_TERM_MONTHS = 12;
export const MIN_CONTRACT_TERM_MONTHS = 1;
export const MAX_CONTRACT_TERM_MONTHS = 120;

/**
 * A fresh draft for `deal`, marked lost `now`. Disposition `lost` (re-engage later), contract
 * term from the deal or 12 months, lead source from the deal (mapped onto the fixed list),
 * stage lost = the deal's current stage unless that is a CRM closing stage ("Closed Lost").
 */
export function emptyReflection(deal: Deal, now: number): Reflection {
  const r: Reflection = {
    dealId: deal.id,
    state: 'draft',
    disposition: 'lost',
    secondaryReasons: [],
    icpMisfit: '',
    prepared: '',
    missing: '',
    team: [],
    prospectSaidMattered: '',
    prospectCouldHaveChanged: '',
    repStatedReason: '',
    differently: '',
    adjustIcp: '',
    adjustProcess: '',
    adjustOther: '',
    contractTermMonths: deal.contractTermMonths ?? DEFAULT_CONTRACT_TERM_MONTHS,
    offerSummary: '',
    lostAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const leadSource = normaliseLeadSource(deal.leadSource);
  if (leadSource !== undefined) r.leadSource = leadSource;
  if (deal.stage && !isClosingStage(deal.stage)) r.stageLost = deal.stage;
  return r;
}

export interface FieldIssue {
  field: string;
  message: string;
}

const blank = (s: string | undefined): boolean => !s || s.trim() === '';

/**
 * What stops a draft from being finished; empty when it can be. This is the one-minute
 * reflection: how it ended, the primary reason and whether it was in your control, and one thing
 * you will do differently (plus the competitor's name and the contract term the dates need).
 */
export function validateForFinish(r: Reflection): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!r.outcome) issues.push({ field: 'outcome', message: 'Choose how the deal ended.' });
  if (r.outcome === 'competitor' && blank(r.competitor)) {
    issues.push({ field: 'competitor', message: 'Name the competitor who won the deal.' });
  }
  if (!r.primaryReason) {
    issues.push({ field: 'primaryReason', message: 'Choose the primary reason the deal was lost.' });
  } else if (r.primaryReason.category === 'other' && blank(r.primaryReason.detail)) {
    issues.push({ field: 'primaryReason', message: 'Describe the primary reason in your own words.' });
  }
  r.secondaryReasons.forEach((reason, i) => {
    if (reason.category === 'other' && blank(reason.detail)) {
      issues.push({ field: `secondaryReasons.${i}`, message: 'Describe this reason in your own words.' });
    }
  });
  if (blank(r.differently)) {
    issues.push({
      field: 'differently',
      message: 'Write one thing you will do differently next time.',
    });
  }
  if (r.icpFit !== undefined && !(Number.isInteger(r.icpFit) && r.icpFit >= 1 && r.icpFit <= 5)) {
    issues.push({ field: 'icpFit', message: 'Fit with the ideal customer is a score from 1 to 5.' });
  }
  const term = r.contractTermMonths;
  if (term === undefined) {
    if (r.disposition === 'lost') {
      issues.push({
        field: 'contractTermMonths',
        message: 'Enter the contract term offered (months); the re-engage call is timed from it.',
      });
    }
  } else if (!(Number.isInteger(term) && term >= MIN_CONTRACT_TERM_MONTHS && term <= MAX_CONTRACT_TERM_MONTHS)) {
    issues.push({
      field: 'contractTermMonths',
      message: `Contract term is a whole number of months from ${MIN_CONTRACT_TERM_MONTHS} to ${MAX_CONTRACT_TERM_MONTHS}.`,
    });
  }
  return issues;
}

/** Weight of each flag in the controllable share: partly counts half. */
export const CONTROLLABILITY_WEIGHT = { controllable: 1, partly: 0.5, 'not-controllable': 0 } as const;

export function reflectionReasons(r: Pick<Reflection, 'primaryReason' | 'secondaryReasons'>): LossReason[] {
  return r.primaryReason ? [r.primaryReason, ...r.secondaryReasons] : [...r.secondaryReasons];
}

/**
 * Share (0–1) of the reflection's reasons the rep could control: controllable = 1, partly = ½,
 * not controllable = 0, averaged over primary and secondary reasons. `undefined` with no reasons.
 */
export function controllabilityShare(r: Pick<Reflection, 'primaryReason' | 'secondaryReasons'>): number | undefined {
  return weightedControllability(reflectionReasons(r));
}

export function weightedControllability(reasons: readonly LossReason[]): number | undefined {
  if (reasons.length === 0) return undefined;
  const sum = reasons.reduce((acc, x) => acc + CONTROLLABILITY_WEIGHT[x.controllability], 0);
  return sum / reasons.length;
}

export interface KnownCompetitor {
  name: string;
  count: number;
}

/**
 * Distinct competitor names across reflections, matched case- and space-insensitively, most
 * used first (ties: most recently used, then alphabetical). The spelling shown is the most
 * recently used one.
 */
export function knownCompetitors(reflections: readonly Pick<Reflection, 'competitor' | 'updatedAt'>[]): KnownCompetitor[] {
  const byKey = new Map<string, { name: string; count: number; last: number }>();
  for (const r of reflections) {
    const name = r.competitor?.trim().replace(/\s+/g, ' ');
    if (!name) continue;
    const key = name.toLowerCase();
    const entry = byKey.get(key);
    if (!entry) byKey.set(key, { name, count: 1, last: r.updatedAt });
    else {
      entry.count += 1;
      if (r.updatedAt >= entry.last) {
        entry.last = r.updatedAt;
        entry.name = name;
      }
    }
  }
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count || b.last - a.last || a.name.localeCompare(b.name))
    .map(({ name, count }) => ({ name, count }));
}

// ---------------------------------------------------------------------------------------------
// Schema (backup import). `satisfies`-style exactness: a model change breaks the type-check.
// ---------------------------------------------------------------------------------------------

/** True when A and B are the same type (not merely assignable). */
export type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compile-time check: `assertExact<z.infer<typeof s>, Model>(true)`. */
export function assertExact<A, B>(ok: Exact<A, B>): void {
  void ok;
}

const time = z.number().int().nonnegative();

const lossReasonShape = z.strictObject({
  category: z.enum(REASON_CATEGORY_IDS),
  detail: z.string(),
  controllability: z.enum(CONTROLLABILITY_IDS),
});
assertExact<z.infer<typeof lossReasonShape>, LossReason>(true);
export const lossReasonSchema: z.ZodType<LossReason> = lossReasonShape;

const teamShape = z.strictObject({
  person: z.string(),
  role: z.string(),
  feltWinning: z.string(),
  feltLost: z.string(),
  why: z.string(),
});
assertExact<z.infer<typeof teamShape>, TeamPerspective>(true);

const reflectionShape = z.strictObject({
  dealId: z.string().min(1),
  state: z.enum(['draft', 'final']),
  disposition: z.enum(['lost', 'dead']),
  outcome: z.enum(OUTCOME_IDS).optional(),
  competitor: z.string().optional(),
  stageLost: z.string().optional(),
  primaryReason: lossReasonShape.optional(),
  secondaryReasons: z.array(lossReasonShape),
  leadSource: z.string().optional(),
  personalConnection: z.boolean().optional(),
  icpFit: z.number().int().min(1).max(5).optional(),
  icpMisfit: z.string(),
  prepared: z.string(),
  missing: z.string(),
  team: z.array(teamShape),
  prospectSaidMattered: z.string(),
  prospectCouldHaveChanged: z.string(),
  repStatedReason: z.string(),
  differently: z.string(),
  adjustIcp: z.string(),
  adjustProcess: z.string(),
  adjustOther: z.string(),
  contractTermMonths: z.number().int().min(MIN_CONTRACT_TERM_MONTHS).max(MAX_CONTRACT_TERM_MONTHS).optional(),
  offerSummary: z.string(),
  comparedWonDealId: z.string().optional(),
  lostAt: time,
  createdAt: time,
  updatedAt: time,
  finishedAt: time.optional(),
});
assertExact<z.infer<typeof reflectionShape>, Reflection>(true);
export const reflectionSchema: z.ZodType<Reflection> = reflectionShape;
