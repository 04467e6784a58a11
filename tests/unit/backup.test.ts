import Papa from 'papaparse';
import { exportBackup, parseBackup, type BackupData } from '../../lib/backup-format';
import { computeInsights } from '../../lib/insights';
import { CSV_COLUMNS, retrospectiveCsv, retrospectiveMarkdown } from '../../lib/retrospective-export';
import { defaultSettings, type Deal, type Reflection } from '../../lib/model';
import { emptyReflection } from '../../lib/reflection/model';
import { lossReason } from '../../lib/reflection/taxonomy';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 4, 9, 30);

const lostDeal: Deal = {
  id: 'hubspot:9001',
  source: 'hubspot',
  name: 'Acme, Inc. — "Phase 2"',
  amount: 48_000,
  currency: 'USD',
  stage: 'Proposal',
  stages: ['Appointment', 'Qualified', 'Proposal', 'Closed Won', 'Closed Lost'],
  status: 'lost',
  leadSource: 'Referral',
  contractTermMonths: 12,
  contactEmails: ['wile@acme.example'],
  threadIds: ['18f00aa'],
  url: 'https://app.hubspot.com/contacts/1/deal/9001',
  openedAt: NOW - 45 * DAY,
  closedAt: NOW - 3 * DAY,
  updatedAt: NOW - 3 * DAY,
};
const wonDeal: Deal = {
  id: 'local:7c1',
  source: 'local',
  name: 'Initech',
  status: 'won',
  contactEmails: [],
  threadIds: [],
  openedAt: NOW - 80 * DAY,
  closedAt: NOW - 20 * DAY,
  updatedAt: NOW - 20 * DAY,
};

const reflection: Reflection = {
  ...emptyReflection(lostDeal, NOW - 3 * DAY),
  state: 'final',
  outcome: 'competitor',
  competitor: 'Contoso',
  primaryReason: lossReason('sales-process', 'single-threaded'),
  secondaryReasons: [lossReason('price', 'too expensive, "by 20%"')],
  icpFit: 4,
  personalConnection: false,
  team: [{ person: 'Sam', role: 'SE', feltWinning: 'after the demo', feltLost: 'when legal went quiet', why: 'no champion' }],
  differently: 'Find a second champion, "early";\nask about procurement, legal, and security in week 1.',
  prospectSaidMattered: 'Price, then the integration',
  prospectCouldHaveChanged: '=HYPERLINK("http://evil")',
  repStatedReason: 'We were never in front of the CFO',
  finishedAt: NOW - 2 * DAY,
};

const data: BackupData = {
  contacts: [
    { email: 'wile@acme.example', name: 'Wile E.', domain: 'acme.example', phones: ['+1 555 0100'], firstSeen: NOW - 45 * DAY, lastSeen: NOW - 4 * DAY },
  ],
  deals: [lostDeal, wonDeal],
  touchpoints: [
    {
      key: 'gmail:18f00aa01',
      channel: 'email',
      direction: 'inbound',
      at: NOW - 10 * DAY,
      contactEmails: ['wile@acme.example'],
      from: 'wile@acme.example',
      to: ['me@ours.example'],
      cc: [],
      threadId: '18f00aa',
      subject: 'Re: proposal <draft>',
      dealId: 'hubspot:9001',
      capturedFrom: 'gmail',
      provenance: 'seen',
      createdAt: NOW - 10 * DAY,
      updatedAt: NOW - 10 * DAY,
    },
    {
      key: 'h:abc',
      channel: 'call',
      direction: 'outbound',
      at: NOW - 9 * DAY,
      contactEmails: ['wile@acme.example'],
      to: [],
      cc: [],
      capturedFrom: 'manual',
      provenance: 'manual',
      durationMinutes: 12,
      outcome: 'connected',
      note: 'Asked about budget',
      createdAt: NOW - 9 * DAY,
      updatedAt: NOW - 9 * DAY,
    },
  ],
  reflections: [reflection],
  followUps: [
    {
      id: 'debrief:hubspot:9001',
      kind: 'debrief',
      dueAt: NOW + 2 * DAY,
      state: 'open',
      dealId: 'hubspot:9001',
      contactEmail: 'wile@acme.example',
      reason: 'Debrief call',
      details: ['What mattered most to you in the decision?'],
      createdAt: NOW - 3 * DAY,
      updatedAt: NOW - 3 * DAY,
    },
  ],
  winReflections: [],
  debriefs: [],
  retrospectives: [{ id: 'retro:1', periodFrom: NOW - 20 * DAY, periodTo: NOW - DAY, notes: 'Multi-thread earlier', heldAt: NOW - DAY, createdAt: NOW - DAY, updatedAt: NOW - DAY }],
  adjustments: [{ id: 'adj:1', retrospectiveId: 'retro:1', who: 'Rep', what: 'Meet the CFO', dueAt: NOW + 7 * DAY, outcome: 'open', outcomeNote: '', createdAt: NOW - DAY, updatedAt: NOW - DAY }],
  settings: { ...defaultSettings('Europe/Berlin'), ownAddresses: ['me@ours.example'], holidays: ['2026-12-25'] },
};

const text = (o: unknown) => JSON.stringify(o);
// `any` on purpose: the tests corrupt raw JSON.
type RawBackup = any;
const backupWith = (mutate: (b: RawBackup) => void) => {
  const b: RawBackup = JSON.parse(text(exportBackup(data, NOW)));
  mutate(b);
  return text(b);
};
const errorsOf = (t: string) => {
  const r = parseBackup(t);
  if (r.ok) throw new Error('expected the backup to be rejected');
  return r.errors;
};

describe('backup', () => {
  it('has the documented envelope', () => {
    const b = exportBackup(data, NOW);
    expect(b.format).toBe('deal-debrief-backup');
    expect(b.version).toBe(3);
    expect(b.exportedAt).toBe('2026-05-04T09:30:00.000Z');
  });

  it('round-trips without loss', () => {
    const r = parseBackup(JSON.stringify(exportBackup(data, NOW)));
    expect(r).toEqual({ ok: true, data });
  });

  it('reads a version 2 file: its contact index rows are left aside, whatever they say', () => {
    const v2 = backupWith((b) => {
      b.version = 2;
      // Rows that disagree with the touchpoints: the index is computed from the touchpoints instead.
      b.data.contactTouches = [{ email: 'someone@else.example', at: 1, key: 'gmail:18f00aa01' }, 'not even a row'];
    });
    expect(parseBackup(v2)).toEqual({ ok: true, data });
  });

  it('round-trips an empty database', () => {
    const empty: BackupData = { contacts: [], deals: [], touchpoints: [], reflections: [], followUps: [], winReflections: [], debriefs: [], retrospectives: [], adjustments: [], settings: defaultSettings('UTC') };
    expect(parseBackup(text(exportBackup(empty, NOW)))).toEqual({ ok: true, data: empty });
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"format": "deal-debrief-backup", ', /not valid JSON/],
    ['empty file', '', /not valid JSON/],
    ['a JSON list', '[]', /expected a JSON object/],
    ['another app’s file', text({ format: 'other-app', version: 1, data: {} }), /format is "other-app", expected "deal-debrief-backup"/],
    ['a newer version', backupWith((b) => ((b as Record<string, unknown>).version = 4)), /newer Deal Debrief \(version 4\)/],
    ['a version string', backupWith((b) => ((b as Record<string, unknown>).version = '1')), /^version: expected 3, got "1"/],
    ['a bad export date', backupWith((b) => (b.exportedAt = 'yesterday')), /^exportedAt: expected an ISO date/],
    ['wrong enum', backupWith((b) => ((b.data.deals[1] as Record<string, unknown>).status = 'closed')), /^data\.deals\[1\]\.status: expected one of open, won, lost, dead, got "closed"$/],
    ['missing field', backupWith((b) => delete (b.data.touchpoints[0] as Partial<Record<string, unknown>>).channel), /^data\.touchpoints\[0\]\.channel: missing/],
    ['wrong type', backupWith((b) => ((b.data.deals[0] as Record<string, unknown>).amount = '48,000')), /^data\.deals\[0\]\.amount: expected number, got "48,000"$/],
    ['nested enum', backupWith((b) => ((b.data.reflections[0]!.primaryReason as Record<string, unknown>).controllability = 'maybe')), /^data\.reflections\[0\]\.primaryReason\.controllability: expected one of controllable, partly, not-controllable/],
    ['unknown field', backupWith((b) => ((b.data.contacts[0] as Record<string, unknown>).nickname = 'W')), /^data\.contacts\[0\]: unknown field "nickname"$/],
    ['missing table', backupWith((b) => delete (b.data as Partial<BackupData>).followUps), /^data\.followUps: missing/],
    ['icp fit out of range', backupWith((b) => (b.data.reflections[0]!.icpFit = 7)), /^data\.reflections\[0\]\.icpFit: must be at most 5, got 7$/],
    ['bad time zone', backupWith((b) => (b.data.settings.timeZone = 'Mars/Olympus')), /^data\.settings\.timeZone: Unknown time zone "Mars\/Olympus"\.$/],
    ['upper-case email', backupWith((b) => (b.data.contacts[0]!.email = 'Wile@Acme.example')), /^data\.contacts\[0\]\.email: expected a lower-cased email/],
    ['duplicate deal id', backupWith((b) => b.data.deals.push({ ...b.data.deals[0]! })), /^data\.deals\[2\]: duplicate id "hubspot:9001" \(already at data\.deals\[0\]\)$/],
    ['duplicate touchpoint key', backupWith((b) => b.data.touchpoints.push({ ...b.data.touchpoints[1]! })), /^data\.touchpoints\[2\]: duplicate key "h:abc"/],
    ['duplicate reflection', backupWith((b) => b.data.reflections.push({ ...b.data.reflections[0]! })), /^data\.reflections\[1\]: duplicate dealId/],
    ['a contact index in a version 3 file', backupWith((b) => (b.data.contactTouches = [])), /^data: unknown field "contactTouches"$/],
    ['a derived field on a touchpoint', backupWith((b) => ((b.data.touchpoints[0] as Record<string, unknown>).contactKeys = ['x'])), /^data\.touchpoints\[0\]: unknown field "contactKeys"$/],
    ['a version 2 file without its contact index', backupWith((b) => (b.version = 2)), /^data\.contactTouches: missing \(required array\)$/],
    ['a version 2 file whose contact index is not a list', backupWith((b) => ((b.version = 2), (b.data.contactTouches = {}))), /^data\.contactTouches: expected array, got an object$/],
  ])('rejects %s with a clear message', (_name, t, message) => {
    const errors = errorsOf(t);
    expect(errors.some((e) => message.test(e)), errors.join('\n')).toBe(true);
  });

  it('lists several problems at once, capped', () => {
    const t = backupWith((b) => {
      b.data.deals = Array.from({ length: 30 }, () => ({ ...b.data.deals[0]!, status: 'nope' as never }));
    });
    const errors = errorsOf(t);
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toMatch(/and \d+ more problems/);
  });
});

describe('restore of settings the options page would refuse', () => {
  // The same validator as the options page: each is refused whole, with the reason in words.
  it.each<[string, (s: Record<string, unknown>) => void, string]>([
    ['no working days', (s) => (s.workingDays = []), 'data.settings.workingDays: Pick at least one working day.'],
    ['end before start', (s) => ((s.workStart = '17:00'), (s.workEnd = '09:00')), 'data.settings.workEnd: The working day must end after it starts.'],
    ['an impossible holiday', (s) => (s.holidays = ['2026-02-30']), 'data.settings.holidays: "2026-02-30" is not a date like 2026-12-25.'],
    ['a bad time zone', (s) => (s.timeZone = 'Europe/Atlantis'), 'data.settings.timeZone: Unknown time zone "Europe/Atlantis".'],
    ['escalation before target', (s) => (s.newLeadEscalateMinutes = 10), 'data.settings.newLeadEscalateMinutes: Escalation must not come before the target.'],
    ['a setting this version does not know', (s) => (s.colour = 'red'), 'data.settings.colour: "colour" is not a setting this version knows.'],
    ['a missing setting', (s) => delete s.workStart, 'data.settings.workStart: The setting "workStart" is missing.'],
  ])('%s', (_name, mutate, message) => {
    const errors = errorsOf(backupWith((b) => mutate(b.data.settings)));
    expect(errors).toContain(message);
  });

  it('no settings at all', () => {
    expect(errorsOf(backupWith((b) => delete b.data.settings))).toContain('data.settings: The settings are missing or not a set of named values.');
  });

  it('an older backup without the never-capture list and pauses gets their defaults', () => {
    const r = parseBackup(backupWith((b) => (delete b.data.settings.neverCapture, delete b.data.settings.capturePausedUntil)));
    expect(r.ok && r.data.settings.neverCapture).toEqual([]);
    expect(r.ok && r.data.settings.capturePausedUntil).toEqual({});
  });
});

describe('retrospective', () => {
  const insights = computeInsights({
    deals: data.deals,
    reflections: data.reflections,
    touchpointsByDeal: new Map([['hubspot:9001', data.touchpoints]]),
    responseByDeal: new Map([['hubspot:9001', { median: 5 * 3_600_000 + 12 * 60_000 }]]),
  });

  it('writes Markdown with figures and each lost deal', () => {
    const md = retrospectiveMarkdown(insights, data.reflections, data.deals, NOW, 'Europe/Berlin');
    expect(md).toContain('# Loss retrospective — 2026-05-04');
    expect(md).toContain('- Won: 1 · Lost: 1 · Dead: 0 · Win rate: 50%');
    expect(md).toContain('Median response time: lost 5 h 12 m · won —');
    expect(md).toContain('### Acme, Inc. — "Phase 2" — 48,000 USD');
    expect(md).toContain('- Outcome: Lost to a competitor: Contoso');
    expect(md).toContain('- Primary reason: Our sales process — single-threaded (controllable)');
    expect(md).toContain('- Also: Price and commercial terms — too expensive, "by 20%" (partly controllable)');
    // Multi-line free text stays inside its list item.
    expect(md).toContain('- What I will do differently: Find a second champion, "early";  \n  ask about procurement');
    expect(md).toContain('- Prospect said mattered most: Price, then the integration');
    expect(md).toContain("- Rep's view: We were never in front of the CFO");
  });

  it("dates the document and each loss by the rep's calendar, not by UTC's", () => {
    // Friday 4 Dec 2026 at 20:30 in New York is already Saturday in UTC; the loss was at 21:00 on
    // New Year's Eve there, already 1 January in UTC.
    const evening = Date.parse('2026-12-04T20:30:00-05:00');
    const lateLoss = { ...reflection, lostAt: Date.parse('2025-12-31T21:00:00-05:00') };
    const md = retrospectiveMarkdown(insights, [lateLoss], data.deals, evening, 'America/New_York');
    expect(md).toContain('# Loss retrospective — 2026-12-04\n');
    expect(md).toContain('- Lost on: 2025-12-31 (lost — re-engage later)');
    // Seen from Tokyo the same instants are the next day.
    const tokyo = retrospectiveMarkdown(insights, [lateLoss], data.deals, evening, 'Asia/Tokyo');
    expect(tokyo).toContain('# Loss retrospective — 2026-12-05\n');
    expect(tokyo).toContain('- Lost on: 2026-01-01 (');
  });

  it('writes response times as the insights page shows them: working hours, never 24-hour days', () => {
    const slowInput = () => ({
      deals: data.deals,
      reflections: data.reflections,
      touchpointsByDeal: new Map([['hubspot:9001', data.touchpoints]]),
      responseByDeal: new Map([['hubspot:9001', { median: 27 * 3_600_000 + 30 * 60_000 }]]),
    });
    const slow = computeInsights(slowInput());
    // Working time as people say it, in the rep's working days (8 h unless told otherwise).
    const md = retrospectiveMarkdown(slow, data.reflections, data.deals, NOW, 'Europe/Berlin');
    expect(md).toContain('Median response time: lost 3 working days · won —');
    const tenHourDays = computeInsights({ ...slowInput(), dayMs: 10 * 3_600_000 });
    expect(retrospectiveMarkdown(tenHourDays, data.reflections, data.deals, NOW, 'Europe/Berlin')).toContain('Median response time: lost 2 working days · won —');
  });

  it('neutralises Markdown and HTML in free text', () => {
    const r = { ...reflection, differently: '<img src=x onerror=alert(1)> **bold** | pipe' };
    const md = retrospectiveMarkdown(insights, [r], data.deals, NOW, 'Europe/Berlin');
    expect(md).toContain('&lt;img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* \\| pipe');
    expect(md).not.toContain('<img');
  });

  it("counts a deal's days open in the CSV as the reflection does: on the rep's calendar", () => {
    // 10:00 on 20 March to 10:00 on 30 March in Berlin: 10 days, though the clocks went forward.
    const deal = { ...lostDeal, openedAt: Date.parse('2026-03-20T10:00:00+01:00'), closedAt: Date.parse('2026-03-30T10:00:00+02:00') };
    const [, row] = Papa.parse<string[]>(retrospectiveCsv([reflection], [deal], 'Europe/Berlin'), { skipEmptyLines: true }).data as [string[], string[]];
    expect(row[CSV_COLUMNS.indexOf('Days open')]).toBe('10');
  });

  it('writes CSV with a header row; free text survives commas, quotes and newlines', () => {
    const csv = retrospectiveCsv(data.reflections, data.deals);
    const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, row] = parsed.data as [string[], string[]];
    expect(header).toEqual([...CSV_COLUMNS]);
    const cell = (name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    expect(cell('Deal')).toBe('Acme, Inc. — "Phase 2"');
    expect(cell('Amount')).toBe('48000');
    expect(cell('Currency')).toBe('USD');
    expect(cell('Outcome')).toBe('Lost to a competitor');
    expect(cell('Competitor')).toBe('Contoso');
    expect(cell('Stage lost')).toBe('Proposal');
    expect(cell('Primary reason')).toBe('Our sales process — single-threaded');
    expect(cell('Controllable')).toBe('controllable');
    expect(cell('Secondary reasons')).toBe('Price and commercial terms — too expensive, "by 20%" (partly)');
    expect(cell('Lead source')).toBe('Referral');
    expect(cell('ICP fit')).toBe('4');
    expect(cell('Days open')).toBe('42');
    expect(cell('What I will do differently')).toBe(reflection.differently);
    expect(cell('Prospect said mattered')).toBe('Price, then the integration');
    // A formula from the prospect's words is not run by a spreadsheet.
    expect(cell('Prospect said we could have changed')).toBe(`'=HYPERLINK("http://evil")`);
    expect(csv).toContain('"Find a second champion, ""early"";\nask about');
  });

  it('CSV: missing deal and empty fields give empty cells', () => {
    const r: Reflection = { ...emptyReflection(lostDeal, NOW), dealId: 'gone', leadSource: undefined };
    const parsed = Papa.parse<string[]>(retrospectiveCsv([r], []), { skipEmptyLines: true });
    const row = parsed.data[1]!;
    expect(row[0]).toBe('gone');
    expect(row[CSV_COLUMNS.indexOf('Amount')]).toBe('');
    expect(row[CSV_COLUMNS.indexOf('Days open')]).toBe('');
    expect(row[CSV_COLUMNS.indexOf('Outcome')]).toBe('');
  });
});
