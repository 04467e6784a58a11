/**
 * The short reflection on a won deal: why they chose us, what almost lost it, who decided, what
 * we will repeat, and the competitor we beat. Reasons use the loss taxonomy's categories, so the
 * insights can put wins and losses side by side. Pure; `now` is passed in.
 */
import { z } from 'zod';
import type { Deal, WinReflection } from '../model';
import { assertExact, type FieldIssue } from './model';
import { REASON_CATEGORY_IDS } from './taxonomy';

export function emptyWinReflection(deal: Deal, now: number): WinReflection {
  return {
    dealId: deal.id,
    state: 'draft',
    whyChoseUs: '',
    almostLost: '',
    whoDecided: '',
    repeat: '',
    wonAt: deal.closedAt ?? now,
    createdAt: now,
    updatedAt: now,
  };
}

const blank = (s: string | undefined) => !s || s.trim() === '';

/** What stops a win reflection from being saved as finished: only the reason they chose us. */
export function validateWinForFinish(r: WinReflection): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!r.whyCategory) issues.push({ field: 'whyCategory', message: 'Choose the main reason they chose us.' });
  else if (r.whyCategory === 'other' && blank(r.whyChoseUs)) {
    issues.push({ field: 'whyChoseUs', message: 'Say in your own words why they chose us.' });
  }
  return issues;
}

const time = z.number().int().nonnegative();
const winShape = z.strictObject({
  dealId: z.string().min(1),
  state: z.enum(['draft', 'final']),
  whyCategory: z.enum(REASON_CATEGORY_IDS).optional(),
  whyChoseUs: z.string(),
  almostLostCategory: z.enum(REASON_CATEGORY_IDS).optional(),
  almostLost: z.string(),
  whoDecided: z.string(),
  repeat: z.string(),
  competitorBeaten: z.string().optional(),
  wonAt: time,
  createdAt: time,
  updatedAt: time,
  finishedAt: time.optional(),
});
assertExact<z.infer<typeof winShape>, WinReflection>(true);
export const winReflectionSchema: z.ZodType<WinReflection> = winShape;
