/**
 * What the background does when asked: the single writer's actions. Pure of browser APIs,
 * time and chance: effects on tabs, badge and storage come in through `effects`, the time
 * through `clock` and new ids' randomness through `random`, so tests run it against
 * fake-indexeddb with a fake clock.
 */
import type { PageContext } from '../capture/events';
import { refusedMessage, senderContext, siteOfUrl } from '../capture/acceptance';
import { unusableContext } from '../capture/schemas';
import type { Clock } from '../clock';
import { deleteTouchpoint, ingest, linkContactTouchpoints, putTouchpoint, reclassifyEmails, resolveDeal } from '../db/ingest';
import { markAwaitingDirty, trackedWrite } from '../db/awaiting';
import { holdReadCache } from '../db/read-cache';
import type { DealDebriefDB } from '../db/schema';
import { linkThreadTouchpoints, requireDeal, touchpointsOfContactBetween } from '../db/queries';
import { READS } from '../db/reads';
import { loadSettings, storeSettings } from '../db/settings';
import { hash53, hashedKey } from '../keys';
import { isLostOrDead, type Deal, type FollowUp, type Reflection, type Settings, type Touchpoint } from '../model';
import { normaliseLeadSource } from '../reflection/taxonomy';
import type { DealPatch, Handlers, StorageStatus } from '../protocol';
import { sayStorageFailures, storageProblem } from '../db/health';
import { emptyReflection, validateForFinish } from '../reflection/model';
import { followUpsForReflection, mergeRuleFollowUps, debriefId, reengageId } from '../followups/rules';
import { snoozeUntil } from '../followups/due';
import { calendarFromSettings } from '../worktime';
import { validateSettings } from '../settings';
import { parseBackup, type Backup, type ParseResult } from '../backup-format';
import { collectBackup, restoreBackup } from '../db/backup';
import { companyDomain, normaliseEmail } from '../addresses';
import { customHostProblem } from '../custom-hosts';
import { gmailThreadUrl } from '../links';
import { FORGET_EVERYTHING_CONFIRMATION, MAX_NEVER_CAPTURE, neverCaptureMatcher, parseNeverCapture, PAUSED_UNTIL_RESUMED } from '../capture-control';
import { forgetContact, forgetEverything, forgetMatching } from '../db/forget';
import { notStoredMessage, storeIsolating } from '../capture/isolate';
import { errorName } from './held';
import { admitEvents, prepareEvents } from '../capture/admit';
import { countHeld, dropHeldSendings, holdEvents } from '../db/held';

/** What the sidebar's handle shows: the count of what needs attention here, and a pause. */
export interface HandleMessage {
  dd: 'handle';
  count: number;
  paused: boolean;
}
import { createLearningApi } from './learning';

export interface Effects {
  /** Remember what a tab's page shows, for its sidebar. */
  setTabContext(tabId: number, context: PageContext): Promise<void>;
  getTabContext(tabId: number): Promise<PageContext | undefined>;
  openPage(path: string): Promise<void>;
  openUrl(url: string): Promise<void>;
  /** Recompute reply follow-ups and the badge soon (coalesced). */
  refreshSoon(): void;
  setClockOffset?(ms: number): Promise<void>;
  /** Test builds only: run a keyboard command's handler (headless Chromium has no shortcuts). */
  runCommand?(command: string): Promise<void>;
  /** Run the sidebar and call capture on these extra CRM hosts (permission already granted). */
  registerCustomHosts(hosts: string[]): Promise<void>;
  /** Tell the page's own content script (top frame) something, e.g. the handle's count. */
  messageTab?(tabId: number, message: HandleMessage): Promise<void>;
  /** Test builds only: every database write fails as if the disk were full while set. */
  simulateFullStorage?(full: boolean): void;
  /** Test builds only: writes of the touchpoint with this key fail as a defect would while set. */
  simulateFaultyItem?(key: string | undefined): void;
  /**
   * Keep events the database refused alone (lib/db/held.ts, retried by lib/background/held.ts). Without it, a
   * batch with such an event is refused whole and waits in the page's outbox.
   */
  held?: boolean;
}

/** Whether the database takes writes; shared by the capture path and the database's own signals. */
export interface StorageHealth {
  status: StorageStatus;
  set(problem: string | undefined, now: number): void;
}

export function createStorageHealth(): StorageHealth {
  const health: StorageHealth = {
    status: { problem: null, since: null },
    set(problem, now) {
      if ((problem ?? null) === health.status.problem) return;
      health.status = problem === undefined ? { problem: null, since: null } : { problem, since: now };
    },
  };
  return health;
}

/** Why a tab's sidebar shows "capture paused" because of storage (cleared once a write works). */
const STORAGE_PAUSE = 'storage';

export function createApi(db: DealDebriefDB, clock: Clock, effects: Effects, random: () => number, storage: StorageHealth = createStorageHealth()) {
  /**
   * Capture could not be written: the tab's sidebar says "capture paused: <why>" and the
   * options page shows it. The caller rethrows, so the content script's outbox keeps the events
   * and sends them again until they can be written.
   */
  const storagePausedTabs = new Set<number>();
  async function storageFailed(error: unknown, tabId: number | undefined, context: PageContext | undefined, url: string | undefined): Promise<never> {
    const problem = storageProblem(error);
    storage.set(problem, clock.now());
    if (tabId !== undefined) {
      const shown = context ?? (await effects.getTabContext(tabId));
      const site = shown?.site;
      if (site && (shown.status === 'ok' || shown.pausedReason === STORAGE_PAUSE)) {
        storagePausedTabs.add(tabId);
        await effects.setTabContext(tabId, { ...shown, url: shown.url ?? url ?? '', status: 'paused', pausedReason: STORAGE_PAUSE, pauseMessage: problem });
      }
    }
    throw new Error(`capture paused: ${problem}`);
  }

  async function scheduleForReflection(deal: Deal, reflection: Reflection): Promise<void> {
    const settings = await loadSettings(db);
    const now = clock.now();
    const wanted = followUpsForReflection(deal, reflection, settings, now);
    await db.transaction('rw', db.followUps, async () => {
      const existing = await db.followUps.bulkGet(wanted.map((w) => w.id));
      await db.followUps.bulkPut(mergeRuleFollowUps(existing, wanted));
      // A deal now marked dead gets no re-engage call.
      if (reflection.disposition === 'dead') await db.followUps.delete(reengageId(deal.id));
    });
  }

  const handlers = {
    // Win reflections, debriefs, retrospectives, sample data (lib/background/learning.ts).
    ...createLearningApi(db, clock, effects, random),

    async capture(args, sender) {
      const control = await loadSettings(db);
      // Checked and admitted (lib/capture/admit.ts): what the page may hand over, as it sent it.
      const site = siteOfUrl(sender.url, control.customCrmHosts);
      const admitted = admitEvents(args.events, sender.url, control, clock.now());
      const { rejected, refused: refusedHere, events } = admitted;
      // Copies ready for ingest; an event that fails alone is kept as it was admitted, and the
      // retry prepares it again the same way.
      const prepared = prepareEvents(events, clock.offsetMs?.() ?? 0);
      const admittedOf = new Map(prepared.map((p, i) => [p, events[i]!]));
      const previous = sender.tabId !== undefined ? await effects.getTabContext(sender.tabId) : undefined;
      const failedContext = () => (args.context === undefined ? previous : senderContext(args.context, sender.url, control.customCrmHosts, previous?.site));
      // A batch that fails for another reason than the storage itself is split to store all
      // the rest; the events that fail alone are kept here (lib/background/held.ts) instead of
      // holding up the page's later captures, and the page says so.
      const held = effects.held === true;
      const now = clock.now();
      // An undone send is never stored: one kept to be tried again goes first, so the retry cannot
      // store it after this batch's ingest has deleted a stored one.
      const undone = events.flatMap((e) => (e.kind === 'send-undone' ? [e.composeId] : []));
      if (held && undone.length) await dropHeldSendings(db, undone).catch((error: unknown) => storageFailed(error, sender.tabId, failedContext(), sender.url));
      const isolated = prepared.length
        ? await storeIsolating(prepared, (part) => ingest(db, part, now), held ? undefined : () => true).catch((error: unknown) =>
            storageFailed(error, sender.tabId, failedContext(), sender.url),
          )
        : { results: [], failed: [] };
      const { failed } = isolated;
      if (failed.length && held) {
        // A send taken back by an Undo later in this same batch is not kept: it never happened.
        const undoneAfter = (e: (typeof events)[number]) => e.kind === 'sending' && events.slice(events.indexOf(e) + 1).some((u) => u.kind === 'send-undone' && u.composeId === e.composeId);
        const entries = failed
          .map((f) => ({ event: admittedOf.get(f.event) ?? f.event, site, url: sender.url ?? '', at: now, error: errorName(f.error) }))
          .filter((h) => !undoneAfter(h.event));
        // Too many kept already: refused whole, as before, and the outbox keeps the batch.
        const kept = await holdEvents(db, entries).catch(() => false);
        if (!kept) await storageFailed(failed[0]!.error, sender.tabId, failedContext(), sender.url);
      }
      const result = {
        stored: isolated.results.reduce((n, r) => n + r.stored, 0),
        deals: isolated.results.flatMap((r) => r.deals),
        refused: isolated.results.flatMap((r) => r.refused ?? []),
      };
      if (prepared.length) storage.set(undefined, clock.now());
      // A report the background cannot use, or one about another site or page, pauses the sidebar
      // for this tab (never leaves the previous page's context showing).
      let context = args.context === undefined ? undefined : senderContext(args.context, sender.url, control.customCrmHosts, previous?.site);
      // Items refused for not belonging to this page, or for not passing their schema, are counted
      // and shown as a pause on it until the page changes, never dropped without a word.
      // Items kept because they could not be stored are counted the same way.
      const refusedNow = rejected.length + refusedHere.length + result.refused.length;
      const carried = previous?.refused && previous.refused.url === sender.url ? previous.refused.count : 0;
      const heldCarried = previous?.notStored && previous.notStored.url === sender.url ? previous.notStored.count : 0;
      if (site && sender.url !== undefined && refusedNow + carried + failed.length + heldCarried > 0) {
        const count = refusedNow + carried;
        const notStored = failed.length + heldCarried;
        const { refused: _r, notStored: _n, ...base } = context ?? (previous && (carried + heldCarried > 0 || (failed.length > 0 && previous.url === sender.url)) ? previous : unusableContext(site, sender.url));
        const said = [count > 0 && refusedMessage(count), notStored > 0 && notStoredMessage(notStored)].filter((m) => m !== false);
        context = {
          ...base,
          status: 'paused',
          pausedReason: count > 0 ? 'items refused' : 'items not stored',
          pauseMessage: said.join('; '),
          ...(count > 0 && { refused: { url: sender.url, count } }),
          ...(notStored > 0 && { notStored: { url: sender.url, count: notStored } }),
        };
      }
      // Written again after a storage problem: the sidebar of a tab that sent no new context
      // stops saying capture is paused.
      if (!context && sender.tabId !== undefined && storagePausedTabs.delete(sender.tabId) && previous?.pausedReason === STORAGE_PAUSE) {
        const { pauseMessage: _m, pausedReason: _r, ...rest } = previous;
        await effects.setTabContext(sender.tabId, { ...rest, status: 'ok' });
      }
      if (context && sender.tabId !== undefined) {
        // The sidebar of a deal page needs the deal's stored id.
        const withDeal = context.view === 'deal' && !context.dealId && result.deals[0] ? { ...context, dealId: result.deals[0] } : context;
        await effects.setTabContext(sender.tabId, withDeal);
      }
      if (result.stored > 0) effects.refreshSoon();
      return { stored: result.stored, rejected: [...rejected, ...refusedHere] };
    },

    async handleState(args, sender) {
      const count = Math.max(0, Math.min(999, Math.floor(Number(args.count) || 0)));
      if (sender.tabId !== undefined) await effects.messageTab?.(sender.tabId, { dd: 'handle', count, paused: args.paused === true });
    },

    async whoami(_args, sender) {
      return { tabId: sender.tabId ?? null };
    },

    async tabContext(args) {
      return (await effects.getTabContext(args.tabId)) ?? null;
    },

    async now() {
      return clock.now();
    },

    /** A read on behalf of the sidebar, which cannot open IndexedDB itself (see lib/db/reads.ts). */
    async read(args) {
      const fn = Object.hasOwn(READS, args.name) ? (READS[args.name] as (d: DealDebriefDB, a: unknown) => Promise<unknown>) : undefined;
      if (!fn) throw new Error(`Unknown read "${String(args.name)}".`);
      return fn(db, args.args);
    },

    async createLocalDeal(args) {
      const now = clock.now();
      const emails = [...new Set(args.contactEmails.map((e) => e.toLowerCase()))];
      const domain = emails[0] ? companyDomain(emails[0]) : undefined;
      const name = args.name?.trim() || (domain ? domain : 'New deal');
      const deal: Deal = {
        id: `local:${hash53(`${name}|${now}|${random()}`)}`,
        source: 'local',
        name,
        status: 'open',
        contactEmails: emails,
        threadIds: args.threadId ? [args.threadId] : [],
        openedAt: now,
        firstSeenAt: now,
        updatedAt: now,
      };
      await trackedWrite(db, [db.deals], async () => {
        await db.deals.put(deal);
        if (args.threadId) await linkThreadTouchpoints(db, deal.id, args.threadId);
        deal.openedAt = Math.min(deal.openedAt, await linkContactTouchpoints(db, deal));
        await db.deals.put(deal);
      });
      effects.refreshSoon();
      return deal;
    },

    async linkThread(args) {
      await trackedWrite(db, [db.deals], async () => {
        const deal = await requireDeal(db, args.dealId);
        deal.threadIds = [...new Set([...deal.threadIds, args.threadId])];
        deal.contactEmails = [...new Set([...deal.contactEmails, ...args.contactEmails.map((e) => e.toLowerCase())])];
        deal.updatedAt = clock.now();
        await db.deals.put(deal);
        await linkThreadTouchpoints(db, deal.id, args.threadId);
        deal.openedAt = Math.min(deal.openedAt, await linkContactTouchpoints(db, deal));
        await db.deals.put(deal);
      });
      effects.refreshSoon();
    },

    async updateDeal(args) {
      if (args.patch?.name === null) throw new Error('A deal needs a name.');
      // A field cleared in the sidebar arrives as null (see DealPatch); on the deal it goes.
      const p = Object.fromEntries(Object.entries(args.patch ?? {}).map(([k, v]) => [k, v === null ? undefined : v])) as { [K in keyof DealPatch]?: Exclude<DealPatch[K], null> };
      if (p.contractTermMonths !== undefined && (!Number.isInteger(p.contractTermMonths) || p.contractTermMonths < 1 || p.contractTermMonths > 120)) {
        throw new Error('Contract term must be a whole number of months between 1 and 120.');
      }
      if (p.amount !== undefined && (!Number.isFinite(p.amount) || p.amount < 0)) throw new Error('Amount must be a positive number.');
      if (p.name !== undefined && !p.name.trim()) throw new Error('A deal needs a name.');
      if (p.currency !== undefined && !/^[A-Z]{3}$/.test(p.currency)) throw new Error('Currency must be a three-letter code such as USD or EUR.');
      const now = clock.now();
      let lost: { deal: Deal; reflection: Reflection } | undefined;
      await db.transaction('rw', [db.deals, db.reflections], async () => {
        const deal = await requireDeal(db, args.dealId);
        await db.deals.update(args.dealId, { ...p, updatedAt: now });
        // The reflection repeats the deal's term and lead source, and its autosave writes them
        // back onto the deal: it takes the edit too (an open reflection page follows it).
        const reflection = await db.reflections.get(args.dealId);
        if (!reflection || !('contractTermMonths' in p || 'leadSource' in p)) return;
        const next: Reflection = { ...reflection, updatedAt: now };
        if ('contractTermMonths' in p) next.contractTermMonths = p.contractTermMonths;
        if ('leadSource' in p) next.leadSource = normaliseLeadSource(p.leadSource);
        for (const k of ['contractTermMonths', 'leadSource'] as const) if (next[k] === undefined) delete next[k];
        await db.reflections.put(next);
        if (isLostOrDead(deal)) lost = { deal: { ...deal, ...p }, reflection: next };
      });
      // A lost deal's re-engage call follows its term.
      if (lost) {
        await scheduleForReflection(lost.deal, lost.reflection);
        effects.refreshSoon();
      }
    },

    /** Mark lost and start (or resume) the reflection. Opens the reflection page unless told not to. */
    async markLost(args) {
      const now = clock.now();
      const deal = await requireDeal(db, args.dealId);
      let reflection: Reflection | undefined;
      await db.transaction('rw', [db.deals, db.reflections, db.followUps], async () => {
        if (!isLostOrDead(deal)) {
          await db.deals.update(deal.id, { status: 'lost', closedAt: now, updatedAt: now });
          // Lost again after a reopen: the follow-ups closed by the reopen start over.
          await db.followUps.bulkDelete([debriefId(deal.id), reengageId(deal.id)]);
        }
        reflection = await db.reflections.get(deal.id);
        if (reflection && deal.status === 'open') {
          // Lost again after a reopen: a loss, whatever the last one was judged (the reflection
          // can judge it dead again), so the deal and its reflection agree.
          reflection = { ...reflection, disposition: 'lost', lostAt: now, updatedAt: now };
          await db.reflections.put(reflection);
        }
        if (!reflection) {
          reflection = emptyReflection({ ...deal, status: 'lost', closedAt: now }, now);
          await db.reflections.put(reflection);
        }
      });
      // Marking lost schedules the debrief (and re-engage) call at once; the reflection refines them.
      if (reflection) await scheduleForReflection({ ...deal, status: 'lost', closedAt: deal.closedAt ?? now }, reflection);
      if (args.open !== false) await effects.openPage(`/reflection.html?deal=${encodeURIComponent(deal.id)}`);
      effects.refreshSoon();
      return { dealId: deal.id };
    },

    /** The deal came back: open again, its loss follow-ups closed. The reflection is kept. */
    async reopenDeal(args) {
      const now = clock.now();
      await requireDeal(db, args.dealId);
      await db.transaction('rw', [db.deals, db.followUps], async () => {
        await db.deals.update(args.dealId, { status: 'open', closedAt: undefined, updatedAt: now });
        for (const id of [debriefId(args.dealId), reengageId(args.dealId)]) {
          const f = await db.followUps.get(id);
          if (f && f.state !== 'done') await db.followUps.put({ ...f, state: 'done', reason: `${f.reason} (deal reopened)`, updatedAt: now });
        }
      });
      effects.refreshSoon();
    },

    /** Autosave (draft) or finish. Finishing validates and schedules the follow-ups. */
    async saveReflection(args) {
      const now = clock.now();
      const deal = await requireDeal(db, args.reflection.dealId);
      const stored = await db.reflections.get(deal.id);
      const wantsFinal = args.finish === true || stored?.state === 'final';
      const problems = wantsFinal ? validateForFinish(args.reflection) : [];
      // Finishing with problems is refused — but what was typed is kept, as a draft: an edit
      // that makes a finished reflection incomplete turns it back into a draft until fixed.
      if (problems.length && args.finish === true && stored?.state !== 'final') return { ok: false as const, problems };
      const finishing = wantsFinal && problems.length === 0;
      const reflection: Reflection = {
        ...args.reflection,
        state: finishing ? 'final' : 'draft',
        createdAt: stored?.createdAt ?? now,
        updatedAt: now,
        finishedAt: finishing ? (stored?.finishedAt ?? now) : undefined,
      };
      // A reopened (or won) deal keeps its status: only a lost deal's reflection decides lost vs dead.
      const closed = isLostOrDead(deal);
      await db.transaction('rw', [db.reflections, db.deals], async () => {
        await db.reflections.put(reflection);
        await db.deals.update(deal.id, {
          ...(closed ? { status: reflection.disposition === 'dead' ? ('dead' as const) : ('lost' as const) } : {}),
          contractTermMonths: reflection.contractTermMonths ?? deal.contractTermMonths,
          leadSource: reflection.leadSource ?? deal.leadSource,
          updatedAt: now,
        });
      });
      // Every save keeps the follow-ups in step with what the reflection says (never duplicated).
      if (closed) await scheduleForReflection(deal, reflection);
      effects.refreshSoon();
      if (problems.length) return { ok: false as const, problems };
      return { ok: true as const, state: reflection.state };
    },

    async logTouchpoint(args) {
      const now = clock.now();
      if (!Number.isFinite(args.at)) throw new Error('The time is not a valid date.');
      if (args.durationMinutes !== undefined && (!Number.isFinite(args.durationMinutes) || args.durationMinutes < 0)) {
        throw new Error('Duration must be zero or more minutes.');
      }
      const emails = args.contactEmail ? [args.contactEmail.toLowerCase()] : [];
      const key = args.key ?? `manual:${hashedKey(args.channel, emails, args.at).slice(2)}-${hash53(String(now))}`;
      const existing = await db.touchpoints.get(key);
      const tp: Touchpoint = {
        key,
        channel: args.channel,
        direction: args.direction ?? existing?.direction ?? 'outbound',
        at: args.at,
        contactEmails: emails,
        to: [],
        cc: [],
        subject: existing?.subject,
        dealId: args.dealId ?? existing?.dealId ?? (await resolveDeal(db, undefined, emails)),
        capturedFrom: existing?.capturedFrom ?? 'manual',
        provenance: existing?.provenance ?? 'manual',
        durationMinutes: args.durationMinutes,
        outcome: args.outcome,
        note: args.note,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await trackedWrite(db, [], () => putTouchpoint(db, tp));
      effects.refreshSoon();
      return tp;
    },

    /** Delete from any timeline. A captured message is also never captured again (the page would bring it back). */
    async deleteTouchpoint(args) {
      const t = await db.touchpoints.get(args.key);
      await trackedWrite(db, [db.settings], async () => {
        await deleteTouchpoint(db, args.key);
        if (t && t.capturedFrom !== 'manual') {
          const settings = await loadSettings(db);
          const entry = `message:${args.key}`;
          if (!settings.neverCapture.includes(entry)) await storeSettings(db, { ...settings, neverCapture: [...settings.neverCapture, entry].slice(-MAX_NEVER_CAPTURE) });
        }
      });
      effects.refreshSoon();
    },

    /** Never capture an address, a domain or a conversation again; what was stored for it is deleted. */
    async addNeverCapture(args) {
      const parsed = parseNeverCapture(args.entry);
      if (!parsed.ok) throw new Error(parsed.error);
      const settings = await loadSettings(db);
      if (!settings.neverCapture.includes(parsed.entry) && settings.neverCapture.length >= MAX_NEVER_CAPTURE) {
        throw new Error('The never-capture list is full (5,000 entries): remove some first.');
      }
      const entries = settings.neverCapture.includes(parsed.entry) ? settings.neverCapture : [...settings.neverCapture, parsed.entry];
      await storeSettings(db, { ...settings, neverCapture: entries });
      const forgotten = await forgetMatching(db, neverCaptureMatcher([parsed.entry]));
      effects.refreshSoon();
      return { entries, forgotten };
    },

    async removeNeverCapture(args) {
      const settings = await loadSettings(db);
      const entries = settings.neverCapture.filter((e) => e !== args.entry);
      await storeSettings(db, { ...settings, neverCapture: entries });
      return { entries };
    },

    /** Pause capture on a site for an hour, until the next working day starts, or until resumed. */
    async pauseCapture(args) {
      const settings = await loadSettings(db);
      const now = clock.now();
      const until =
        args.duration === 'hour'
          ? now + 3_600_000
          : args.duration === 'tomorrow'
            ? (() => {
                const r = snoozeUntil('tomorrow', now, calendarFromSettings(settings));
                return r.ok ? r.at : now + 86_400_000;
              })()
            : PAUSED_UNTIL_RESUMED;
      await storeSettings(db, { ...settings, capturePausedUntil: { ...settings.capturePausedUntil, [args.site]: until } });
      return { until };
    },

    async resumeCapture(args) {
      const settings = await loadSettings(db);
      const next = { ...settings.capturePausedUntil };
      delete next[args.site];
      await storeSettings(db, { ...settings, capturePausedUntil: next });
    },

    /** Delete everything about one contact (their address stays capturable unless put on the never-capture list). */
    async forgetContact(args) {
      // A contact stored under an address the grammar no longer reads can still be deleted by it.
      const email = normaliseEmail(args.email) ?? (await db.contacts.get(String(args.email ?? '').trim().toLowerCase()))?.email;
      if (!email) throw new Error(`"${String(args.email)}" is not an email address.`);
      // Captured events kept to be tried again change in the same transaction (lib/db/forget.ts).
      const forgotten = await forgetContact(db, email);
      effects.refreshSoon();
      return forgotten;
    },

    /** Delete every record; the settings stay. Refused unless the rep typed the confirmation. */
    async forgetEverything(args) {
      if (String(args.confirm ?? '').trim().toLowerCase() !== FORGET_EVERYTHING_CONFIRMATION) {
        throw new Error(`Type "${FORGET_EVERYTHING_CONFIRMATION}" to confirm.`);
      }
      // Captured events kept to be tried again go in the same transaction (lib/db/forget.ts).
      await forgetEverything(db);
      effects.refreshSoon();
    },

    /**
     * The rep says a contact's messages up to `upTo` need no reply (a thank-you, an
     * out-of-office): they stop waiting, and the flag and the badge count go with them.
     * Only messages the contact sent (or calls they made) are marked; a prospect copied on
     * someone else's message changes nothing for that sender.
     */
    async noReplyNeeded(args) {
      const email = String(args.contactEmail ?? '').trim().toLowerCase();
      if (!email) throw new Error('Whose message needs no reply?');
      const upTo = Number.isFinite(args.upTo) ? Number(args.upTo) : clock.now();
      const now = clock.now();
      let marked = 0;
      await trackedWrite(db, [], async () => {
        const tps = await touchpointsOfContactBetween(db, email, 0, upTo);
        const mark = tps.filter(
          (t) => t.direction === 'inbound' && !t.noReplyNeeded && (t.from === undefined ? t.channel !== 'email' : t.from === email),
        );
        marked = mark.length;
        if (mark.length) {
          await db.touchpoints.bulkPut(mark.map((t) => ({ ...t, noReplyNeeded: true, updatedAt: now })));
          // A call can name several prospects: each of them waits on it no longer.
          markAwaitingDirty(mark.flatMap((t) => t.contactEmails));
        }
      });
      effects.refreshSoon();
      return { marked };
    },

    async followUpDone(args) {
      const f = await db.followUps.get(args.id);
      if (!f) throw new Error('That follow-up no longer exists.');
      const snoozedUntil = args.done === false && Number.isFinite(args.snoozedUntil) ? Number(args.snoozedUntil) : undefined;
      const state = args.done !== false ? 'done' : snoozedUntil !== undefined ? 'snoozed' : 'open';
      await db.followUps.put({ ...f, state, snoozedUntil, updatedAt: clock.now() });
      effects.refreshSoon();
    },

    async snoozeFollowUp(args) {
      const f = await db.followUps.get(args.id);
      if (!f) throw new Error('That follow-up no longer exists.');
      const settings = await loadSettings(db);
      const result = snoozeUntil(args.option, clock.now(), calendarFromSettings(settings));
      if (!result.ok) throw new Error(result.error);
      const until = result.at;
      await db.followUps.put({ ...f, state: 'snoozed', snoozedUntil: until, notifiedAt: undefined, updatedAt: clock.now() });
      effects.refreshSoon();
      return { until };
    },

    async addFollowUp(args) {
      const now = clock.now();
      if (!Number.isFinite(args.dueAt)) throw new Error('The reminder needs a valid time.');
      const reason = args.reason.trim() || 'Reminder';
      const f: FollowUp = {
        id: `manual:${hash53(`${reason}|${now}|${random()}`)}`,
        kind: 'manual',
        dueAt: args.dueAt,
        state: 'open',
        dealId: args.dealId,
        contactEmail: args.contactEmail,
        threadId: args.threadId,
        reason,
        createdAt: now,
        updatedAt: now,
      };
      await db.followUps.put(f);
      effects.refreshSoon();
      return f;
    },

    /** Focus the item's Gmail thread or CRM record (or open it). */
    async openFollowUp(args) {
      const f = await db.followUps.get(args.id);
      if (!f) throw new Error('That follow-up no longer exists.');
      // The debrief call and the retrospective have pages of their own.
      if (f.kind === 'debrief' && f.dealId) return effects.openPage(`/debrief.html?deal=${encodeURIComponent(f.dealId)}`);
      if (f.kind === 'retrospective') return effects.openPage('/retrospective.html');
      const deal = f.dealId ? await db.deals.get(f.dealId) : undefined;
      const threadUrl = f.threadId ? gmailThreadUrl(f.threadId) : undefined;
      if (threadUrl) return effects.openUrl(threadUrl);
      if (deal?.url) return effects.openUrl(deal.url);
      if (f.contactEmail) return effects.openUrl(`https://mail.google.com/mail/u/0/#search/${encodeURIComponent(f.contactEmail)}`);
      if (f.dealId) return effects.openPage(`/reflection.html?deal=${encodeURIComponent(f.dealId)}`);
    },

    async getSettings() {
      return loadSettings(db);
    },

    async saveSettings(args) {
      const before = await loadSettings(db);
      // The never-capture list and pauses change only through their own requests (adding an
      // entry deletes data; a form opened earlier must not bring back an old list).
      const checked = validateSettings({ ...args.settings, neverCapture: before.neverCapture, capturePausedUntil: before.capturePausedUntil });
      if (!checked.ok) return checked;
      const who = (s: Settings) => JSON.stringify([s.ownAddresses, s.detectedAddresses, s.internalDomains]);
      await trackedWrite(db, [db.settings], async () => {
        await storeSettings(db, checked.settings);
        if (who(before) !== who(checked.settings)) await reclassifyEmails(db, checked.settings);
      });
      effects.refreshSoon();
      return checked;
    },

    /** Small databases only (a message carries it); the options page exports where the data is (lib/db/backup.ts). */
    async exportBackup(args) {
      return JSON.parse(await collectBackup(db, clock.now(), args ? args.includeSample === true : false)) as Backup;
    },

    /** All or nothing: a malformed file changes nothing. */
    async importBackup(args) {
      let json: unknown;
      try {
        json = JSON.parse(args.text);
      } catch {
        return parseBackup(args.text) as Extract<ParseResult, { ok: false }>;
      }
      const result = await restoreBackup(db, json);
      if (result.ok) effects.refreshSoon();
      return result;
    },

    /** The options page is about to restore a backup itself: capture batches read everything until it has ended. */
    async restoring() {
      holdReadCache(db, true);
    },

    /** The options page's restore has ended, written or not: the badge and reminders catch up. */
    async restored() {
      // What capture batches kept of the old data goes too, and they keep what they read again.
      holdReadCache(db, false);
      effects.refreshSoon();
    },

    async addCustomHost(args) {
      const problem = customHostProblem(args.host);
      if (problem) throw new Error(problem);
      const settings = await loadSettings(db);
      const hosts = [...new Set([...settings.customCrmHosts, args.host])];
      await storeSettings(db, { ...settings, customCrmHosts: hosts });
      await effects.registerCustomHosts(hosts);
      return { hosts };
    },

    async removeCustomHost(args) {
      const settings = await loadSettings(db);
      const hosts = settings.customCrmHosts.filter((h) => h !== args.host);
      await storeSettings(db, { ...settings, customCrmHosts: hosts });
      await effects.registerCustomHosts(hosts);
      return { hosts };
    },

    /** Test builds only: what pressing a command's shortcut does. */
    async runCommand(args) {
      if (!effects.runCommand) throw new Error('Commands can only be run this way in a test build.');
      await effects.runCommand(args.command);
    },

    async storageStatus() {
      const held = await countHeld(db).catch(() => 0);
      return held > 0 ? { ...storage.status, held } : storage.status;
    },

    /** Test builds only: make every write fail as if the disk were full. */
    async simulateFullStorage(args) {
      if (!effects.simulateFullStorage) throw new Error('Storage can only be filled this way in a test build.');
      effects.simulateFullStorage(args.full === true);
    },

    /** Test builds only: make the writes of one touchpoint fail as a defect of ours would. */
    async simulateFaultyItem(args) {
      if (!effects.simulateFaultyItem) throw new Error('A fault can only be made this way in a test build.');
      effects.simulateFaultyItem(typeof args.key === 'string' ? args.key : undefined);
    },

    /** Test builds only: move the clock (the production build has no such effect). */
    async setClockOffset(args) {
      if (!effects.setClockOffset) throw new Error('The clock can only be moved in a test build.');
      await effects.setClockOffset(args.ms);
      effects.refreshSoon();
    },
  } satisfies Handlers;
  // A write the rep asked for that storage refuses says so in words where they clicked.
  return sayStorageFailures(handlers, REP_WRITES);
}

/** The writes the rep makes from the sidebar and the popup (capture has its own path: "capture paused"). */
const REP_WRITES = [
  'createLocalDeal',
  'linkThread',
  'updateDeal',
  'markLost',
  'markWon',
  'reopenDeal',
  'logTouchpoint',
  'deleteTouchpoint',
  'addNeverCapture',
  'pauseCapture',
  'resumeCapture',
  'noReplyNeeded',
  'followUpDone',
  'snoozeFollowUp',
  'addFollowUp',
] as const;

export { gmailThreadUrl };

