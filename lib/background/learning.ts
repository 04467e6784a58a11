/**
 * The background's actions for the learning loop: win reflections, debrief calls,
 * retrospectives and their adjustments, and the sample data. Like api.ts, pure of browser APIs;
 * `createApi` spreads these into the one API.
 */
import type { Clock } from '../clock';
import { requireDeal } from '../db/queries';
import type { DealDebriefDB } from '../db/schema';
import { debriefId } from '../followups/rules';
import { hash53 } from '../keys';
import type { Adjustment, AdjustmentOutcome, Debrief, Retrospective, WinReflection } from '../model';
import { ADJUSTMENT_OUTCOMES, pendingRetrospective, periodStart } from '../retrospective';
import { loadSettings } from '../db/settings';
import { markAwaitingDirty, trackedWrite } from '../db/awaiting';
import { generateSampleData, isSampleEmail, SAMPLE_PREFIX, SAMPLE_SEED, seededRandom } from '../sample-data';
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

const OUTCOME_IDS = new Set<string>(ADJUSTMENT_OUTCOMES.map((o) => o.id));

/** Every sample record: deals and what is keyed by them, their touchpoints, contacts and follow-ups. */
async function deleteSample(db: DealDebriefDB): Promise<number> {
  const dealIds = await db.deals.where('id').startsWith(SAMPLE_PREFIX).primaryKeys();
  const emails = (await db.contacts.toCollection().primaryKeys()).filter(isSampleEmail);
  const sampleTouchpoints = await db.touchpoints.where('key').startsWith(SAMPLE_PREFIX).toArray();
  markAwaitingDirty([...emails, ...sampleTouchpoints.flatMap((t) => t.contactEmails)]);
  await db.touchpoints.where('key').startsWith(SAMPLE_PREFIX).delete();
  await db.contacts.bulkDelete(emails);
  await db.deals.bulkDelete(dealIds);
  for (const table of [db.reflections, db.winReflections, db.debriefs]) await table.where('dealId').startsWith(SAMPLE_PREFIX).delete();
  await db.followUps.where('dealId').startsWith(SAMPLE_PREFIX).delete();
  return dealIds.length;
}

export function createLearningApi(db: DealDebriefDB, clock: Clock, effects: LearningEffects, random: () => number) {
  const sampleTables = [db.deals, db.contacts, db.reflections, db.winReflections, db.debriefs, db.followUps];
  return {
    /** A seeded quarter of made-up deals to look around with; loading again replaces it. */
    async loadSampleData(): Promise<{ deals: number }> {
      const sample = generateSampleData(clock.now(), seededRandom(SAMPLE_SEED));
      await trackedWrite(db, sampleTables, async () => {
        await deleteSample(db);
        markAwaitingDirty(sample.contacts.map((c) => c.email));
        await db.contacts.bulkPut(sample.contacts);
        await db.deals.bulkPut(sample.deals);
        await db.touchpoints.bulkPut(sample.touchpoints);
        await db.reflections.bulkPut(sample.reflections);
        await db.winReflections.bulkPut(sample.winReflections);
        await db.debriefs.bulkPut(sample.debriefs);
      });
      effects.refreshSoon();
      return { deals: sample.deals.length };
    },

    /** Deletes every sample record and nothing else. */
    async removeSampleData(): Promise<{ deals: number }> {
      const deals = await trackedWrite(db, sampleTables, () => deleteSample(db));
      effects.refreshSoon();
      return { deals };
    },

    async startRetrospective(): Promise<Retrospective> {
      const now = clock.now();
      return db.transaction('rw', [db.retrospectives, db.deals, db.settings], async () => {
        const all = await db.retrospectives.toArray();
        const pending = pendingRetrospective(all);
        if (pending) return pending;
        const settings = await loadSettings(db);
        const retro: Retrospective = {
          id: `retro:${hash53(`${now}|${random()}`)}`,
          periodFrom: periodStart(all, await db.deals.toArray(), now, settings.retrospectiveEveryDays),
          periodTo: now,
          notes: '',
          heldAt: 0,
          createdAt: now,
          updatedAt: now,
        };
        await db.retrospectives.add(retro);
        return retro;
      });
    },

    async saveAdjustment(args: {
      id?: string;
      retrospectiveId: string;
      who?: string;
      what?: string;
      dueAt?: number;
      outcome?: AdjustmentOutcome;
      outcomeNote?: string;
      reviewedIn?: string;
    }): Promise<Adjustment> {
      const now = clock.now();
      if (args.dueAt !== undefined && !Number.isFinite(args.dueAt)) throw new Error('The date it is due by is not a date.');
      if (args.outcome !== undefined && !OUTCOME_IDS.has(args.outcome)) throw new Error(`Not an outcome: ${String(args.outcome)}`);
      return db.transaction('rw', [db.adjustments, db.retrospectives], async () => {
        const old = args.id ? await db.adjustments.get(args.id) : undefined;
        if (args.id && !old) throw new Error('That adjustment no longer exists.');
        if (!old && !(await db.retrospectives.get(args.retrospectiveId))) throw new Error('That retrospective no longer exists.');
        const next: Adjustment = boundText({
          id: old?.id ?? `adjustment:${hash53(`${args.retrospectiveId}|${now}|${random()}`)}`,
          retrospectiveId: old?.retrospectiveId ?? args.retrospectiveId,
          who: args.who ?? old?.who ?? '',
          what: args.what ?? old?.what ?? '',
          dueAt: args.dueAt ?? old?.dueAt ?? now,
          outcome: args.outcome ?? old?.outcome ?? 'open',
          outcomeNote: args.outcomeNote ?? old?.outcomeNote ?? '',
          createdAt: old?.createdAt ?? now,
          updatedAt: now,
        });
        const reviewedIn = args.reviewedIn ?? old?.reviewedIn;
        if (reviewedIn) next.reviewedIn = reviewedIn;
        await db.adjustments.put(next);
        return next;
      });
    },

    async removeAdjustment(args: { id: string }) {
      await db.adjustments.delete(args.id);
    },

    /** The session is over: it covers up to now, and the pending retrospective follow-up is done. */
    async completeRetrospective(args: { id: string; notes: string }): Promise<Retrospective> {
      const now = clock.now();
      const done = await db.transaction('rw', [db.retrospectives, db.followUps], async () => {
        const retro = await db.retrospectives.get(args.id);
        if (!retro) throw new Error('That retrospective no longer exists.');
        const held: Retrospective = { ...retro, notes: boundText(args.notes), periodTo: retro.heldAt > 0 ? retro.periodTo : now, heldAt: retro.heldAt || now, updatedAt: now };
        await db.retrospectives.put(held);
        const pending = (await db.followUps.where('kind').equals('retrospective').toArray()).filter((f) => f.state !== 'done');
        for (const f of pending) await db.followUps.put({ ...f, state: 'done', snoozedUntil: undefined, updatedAt: now });
        return held;
      });
      effects.refreshSoon();
      return done;
    },

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
