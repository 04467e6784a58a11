/**
 * Direction-changing characters in page text cannot reach past their own field in exports, nor
 * past the value a sentence inserts them as.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { flagText, type Attention } from '../../lib/attention';
import { mdInline, retrospectiveCsv } from '../../lib/retrospective-export';
import { escapeBidiInJson, hasBidiControls, isolateBidi } from '../../lib/bidi';
import { replyFollowUps } from '../../lib/background/refresh';
import { followUpsForReflection } from '../../lib/followups/rules';
import { headlines } from '../../lib/headlines';
import { computeInsights } from '../../lib/insights';
import { winRateByCompetitor } from '../../lib/insights-charts';
import { defaultSettings, type Adjustment, type Deal, type Debrief, type LossReason } from '../../lib/model';
import { retrospectiveMarkdown as retrospectiveSessionMarkdown, summarise } from '../../lib/retrospective';
import { retrospectiveMarkdown } from '../../lib/retrospective-export';
import { exportBackup, parseBackup, type BackupData } from '../../lib/backup-format';
import { day, deals, reflections, responseByDeal, touchpointsByDeal, winReflections } from './helpers/learning-dataset';
import { emptyReflection } from '../../lib/reflection/model';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202e';
const PDF = '\u202c';
const RLI = '\u2067';

/** Whether every opener is closed, in order, and no closer ends something outside the text. */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if ('\u202a\u202b\u202d\u202e'.includes(ch)) open.push(PDF);
    else if ('\u2066\u2067\u2068'.includes(ch)) open.push(PDI);
    else if (ch === PDF) {
      if (open.pop() !== PDF) return false;
    } else if (ch === PDI) {
      while (open.length && open.at(-1) === PDF) open.pop();
      if (open.pop() !== PDI) return false;
    }
  }
  return open.length === 0;
}

describe('isolateBidi', () => {
  it('leaves text without direction controls as it is, right-to-left scripts included', () => {
    for (const t of ['', 'Acme renewal', 'שלום עולם', 'مرحبا', 'Jane "JD" Doe, =cmd|']) expect(isolateBidi(t)).toBe(t);
    expect(hasBidiControls('Acme')).toBe(false);
  });

  it('wraps a right-to-left override in an isolate and closes it', () => {
    expect(isolateBidi(`Invoice ${RLO}fdp.exe`)).toBe(`${FSI}Invoice ${RLO}fdp.exe${PDF}${PDI}`);
    expect(hasBidiControls(`Invoice ${RLO}fdp.exe`)).toBe(true);
  });

  it('drops closers that would end an isolate or embedding outside the text', () => {
    // A stray PDI would close our own isolate and let the override after it leak.
    expect(isolateBidi(`a${PDI}${RLO}b`)).toBe(`${FSI}a${RLO}b${PDF}${PDI}`);
    expect(isolateBidi(`a${PDF}b`)).toBe(`${FSI}ab${PDI}`);
  });

  it('keeps pairs the text closes itself, and closes embeddings left open inside an isolate', () => {
    expect(isolateBidi(`x${RLI}y${PDI}z`)).toBe(`${FSI}x${RLI}y${PDI}z${PDI}`);
    expect(isolateBidi(`${RLI}${RLO}y${PDI}z`)).toBe(`${FSI}${RLI}${RLO}y${PDF}${PDI}z${PDI}`);
  });

  it('is balanced for any mix of controls (seeded)', () => {
    let seed = 20261204;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', ' ', 'ש', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: Math.floor(rand() * 20) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const out = isolateBidi(text);
      expect(balanced(out), JSON.stringify(text)).toBe(true);
      // Nothing but controls was added or removed.
      expect(out.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')).toBe(text.replace(/[\u202a-\u202e\u2066-\u2069]/g, ''));
    }
  });
});

describe('escapeBidiInJson', () => {
  it('writes direction controls as escapes, and JSON reads back the very same strings', () => {
    const data = { name: `Invoice ${RLO}fdp.exe`, list: [`a${PDI}b`, 'plain'] };
    const json = escapeBidiInJson(JSON.stringify(data, null, 2));
    expect(hasBidiControls(json)).toBe(false);
    expect(json).toContain('Invoice \\u202efdp.exe');
    expect(JSON.parse(json)).toEqual(data);
  });
});

describe('exports and sentences isolate page text', () => {
  const deal: Deal = {
    id: 'pipedrive:acme:42',
    source: 'pipedrive',
    name: `Acme ${RLO}lawener`,
    status: 'lost',
    contractTermMonths: 12,
    contactEmails: [],
    threadIds: [],
    openedAt: 0,
    updatedAt: 0,
  };

  it('CSV cells with direction controls are isolated; other cells are as they were', () => {
    const r = { ...emptyReflection(deal, 0), differently: `Call sooner${PDI}${RLO}` };
    const [, row] = Papa.parse<string[]>(retrospectiveCsv([r], [deal]), { skipEmptyLines: true }).data;
    expect(row![0]).toBe(`${FSI}Acme ${RLO}lawener${PDF}${PDI}`);
    expect(row![1]).toBe('pipedrive:acme:42');
    expect(row!.every((cell) => !hasBidiControls(cell) || cell.startsWith(FSI))).toBe(true);
    expect(row).toContain(`${FSI}Call sooner${RLO}${PDF}${PDI}`);
  });

  it('Markdown inline text is isolated', () => {
    expect(mdInline(`Acme ${RLO}lawener`)).toBe(`${FSI}Acme ${RLO}lawener${PDF}${PDI}`);
    expect(mdInline('Acme *renewal*')).toBe('Acme \\*renewal\\*');
  });

  it("a flag's sentence keeps a hostile name to itself", () => {
    const text = flagText({ contactEmail: 'jane@acme.test', elapsedMs: 3_600_000, targetMs: 60_000, targetKind: 'new-lead' } as Attention, 8 * 3_600_000, `Jane${RLO}`);
    expect(text.startsWith(`${FSI}Jane${RLO}${PDF}${PDI} has waited`)).toBe(true);
  });
});

const emptyData = (): BackupData => ({ contacts: [], deals: [], touchpoints: [], reflections: [], followUps: [], winReflections: [], debriefs: [], retrospectives: [], adjustments: [], settings: defaultSettings('UTC') });

/** The text outside every first-strong isolate (FSI … its PDI): what a control there would reorder. */
function outsideIsolates(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === FSI) depth += 1;
    else if (ch === PDI && depth > 0) depth -= 1;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Every direction control of `text` sits inside an isolate of its own, and the isolates close. */
function expectIsolated(text: string): void {
  expect(hasBidiControls(outsideIsolates(text)), JSON.stringify(text)).toBe(false);
  expect(balanced(text), JSON.stringify(text)).toBe(true);
}

describe('every sentence built from page text isolates the value it inserts', () => {
  const hostile = (s: string) => `${s.slice(0, 3)}${RLO}${s.slice(3)}`;
  const hostileDeals = deals.map((d) => ({ ...d, name: hostile(d.name), ...(d.leadSource === 'Referral' ? { leadSource: hostile('Referral') } : {}) }));
  const hostileReason = (r: LossReason): LossReason => ({ ...r, detail: hostile(r.detail) });
  const hostileReflections = reflections.map((r) => ({
    ...r,
    ...(r.competitor ? { competitor: hostile(r.competitor.trim()) } : {}),
    ...(r.leadSource?.toLowerCase() === 'referral' ? { leadSource: hostile('Referral') } : {}),
    ...(r.primaryReason ? { primaryReason: hostileReason(r.primaryReason) } : {}),
    secondaryReasons: r.secondaryReasons.map(hostileReason),
    differently: hostile(r.differently),
  }));
  const hostileWins = winReflections.map((w) => ({ ...w, ...(w.competitorBeaten ? { competitorBeaten: hostile(w.competitorBeaten) } : {}), repeat: hostile('Same-day answers') }));

  it('insights headlines: the lead source, the competitor and the reason words', () => {
    const insights = computeInsights({ deals: hostileDeals, reflections: hostileReflections, winReflections: hostileWins, touchpointsByDeal, responseByDeal });
    const competitors = winRateByCompetitor(hostileDeals, hostileReflections, hostileWins);
    const text = headlines({ deals: hostileDeals, reflections: hostileReflections, insights, competitors, lastN: 5 }).map((h) => h.text);
    expect(text[0]).toBe(`2 of your 3 losses had a reason you could control: ${FSI}slo${RLO}w responses${PDF}${PDI} twice.`);
    expect(text[1]).toBe(`${FSI}Ref${RLO}erral${PDF}${PDI} won 2 of 3 deals (67%); cold call won 0 of 2 (0%).`);
    const rivals = headlines({ deals: hostileDeals, reflections: hostileReflections, insights, competitors: [{ name: hostile('Initrode'), won: 2, lost: 3, winRate: 0.4 }] });
    expect(rivals.find((h) => h.id === 'competitor')!.text).toBe(`${FSI}Ini${RLO}trode${PDF}${PDI} took 3 deals from you; you beat them twice.`);
    for (const t of [...text, ...rivals.map((h) => h.text)]) expectIsolated(t);
  });

  it("the retrospective session's Markdown: deal names, competitors, the buyer's words, lessons, adjustments and notes", () => {
    const debriefs: Debrief[] = [{ dealId: 'l3', answers: [], buyerReason: 'price', buyerReasonDetail: hostile('Budget went to hiring'), spokeWith: 'Olga', heldAt: day(5, 30), createdAt: day(5, 30), updatedAt: day(5, 30) }];
    const s = summarise({ deals: hostileDeals, reflections: hostileReflections, winReflections: hostileWins, debriefs }, day(5, 1), day(6, 1));
    const adjustment: Adjustment = { id: 'a1', retrospectiveId: 'r1', who: hostile('Sam'), what: hostile('Call the CFO'), dueAt: day(6, 15), outcome: 'open', outcomeNote: hostile('Not yet'), createdAt: day(6, 1), updatedAt: day(6, 1) };
    const md = retrospectiveSessionMarkdown(s, [adjustment], [{ ...adjustment, reviewedIn: 'r2' }], (ms) => new Date(ms).toISOString().slice(0, 10), hostile('Good session.'));
    expect(md).toContain(`- ${FSI}Dea${RLO}l l2${PDF}${PDI} (dead): Product fit — went to ${FSI}Con${RLO}toso${PDF}${PDI}`);
    expect(md).toContain(`they said Price and commercial terms ("${FSI}Bud${RLO}get went to hiring${PDF}${PDI}")`);
    expect(md).toContain(`| ${FSI}Sam${RLO}${PDF}${PDI} | ${FSI}Cal${RLO}l the CFO${PDF}${PDI} |`);
    for (const line of md.split('\n')) expectIsolated(line);
  });

  it("the insights' retrospective Markdown and CSV: a reason's detail cannot turn its controllability around", () => {
    const insights = computeInsights({ deals: hostileDeals, reflections: hostileReflections, touchpointsByDeal, responseByDeal });
    const md = retrospectiveMarkdown(insights, hostileReflections, hostileDeals, day(6, 1), 'UTC');
    expect(md).toContain(`- Primary reason: ${FSI}Our sales process — ${FSI}slo${RLO}w responses${PDF}${PDI} (controllable)${PDI}`);
    for (const line of md.split('\n')) expectIsolated(line);
    const rows = Papa.parse<string[]>(retrospectiveCsv(hostileReflections, hostileDeals), { skipEmptyLines: true }).data.slice(1);
    const l1 = rows.find((row) => row[1] === 'l1')!;
    expect(l1).toContain(`${FSI}Our sales process — ${FSI}Slo${RLO}w responses${PDF}${PDI} (controllable)${PDI}`);
    for (const cell of rows.flat()) expectIsolated(cell);
  });

  it('follow-ups (what the popup and the notification say): the deal, the competitor, the reasons and the offer', () => {
    const deal = hostileDeals.find((d) => d.id === 'l1')!;
    const r = { ...hostileReflections.find((x) => x.dealId === 'l1')!, disposition: 'lost' as const, offerSummary: hostile('20% off') };
    const [debrief, reengage] = followUpsForReflection(deal, r, defaultSettings('UTC'), day(3, 21));
    expect(debrief!.reason.startsWith(`Debrief call — ${FSI}Dea${RLO}l l1${PDF}${PDI}: lost to ${FSI}ini${RLO}trode${PDF}${PDI} on`)).toBe(true);
    expect(reengage!.details).toContain(`Previous offer: ${FSI}20%${RLO} off${PDF}${PDI}`);
    for (const f of [debrief!, reengage!]) for (const t of [f.reason, ...(f.details ?? [])]) expectIsolated(t);
  });

  it("reply follow-ups: the contact's name and the last message's subject", () => {
    const latest = { key: 'gmail:m1', channel: 'email' as const, direction: 'inbound' as const, at: day(3, 2), contactEmails: ['jane@acme.test'], from: 'jane@acme.test', to: [], cc: [], subject: `Invoice ${RLO}fdp.exe`, capturedFrom: 'gmail' as const, provenance: 'seen' as const, createdAt: 0, updatedAt: 0 };
    const [f] = replyFollowUps([{ contactEmail: 'jane@acme.test', since: latest.at, overdueAt: latest.at + 3_600_000, targetMs: 3_600_000, latest }], new Map(), 'UTC', day(3, 3), new Map([['jane@acme.test', `Jane ${RLO}eoD`]]));
    expect(f!.reason.startsWith(`Reply to ${FSI}Jane ${RLO}eoD${PDF}${PDI} (jane@acme.test) — waiting since`)).toBe(true);
    expect(f!.details).toEqual([`Last message: ${FSI}Invoice ${RLO}fdp.exe${PDF}${PDI}`]);
    expectIsolated(f!.reason);
  });

  it("a backup's refusal quotes the file's values isolated: a bad value, a duplicate key, an unknown field", () => {
    const deal = (id: string, status: string) => ({ id, source: 'local', name: 'Acme', status, contactEmails: [], threadIds: [], openedAt: 0, updatedAt: 0 });
    const file = {
      format: 'deal-debrief-backup',
      version: 3,
      exportedAt: '2026-05-04T09:30:00.000Z',
      [`x${RLO}y`]: 1,
      data: { ...exportBackup({ ...emptyData(), deals: [] }, 0).data, deals: [deal(`local:${RLO}1`, 'open'), deal(`local:${RLO}1`, 'open')], contacts: [{ email: 'a@b.test', domain: 'b.test', phones: [], firstSeen: 0, lastSeen: 0, [`n${RLO}ame`]: 'x' }] },
    };
    const result = parseBackup(JSON.stringify(file));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain(`${FSI}x${RLO}y${PDF}${PDI}: unknown field`);
    expect(errors).toContain(`data.contacts[0]: unknown field ${FSI}"n${RLO}ame"${PDF}${PDI}`);
    const withBadStatus = parseBackup(JSON.stringify({ ...file, [`x${RLO}y`]: undefined, data: { ...file.data, contacts: [], deals: [deal('local:1', `op${RLO}en`)] } }));
    expect(withBadStatus.ok ? [] : withBadStatus.errors).toEqual([`data.deals[0].status: expected one of open, won, lost, dead, got ${FSI}"op${RLO}en"${PDF}${PDI}`]);
    const duplicated = parseBackup(JSON.stringify({ ...file, [`x${RLO}y`]: undefined, data: { ...file.data, contacts: [] } }));
    expect(duplicated.ok ? [] : duplicated.errors).toEqual([`data.deals[1]: duplicate id ${FSI}"local:${RLO}1"${PDF}${PDI} (already at data.deals[0])`]);
    for (const e of errors) expectIsolated(e);
  });
});
