/**
 * The debrief call with the decision-maker: a fresh debrief with the prepared questions, the
 * schema the background checks, and how the answers flow into the reflection's "prospect's
 * view". Pure; `now` is passed in.
 */
import { z } from 'zod';
import type { Debrief, LossOutcome, Reflection } from '../model';
import { assertExact } from './model';
import { DEBRIEF_QUESTIONS, debriefQuestions, REASON_CATEGORY_IDS } from './taxonomy';

/** The questions whose answers fill the reflection's prospect's view. */
export const MATTERED_QUESTION = DEBRIEF_QUESTIONS[0]!;
export const COULD_HAVE_CHANGED_QUESTION = DEBRIEF_QUESTIONS[3]!;

export function emptyDebrief(dealId: string, outcome: LossOutcome | undefined, now: number): Debrief {
  return {
    dealId,
    answers: debriefQuestions(outcome).map((question) => ({ question, answer: '' })),
    buyerReasonDetail: '',
    spokeWith: '',
    createdAt: now,
    updatedAt: now,
  };
}

export function answerTo(d: Pick<Debrief, 'answers'> | undefined, question: string): string {
  return d?.answers.find((a) => a.question === question)?.answer ?? '';
}

/**
 * The reflection with the debrief's answers in its prospect's view. A field the rep wrote
 * themselves is kept: it is only filled when blank or when it still holds what the previous
 * version of the debrief put there. Returns undefined when nothing changes.
 */
export function withProspectView(r: Reflection, previous: Debrief | undefined, next: Debrief): Reflection | undefined {
  const fields = [
    ['prospectSaidMattered', MATTERED_QUESTION],
    ['prospectCouldHaveChanged', COULD_HAVE_CHANGED_QUESTION],
  ] as const;
  let out: Reflection | undefined;
  for (const [field, question] of fields) {
    const current = r[field];
    const fromDebrief = answerTo(next, question);
    const owned = current.trim() !== '' && current !== answerTo(previous, question);
    if (owned || current === fromDebrief) continue;
    out = { ...(out ?? r), [field]: fromDebrief };
  }
  return out;
}

const time = z.number().int().nonnegative();
const debriefShape = z.strictObject({
  dealId: z.string().min(1),
  answers: z.array(z.strictObject({ question: z.string(), answer: z.string() })).max(20),
  buyerReason: z.enum(REASON_CATEGORY_IDS).optional(),
  buyerReasonDetail: z.string(),
  spokeWith: z.string(),
  heldAt: time.optional(),
  createdAt: time,
  updatedAt: time,
});
assertExact<z.infer<typeof debriefShape>, Debrief>(true);
export const debriefSchema: z.ZodType<Debrief> = debriefShape;
