/**
 * The full JSON backup's format: its envelope, a schema per table, and the validated import.
 * (Reading and writing the database in pages is lib/db/backup.ts; the retrospective exports are
 * lib/retrospective-export.ts.)
 *
 * Backup format, version 3 (version 1 and 2 files are read too; see below):
 *
 *   {
 *     "format": "deal-debrief-backup",
 *     "version": 3,
 *     "exportedAt": "2026-05-04T09:30:00.000Z",
 *     "data": {
 *       "contacts": Contact[],          key: email
 *       "deals": Deal[],                key: id
 *       "touchpoints": Touchpoint[],    key: key
 *       "reflections": Reflection[],    key: dealId
 *       "followUps": FollowUp[],        key: id
 *       "winReflections": WinReflection[], key: dealId
 *       "debriefs": Debrief[],          key: dealId
 *       "retrospectives": Retrospective[], key: id
 *       "adjustments": Adjustment[],    key: id
 *       "settings": Settings
 *     }
 *   }
 *
 * Entities are exactly the types of lib/model.ts (epoch-ms instants, lower-cased emails);
 * unknown fields are rejected, so nothing is silently dropped. A touchpoint's contact index
 * (`contactKeys`, lib/db/contact-keys.ts) and its `mergeAt` are not in the file: they are
 * computed from the touchpoint when it is stored.
 *
 * Version 2 files also have `"contactTouches"`, a list of { email, at, key } index rows (one
 * per touchpoint and contact); version 1 files have it too but none of the learning tables. The
 * list must be there, and is then left aside: the index is computed again from the touchpoints,
 * never taken from a file.
 *
 * `parseBackup` only validates: the caller replaces the data in one transaction (import is
 * all-or-nothing).
 */
import { z } from 'zod';
import { isolateBidi } from './bidi';
import type { Adjustment, Debrief, Retrospective, WinReflection, Contact, Deal, FollowUp, Reflection, Settings, Touchpoint } from './model';
import { assertExact, reflectionSchema } from './reflection/model';
import { debriefSchema } from './reflection/debrief';
import { winReflectionSchema } from './reflection/win';
import { validateSettings } from './settings';

export const BACKUP_FORMAT = 'deal-debrief-backup';
export const BACKUP_VERSION = 3;

/**
 * Every table of the database is either in a backup (these, in this order), rebuilt from them
 * on restore (DERIVED_TABLES) or emptied by a restore (TRANSIENT_TABLES); a unit test enumerates the schema's tables against both lists.
 */
export const BACKUP_TABLES = ['contacts', 'deals', 'touchpoints', 'reflections', 'followUps', 'winReflections', 'debriefs', 'retrospectives', 'adjustments'] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];
/** Rebuilt from the touchpoints on restore: `awaiting` (who is owed a reply). `settings` is one row, written as `data.settings`. */
export const DERIVED_TABLES = ['awaiting'] as const;
/** Never in a backup and emptied by a restore, which replaces everything: `heldCapture` (captured events waiting to be tried again). */
export const TRANSIENT_TABLES = ['heldCapture'] as const;

export interface BackupData {
  contacts: Contact[];
  deals: Deal[];
  touchpoints: Touchpoint[];
  reflections: Reflection[];
  followUps: FollowUp[];
  winReflections: WinReflection[];
  debriefs: Debrief[];
  retrospectives: Retrospective[];
  adjustments: Adjustment[];
  settings: Settings;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  data: BackupData;
}

// ---------------------------------------------------------------------------------------------
// Schemas — each checked to be exactly its model type, so a model change breaks the type-check.
// ---------------------------------------------------------------------------------------------

const time = z.number().int().nonnegative();
const siteId = z.enum(['gmail', 'hubspot', 'salesforce', 'pipedrive', 'custom']);
const email = z
  .string()
  .min(3)
  .refine((s) => s.includes('@') && s === s.toLowerCase(), 'expected a lower-cased email address');

const contactShape = z.strictObject({
  email,
  name: z.string().optional(),
  domain: z.string(),
  phones: z.array(z.string()),
  firstSeen: time,
  lastSeen: time,
});
assertExact<z.infer<typeof contactShape>, Contact>(true);
export const contactSchema: z.ZodType<Contact> = contactShape;

const dealShape = z.strictObject({
  id: z.string().min(1),
  source: z.enum(['gmail', 'hubspot', 'salesforce', 'pipedrive', 'custom', 'local']),
  name: z.string(),
  amount: z.number().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter currency code such as USD').optional(),
  stage: z.string().optional(),
  stages: z.array(z.string()).optional(),
  status: z.enum(['open', 'won', 'lost', 'dead']),
  leadSource: z.string().optional(),
  contractTermMonths: z.number().optional(),
  owner: z.string().optional(),
  expectedCloseAt: time.optional(),
  contactEmails: z.array(email),
  threadIds: z.array(z.string()),
  // Opened in a tab and used as a link: only a web address, never javascript: or data:.
  url: z.string().regex(/^https:\/\/[^\s]+$/, 'expected an https:// address').optional(),
  openedAt: time,
  firstSeenAt: time.optional(),
  crmCreatedAt: time.optional(),
  nextSteps: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        kind: z.enum(['call', 'meeting', 'email', 'note', 'task']),
        at: time,
        title: z.string(),
        contactEmails: z.array(email),
      }),
    )
    .optional(),
  closedAt: time.optional(),
  truncated: z.boolean().optional(),
  updatedAt: time,
});
assertExact<z.infer<typeof dealShape>, Deal>(true);
export const dealSchema: z.ZodType<Deal> = dealShape;

const touchpointShape = z.strictObject({
  key: z.string().min(1),
  channel: z.enum(['email', 'call', 'meeting', 'note']),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  at: time,
  contactEmails: z.array(email),
  from: z.string().optional(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  threadId: z.string().optional(),
  subject: z.string().optional(),
  dealId: z.string().optional(),
  capturedFrom: z.enum([...siteId.options, 'manual']),
  provenance: z.enum(['seen', 'list-row', 'sending', 'manual']),
  durationMinutes: z.number().nonnegative().optional(),
  outcome: z.enum(['connected', 'voicemail', 'no-answer']).optional(),
  note: z.string().optional(),
  threadTotal: z.number().int().nonnegative().optional(),
  activityKind: z.enum(['call', 'meeting', 'email', 'note', 'task']).optional(),
  noReplyNeeded: z.boolean().optional(),
  truncated: z.boolean().optional(),
  createdAt: time,
  updatedAt: time,
});
assertExact<z.infer<typeof touchpointShape>, Touchpoint>(true);
export const touchpointSchema: z.ZodType<Touchpoint> = touchpointShape;

const followUpShape = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['debrief', 're-engage', 'reply', 'retrospective', 'manual']),
  dueAt: time,
  state: z.enum(['open', 'done', 'snoozed']),
  snoozedUntil: time.optional(),
  dealId: z.string().optional(),
  contactEmail: z.string().optional(),
  threadId: z.string().optional(),
  reason: z.string(),
  details: z.array(z.string()).optional(),
  notifiedAt: time.optional(),
  createdAt: time,
  updatedAt: time,
});
assertExact<z.infer<typeof followUpShape>, FollowUp>(true);
export const followUpSchema: z.ZodType<FollowUp> = followUpShape;

const retrospectiveShape = z.strictObject({
  id: z.string().min(1),
  periodFrom: time,
  periodTo: time,
  notes: z.string(),
  heldAt: time,
  createdAt: time,
  updatedAt: time,
});
assertExact<z.infer<typeof retrospectiveShape>, Retrospective>(true);

const adjustmentShape = z.strictObject({
  id: z.string().min(1),
  retrospectiveId: z.string().min(1),
  who: z.string(),
  what: z.string(),
  dueAt: time,
  outcome: z.enum(['open', 'done', 'partly', 'dropped']),
  outcomeNote: z.string(),
  reviewedIn: z.string().optional(),
  createdAt: time,
  updatedAt: time,
});
assertExact<z.infer<typeof adjustmentShape>, Adjustment>(true);

const dataShape = z.strictObject({
  contacts: z.array(contactShape),
  deals: z.array(dealShape),
  touchpoints: z.array(touchpointShape),
  reflections: z.array(reflectionSchema),
  followUps: z.array(followUpShape),
  // Version 1 files have none of the learning tables.
  winReflections: z.array(winReflectionSchema).default([]),
  debriefs: z.array(debriefSchema).default([]),
  retrospectives: z.array(retrospectiveShape).default([]),
  adjustments: z.array(adjustmentShape).default([]),
  // Checked by the one settings validator (lib/settings.ts), the options page's own.
  settings: z.unknown(),
});
assertExact<Omit<z.infer<typeof dataShape>, 'settings'>, Omit<BackupData, 'settings'>>(true);

/** Each table's record schema, in the order `dataShape` lists them. */
const RECORD_SHAPES: { [K in BackupTable]: z.ZodType<BackupData[K][number]> } = {
  contacts: contactShape,
  deals: dealShape,
  touchpoints: touchpointShape,
  reflections: reflectionSchema,
  followUps: followUpShape,
  winReflections: winReflectionSchema,
  debriefs: debriefSchema,
  retrospectives: retrospectiveShape,
  adjustments: adjustmentShape,
};

/** `dataShape` without looking inside the records: which tables are there, as lists. */
const envelopeShape = z.strictObject({
  contacts: z.array(z.unknown()),
  deals: z.array(z.unknown()),
  touchpoints: z.array(z.unknown()),
  reflections: z.array(z.unknown()),
  followUps: z.array(z.unknown()),
  winReflections: z.array(z.unknown()).default([]),
  debriefs: z.array(z.unknown()).default([]),
  retrospectives: z.array(z.unknown()).default([]),
  adjustments: z.array(z.unknown()).default([]),
  settings: z.unknown(),
});

/** Records checked in one step of `checkBackupInSteps`, between which the page may go on. */
export const CHECK_STEP = 250;

// ---------------------------------------------------------------------------------------------
// Export and import
// ---------------------------------------------------------------------------------------------

export function exportBackup(data: BackupData, now: number): Backup {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date(now).toISOString(), data };
}

export type ParseResult = { ok: true; data: BackupData } | { ok: false; errors: string[] };

/** At most this many messages are listed; the rest are summarised in one line. */
export const MAX_ERRORS = 20;

/** The key of each entity table; duplicates make the backup invalid. */
const KEYS: { [K in Exclude<keyof BackupData, 'settings'>]: (x: BackupData[K][number]) => string } = {
  contacts: (c) => c.email,
  deals: (d) => d.id,
  touchpoints: (t) => t.key,
  reflections: (r) => r.dealId,
  followUps: (f) => f.id,
  winReflections: (r) => r.dealId,
  debriefs: (d) => d.dealId,
  retrospectives: (r) => r.id,
  adjustments: (a) => a.id,
};
const KEY_NAMES: Record<keyof typeof KEYS, string> = {
  contacts: 'email',
  deals: 'id',
  touchpoints: 'key',
  reflections: 'dealId',
  followUps: 'id',
  winReflections: 'dealId',
  debriefs: 'dealId',
  retrospectives: 'id',
  adjustments: 'id',
};

/**
 * Validates a backup file's text. Errors name the path that is wrong, e.g.
 * `data.deals[3].status: expected one of open, won, lost, dead`.
 */
export function parseBackup(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail([`Not a Deal Debrief backup: the file is not valid JSON (${why}).`]);
  }
  return checkBackup(json);
}

/** Validates a backup already read as JSON (every record, before anything is written). */
export function checkBackup(json: unknown): ParseResult {
  const steps = checking(json);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same check as `checkBackup`, CHECK_STEP records at a time with `pause` (the page goes on;
 * lib/next-task.ts) between them: checking a large backup in one go held the page for a quarter
 * of a second.
 */
export async function checkBackupInSteps(json: unknown, pause: () => Promise<void>, onStep?: (done: number, total: number) => void): Promise<ParseResult> {
  const steps = checking(json);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onStep?.(next.value.done, next.value.total);
    await pause();
  }
}

/** The check, pausing (yielding how far it got) after each CHECK_STEP records. */
function* checking(json: unknown): Generator<{ done: number; total: number }, ParseResult> {
  if (!isRecord(json)) return fail(['Not a Deal Debrief backup: expected a JSON object at the top level.']);
  if (json.format !== BACKUP_FORMAT) {
    return fail([
      `Not a Deal Debrief backup: format is ${describe(json.format)}, expected "${BACKUP_FORMAT}".`,
    ]);
  }
  if (json.version !== BACKUP_VERSION && json.version !== 2 && json.version !== 1) {
    const v = json.version;
    return fail([
      typeof v === 'number' && v > BACKUP_VERSION
        ? `version: this backup was made by a newer Deal Debrief (version ${v}); this one reads version ${BACKUP_VERSION}.`
        : `version: expected ${BACKUP_VERSION}, got ${describe(v)}.`,
    ]);
  }
  const errors: string[] = [];
  if (typeof json.exportedAt !== 'string' || Number.isNaN(Date.parse(json.exportedAt))) {
    errors.push(`exportedAt: expected an ISO date string, got ${describe(json.exportedAt)}`);
  }
  const unknownTop = Object.keys(json).filter((k) => !['format', 'version', 'exportedAt', 'data'].includes(k));
  for (const k of unknownTop) errors.push(`${isolateBidi(k)}: unknown field`);

  let tables = json.data;
  if (json.version !== BACKUP_VERSION && isRecord(tables)) {
    // Versions 1 and 2 carry the contact index as a table of its own: it must be a list, and is
    // left aside (the index is computed from the touchpoints when they are stored).
    const { contactTouches, ...rest } = tables;
    if (!Array.isArray(contactTouches)) {
      errors.push(`data.contactTouches: ${contactTouches === undefined ? 'missing (required array)' : `expected array, got ${describe(contactTouches)}`}`);
    }
    tables = rest;
  }
  const settings = validateSettings(isRecord(json.data) ? json.data.settings : undefined);
  if (!settings.ok) {
    // The same validator as the options page; a backup older than a setting gets its default.
    for (const p of settings.problems) errors.push(`data.settings${p.field ? `.${p.field}` : ''}: ${p.message}`);
  }
  // The tables as lists first, then their records a step at a time; problems are listed as
  // one check of the whole would list them: table by table, unknown tables last.
  const envelope = envelopeShape.safeParse(tables, { reportInput: true });
  const envelopeIssues = envelope.success ? [] : envelope.error.issues;
  // A version 1 file's missing learning tables are empty lists (the envelope's defaults).
  const lists: Record<string, unknown> = envelope.success ? envelope.data : isRecord(tables) ? tables : {};
  const total = BACKUP_TABLES.reduce((n, t) => n + (Array.isArray(lists[t]) ? (lists[t] as unknown[]).length : 0), 0);
  const records: Partial<Record<BackupTable, unknown[]>> = {};
  let done = 0;
  let recordProblems = false;
  for (const table of BACKUP_TABLES) {
    for (const issue of envelopeIssues) if (issue.path[0] === table) errors.push(formatIssue(issue, ['data']));
    const rows = lists[table];
    if (!Array.isArray(rows)) continue;
    const shape = z.array(RECORD_SHAPES[table] as z.ZodType<unknown>);
    const out: unknown[] = [];
    for (let i = 0; i < rows.length; i += CHECK_STEP) {
      const step = shape.safeParse(rows.slice(i, i + CHECK_STEP), { reportInput: true });
      if (step.success) out.push(...step.data);
      else {
        recordProblems = true;
        for (const issue of step.error.issues) {
          const [at, ...rest] = issue.path;
          errors.push(formatIssue({ ...issue, path: [table, i + (at as number), ...rest] }, ['data']));
        }
      }
      done += Math.min(CHECK_STEP, rows.length - i);
      yield { done, total };
    }
    records[table] = out;
  }
  for (const issue of envelopeIssues) if (!BACKUP_TABLES.includes(issue.path[0] as BackupTable)) errors.push(formatIssue(issue, ['data']));
  if (envelope.success && !recordProblems) {
    const data = { ...(records as Omit<BackupData, 'settings'>), settings: settings.ok ? settings.settings : (undefined as never) };
    errors.push(...duplicateErrors(data));
  }
  if (errors.length > 0) return fail(errors);
  if (!envelope.success || recordProblems || !settings.ok) return fail(['data: invalid']); // unreachable; narrows the type
  return { ok: true, data: { ...(records as Omit<BackupData, 'settings'>), settings: settings.settings } };
}

function fail(errors: string[]): ParseResult {
  if (errors.length <= MAX_ERRORS) return { ok: false, errors };
  return {
    ok: false,
    errors: [...errors.slice(0, MAX_ERRORS), `…and ${errors.length - MAX_ERRORS} more problems.`],
  };
}

function duplicateErrors(data: BackupData): string[] {
  const errors: string[] = [];
  for (const table of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
    const keyOf = KEYS[table] as (x: unknown) => string;
    const seen = new Map<string, number>();
    (data[table] as unknown[]).forEach((row, i) => {
      const k = keyOf(row);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else {
        errors.push(
          `data.${table}[${i}]: duplicate ${KEY_NAMES[table]} ${quoted(k)} (already at data.${table}[${first}])`,
        );
      }
    });
  }
  return errors;
}

export function formatPath(path: readonly PropertyKey[], prefix: readonly PropertyKey[] = []): string {
  let out = '';
  for (const p of [...prefix, ...path]) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(top level)';
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: unknown;
  values?: readonly unknown[];
  keys?: readonly string[];
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  origin?: string;
}

function formatIssue(issue: IssueLike, prefix: readonly PropertyKey[]): string {
  const where = formatPath(issue.path, prefix);
  switch (issue.code) {
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      const expected = values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.join(', ')}`;
      if (issue.input === undefined) return `${where}: missing (required, ${expected})`;
      return `${where}: expected ${expected}, got ${describe(issue.input)}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return `${where}: missing (required ${String(issue.expected)})`;
      return `${where}: expected ${issue.expected === 'int' ? 'a whole number' : String(issue.expected)}, got ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return `${where}: unknown field${(issue.keys?.length ?? 0) > 1 ? 's' : ''} ${(issue.keys ?? []).map(quoted).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return `${where}: must not be empty`;
      return `${where}: must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}, got ${describe(issue.input)}`;
    case 'too_big':
      return `${where}: must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, got ${describe(issue.input)}`;
    default:
      return `${where}: ${issue.message}${issue.input !== undefined ? `, got ${describe(issue.input)}` : ''}`;
  }
}

/**
 * A value from the file as the messages quote it. The file's text is isolated (lib/bidi.ts): a
 * direction control in it cannot turn the rest of the message around.
 */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return isolateBidi(s.length > 60 ? `${s.slice(0, 57)}…` : s);
}

const quoted = (s: string) => isolateBidi(JSON.stringify(s));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
