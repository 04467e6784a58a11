/**
 * The one settings validator: the options page, onboarding (both through the background's
 * `saveSettings`) and a backup's restore all run `validateSettings`. Every problem is named with
 * the field it concerns, in words; nothing invalid is saved. The time-zone check is the working
 * calendar's own (`isValidTimeZone`), so what is saved is always what the calendar can use.
 */
import { z } from 'zod';
import type { Settings } from './model';
import { isValidTimeZone } from './worktime';

export interface Problem {
  field: string;
  message: string;
}

export type SettingsCheck = { ok: true; settings: Settings } | { ok: false; problems: Problem[] };

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const domain = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const host = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function isRealDate(s: string): boolean {
  if (!isoDate.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const minutes = (label: string, max: number) =>
  z.number({ error: `${label} must be a number of minutes.` }).int(`${label} must be whole minutes.`).min(1, `${label} must be at least 1 minute.`).max(max, `${label} is too long.`);

// Strict: a field this version does not know (say, in a restored file) is refused, never dropped.
const schema = z.strictObject({
  ownAddresses: z.array(z.string().trim().toLowerCase().pipe(z.email({ error: (i) => `"${String(i.input)}" is not an email address.` }))),
  detectedAddresses: z.array(z.string()),
  internalDomains: z.array(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((d) => d.replace(/^@/, ''))
      .refine((d) => domain.test(d), { error: (i) => `"${String(i.input)}" is not a domain like example.com.` }),
  ),
  workingDays: z.array(z.number().int().min(0).max(6)).min(1, 'Pick at least one working day.'),
  workStart: z.string().regex(hhmm, 'Start must be a time like 09:00.'),
  workEnd: z.string().regex(hhmm, 'End must be a time like 17:00.'),
  timeZone: z.string().refine(isValidTimeZone, { error: (i) => `Unknown time zone "${String(i.input)}".` }),
  holidays: z.array(z.string().trim().refine(isRealDate, { error: (i) => `"${String(i.input)}" is not a date like 2026-12-25.` })),
  newLeadTargetMinutes: minutes('New-lead target', 60 * 24 * 30),
  newLeadEscalateMinutes: minutes('New-lead escalation', 60 * 24 * 30),
  activeDealTargetMinutes: minutes('Active-deal target', 60 * 24 * 30),
  activeDealEscalateMinutes: minutes('Active-deal escalation', 60 * 24 * 30),
  debriefCoolOffDays: z.number().int('Cool-off must be whole days.').min(0, 'Cool-off cannot be negative.').max(60, 'Cool-off of more than 60 days is too long.'),
  reengageRatio: z.number().gt(0, 'Re-engage ratio must be above 0.').max(1, 'Re-engage ratio must be at most 1 (the whole term).'),
  retrospectiveEveryDays: z.number().int().min(0, 'Use 0 to turn retrospectives off.').max(365),
  notifications: z.boolean(),
  customCrmHosts: z.array(
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((h) => host.test(h), { error: (i) => `"${String(i.input)}" is not a host name like crm.example.com.` }),
  ),
  neverCapture: z
    .array(z.string().max(300))
    .max(5000, 'The never-capture list holds at most 5,000 entries.')
    .default([]),
  capturePausedUntil: z.partialRecord(z.enum(['gmail', 'hubspot', 'salesforce', 'pipedrive', 'custom']), z.number()).default({}),
  onboarded: z.boolean(),
});

/** Checks across two fields, each run when both of its fields are individually valid. */
function crossFieldProblems(input: Record<string, unknown>, invalid: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const ok = (...fields: string[]) => fields.every((f) => !invalid.has(f));
  if (ok('workStart', 'workEnd') && String(input.workEnd) <= String(input.workStart)) problems.push({ field: 'workEnd', message: 'The working day must end after it starts.' });
  if (ok('newLeadTargetMinutes', 'newLeadEscalateMinutes') && Number(input.newLeadEscalateMinutes) < Number(input.newLeadTargetMinutes)) {
    problems.push({ field: 'newLeadEscalateMinutes', message: 'Escalation must not come before the target.' });
  }
  if (ok('activeDealTargetMinutes', 'activeDealEscalateMinutes') && Number(input.activeDealEscalateMinutes) < Number(input.activeDealTargetMinutes)) {
    problems.push({ field: 'activeDealEscalateMinutes', message: 'Escalation must not come before the target.' });
  }
  return problems;
}

function problemOf(issue: z.core.$ZodIssue, input: object): Problem[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: k, message: `"${k}" is not a setting this version knows.` }));
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'invalid_type' && issue.path.length === 1 && !Object.hasOwn(input, field)) return [{ field, message: `The setting "${field}" is missing.` }];
  return [{ field, message: issue.message }];
}

/** `input` is whatever claims to be settings: a form's values or a restored file's. */
export function validateSettings(input: unknown): SettingsCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '', message: 'The settings are missing or not a set of named values.' }] };
  }
  const parsed = schema.safeParse(input);
  const fieldProblems: Problem[] = parsed.success ? [] : parsed.error.issues.flatMap((i) => problemOf(i, input));
  // Every problem is named at once: the cross-field checks run beside the single-field ones.
  const problems = [...fieldProblems, ...crossFieldProblems(input as Record<string, unknown>, new Set(fieldProblems.map((p) => p.field)))];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const s = parsed.data;
  return {
    ok: true,
    settings: {
      ...s,
      ownAddresses: [...new Set(s.ownAddresses)],
      internalDomains: [...new Set(s.internalDomains)],
      holidays: [...new Set(s.holidays)].sort(),
      workingDays: [...new Set(s.workingDays)].sort(),
    },
  };
}
