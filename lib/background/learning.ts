/**
 * The background's actions for the learning loop: win reflections, debrief calls,
 * retrospectives and their adjustments, and the sample data. Like api.ts, pure of browser APIs;
 * `createApi` spreads these into the one API.
 */
import type { Clock } from '../clock';
import { requireDeal } from '../db/queries';
import type { DealDebriefDB } from '../db/schema';
import { debriefId } from '../followups/rules';
import type { Debrief, WinReflection } from '../model';
import { debriefSchema, withProspectView } from '../reflection/debrief';
import type { SaveWinAnswer } from '../protocol';
import { emptyWinReflection, validateWinForFinish, winReflectionSchema } from '../reflection/win';

/** Longest free text kept in one field of a reflection, debrief or retrospective. */
export const MAX_TEXT = 10_000;

/** Every string in `value` cut to MAX_TEXT characters (deeply), so nothing unbounded is stored. */
export function boundText<T>(value: T): T {
  if (typeof value === 'string') return (value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value) as T;
  if (Array.isArray(value)) return value.map(boundText) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, boundText(v)])) as T;
  }
  return value;
}

export interface LearningEffects {
  openPage(path: string): Promise<void>;
  refreshSoon(): void;
}

export function createLearningApi(db: DealDebriefDB, clock: Clock, effects: LearningEffects) {
  return {
    /** Mark won and open the short win reflection (unless told not to). */
    async markWon(args: { dealId: string; open?: boolean }) {
      const now = clock.now();
      await db.transaction('rw', [db.deals, db.winReflections], async () => {
        const deal = await requireDeal(db, args.dealId);
        const closedAt = deal.status === 'won' ? (deal.closedAt ?? now) : now;
        await db.deals.update(deal.id, { status: 'won', closedAt, updatedAt: now });
        if (!(await db.winReflections.get(deal.id))) await db.winReflections.put(emptyWinReflection({ ...deal, closedAt }, now));
      });
      if (args.open !== false) await effects.openPage(`/reflection.html?deal=${encodeURIComponent(args.dealId)}&kind=win`);
      effects.refreshSoon();
      return { dealId: args.dealId };
    },

    /** Autosave (draft) or finish a win reflection. */
    async saveWinReflection(args: { reflection: WinReflection; finish?: boolean }): Promise<SaveWinAnswer> {
      const parsed = winReflectionSchema.safeParse(boundText(args.reflection));
      if (!parsed.success) throw new Error(`Not a win reflection: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      const now = clock.now();
      await requireDeal(db, parsed.data.dealId);
      const stored = await db.winReflections.get(parsed.data.dealId);
      const wantsFinal = args.finish === true || stored?.state === 'final';
      const problems = wantsFinal ? validateWinForFinish(parsed.data) : [];
      if (problems.length && args.finish === true && stored?.state !== 'final') return { ok: false, problems };
      const finishing = wantsFinal && problems.length === 0;
      const reflection: WinReflection = {
        ...parsed.data,
        state: finishing ? 'final' : 'draft',
        createdAt: stored?.createdAt ?? now,
        updatedAt: now,
      };
      if (finishing) reflection.finishedAt = stored?.finishedAt ?? now;
      else delete reflection.finishedAt;
      await db.winReflections.put(reflection);
      if (problems.length) return { ok: false, problems };
      return { ok: true, state: reflection.state };
    },

    /**
     * Store the debrief call's answers (autosave), and put them into the reflection's prospect's
     * view. `held` marks the call done: the debrief follow-up closes.
     */
    async saveDebrief(args: { debrief: Debrief; held?: boolean }) {
      const parsed = debriefSchema.safeParse(boundText(args.debrief));
      if (!parsed.success) throw new Error(`Not a debrief: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      const now = clock.now();
      const dealId = parsed.data.dealId;
      let saved: Debrief | undefined;
      await db.transaction('rw', [db.deals, db.debriefs, db.reflections, db.followUps], async () => {
        await requireDeal(db, dealId);
        const previous = await db.debriefs.get(dealId);
        const debrief: Debrief = { ...parsed.data, createdAt: previous?.createdAt ?? now, updatedAt: now };
        if (args.held) debrief.heldAt = previous?.heldAt ?? now;
        else if (previous?.heldAt !== undefined) debrief.heldAt = previous.heldAt;
        await db.debriefs.put(debrief);
        const reflection = await db.reflections.get(dealId);
        const merged = reflection ? withProspectView(reflection, previous, debrief) : undefined;
        if (merged) await db.reflections.put({ ...merged, updatedAt: now });
        if (args.held) {
          const f = await db.followUps.get(debriefId(dealId));
          if (f && f.state !== 'done') await db.followUps.put({ ...f, state: 'done', snoozedUntil: undefined, updatedAt: now });
        }
        saved = debrief;
      });
      if (args.held) effects.refreshSoon();
      return saved!;
    },
  };
}
