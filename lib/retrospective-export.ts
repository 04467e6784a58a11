/**
 * The team retrospective exports of the insights page: a Markdown document for the meeting and a
 * CSV with one row per reflection. Text from pages and from the rep is escaped for Markdown and
 * isolated (lib/bidi.ts), so a name cannot reorder the words around it.
 */
import Papa from 'papaparse';
import { isolateBidi } from './bidi';
import type { Insights } from './insights';
import { isLostOrDead, type Deal, type LossReason, type Reflection } from './model';
import { CONTROLLABILITY_LABELS, leadSourceLabel, outcomeLabel, reasonLabel } from './reflection/taxonomy';
import { formatWait } from './attention';
import { wholeDays } from './reflection/hardData';
import { isValidTimeZone, localDate } from './worktime';

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** `YYYY-MM-DD` of an instant on the rep's calendar (UTC's when the zone is unknown). */
const dayOf = (ms: number, timeZone: string) => (isValidTimeZone(timeZone) ? localDate(ms, timeZone) : isoDate(ms));

const pct = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x * 100)}%`);

function formatAmount(d: Deal | undefined): string {
  if (!d || d.amount === undefined) return '';
  return `${d.amount.toLocaleString('en-US')}${d.currency ? ` ${d.currency}` : ''}`;
}

/** Markdown-safe inline text: structure characters escaped, HTML neutralised, lines joined. */
export function mdInline(s: string): string {
  return isolateBidi(
    s
      .replace(/[\\`*_[\]#|>~]/g, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .trim(),
  );
}

/** Multi-line free text as a list item's continuation (two-space indented lines). */
function mdBlock(s: string): string {
  return s
    .trim()
    .split(/\r\n|\r|\n/)
    .map((line) => mdInline(line))
    .join('  \n  ');
}

function reasonText(r: LossReason): string {
  // The detail is isolated on its own: the controllability after it stays where it is.
  const detail = r.detail.trim() ? ` — ${isolateBidi(r.detail.trim())}` : '';
  return `${reasonLabel(r.category)}${detail} (${CONTROLLABILITY_LABELS[r.controllability].toLowerCase()})`;
}

function outcomeText(r: Reflection): string {
  if (r.outcome === 'competitor' && r.competitor?.trim()) return `Lost to a competitor: ${isolateBidi(r.competitor.trim())}`;
  return outcomeLabel(r.outcome);
}

/**
 * A Markdown document for a loss-retrospective meeting (docs/method.md, "Regular retrospectives"): summary figures from
 * `insights`, then each lost deal with a reflection, newest loss first. Its date and each loss's
 * date are days on the rep's calendar in `timeZone`, as the file name's is.
 */
export function retrospectiveMarkdown(
  insights: Insights,
  reflections: readonly Reflection[],
  deals: readonly Deal[],
  now: number,
  timeZone: string,
): string {
  const dealById = new Map(deals.map((d) => [d.id, d]));
  const c = insights.counts;
  const L: string[] = [];
  L.push(`# Loss retrospective — ${dayOf(now, timeZone)}`, '');
  L.push('When you lose a sale, don\'t lose the lesson too. Focus on what we control.', '');
  L.push('## Summary', '');
  L.push(`- Won: ${c.won} · Lost: ${c.lost} · Dead: ${c.dead} · Win rate: ${pct(c.winRate)}`);
  L.push(
    `- Reflections: ${insights.reflections.final} finished, ${insights.reflections.draft} in draft, ${insights.reflections.missing} lost deals without one`,
  );
  L.push(`- Controllable share of loss reasons: ${pct(insights.controllable.share)} of ${insights.controllable.reasons} reasons`);
  if (insights.earlyLossShare !== undefined) {
    L.push(
      `- Lost in an early stage: ${insights.earlyLosses} of ${insights.stageRecorded} (${pct(insights.earlyLossShare)})` +
        (insights.earlyLossShare >= 0.5 ? ' — review the buyer personas and who we target' : ''),
    );
  }
  const rt = insights.responseTime;
  const fmtMs = (g: { median?: number }) => (g.median === undefined ? '—' : formatWait(g.median, rt.dayMs));
  L.push(`- Median response time: lost ${fmtMs(rt.lost)} · won ${fmtMs(rt.won)}`);
  const tp = insights.touchpoints;
  const fmtN = (g: { median?: number }) => (g.median === undefined ? '—' : String(g.median));
  L.push(`- Median touchpoints per deal: lost ${fmtN(tp.lost)} · won ${fmtN(tp.won)}`, '');

  if (insights.reasons.length > 0) {
    L.push('### Loss reasons', '', '| Reason | Primary | Secondary | Controllable share |', '|---|---:|---:|---:|');
    for (const r of insights.reasons) {
      L.push(`| ${mdInline(r.label)} | ${r.primary} | ${r.secondary} | ${pct(r.controllableShare)} |`);
    }
    L.push('');
  }
  if (insights.stages.length > 0) {
    L.push('### Stage where lost', '');
    for (const s of insights.stages) L.push(`- ${mdInline(s.stage)}: ${s.count}${s.early ? ' (early)' : ''}`);
    L.push('');
  }
  if (insights.competitors.length > 0) {
    L.push('### Losses by competitor', '');
    for (const x of insights.competitors) L.push(`- ${mdInline(x.name)}: ${x.losses}`);
    L.push('');
  }
  if (insights.leadSources.length > 0) {
    L.push('### By lead source', '', '| Lead source | Won | Lost | Win rate |', '|---|---:|---:|---:|');
    for (const s of insights.leadSources) L.push(`| ${mdInline(s.label)} | ${s.won} | ${s.lost} | ${pct(s.winRate)} |`);
    L.push('');
  }

  const lost = reflections
    .filter((r) => isLostOrDead(dealById.get(r.dealId)))
    .sort((a, b) => b.lostAt - a.lostAt);
  L.push('## Lost deals', '');
  if (lost.length === 0) L.push('_No reflections yet._', '');
  for (const r of lost) {
    const d = dealById.get(r.dealId);
    const amount = formatAmount(d);
    L.push(`### ${mdInline(d?.name ?? r.dealId)}${amount ? ` — ${amount}` : ''}`, '');
    L.push(`- Lost on: ${dayOf(r.lostAt, timeZone)} (${r.disposition === 'dead' ? 'dead — no re-engage' : 'lost — re-engage later'})${r.state === 'draft' ? ' · draft' : ''}`);
    L.push(`- Outcome: ${mdInline(outcomeText(r))}`);
    if (r.stageLost) L.push(`- Stage lost: ${mdInline(r.stageLost)}`);
    if (r.leadSource) L.push(`- Lead source: ${mdInline(leadSourceLabel(r.leadSource))}`);
    if (r.primaryReason) L.push(`- Primary reason: ${mdBlock(reasonText(r.primaryReason))}`);
    for (const s of r.secondaryReasons) L.push(`- Also: ${mdBlock(reasonText(s))}`);
    L.push(`- What I will do differently: ${r.differently.trim() ? mdBlock(r.differently) : '_not written yet_'}`);
    if (r.repStatedReason.trim()) L.push(`- Rep's view: ${mdBlock(r.repStatedReason)}`);
    if (r.prospectSaidMattered.trim()) L.push(`- Prospect said mattered most: ${mdBlock(r.prospectSaidMattered)}`);
    if (r.prospectCouldHaveChanged.trim()) {
      L.push(`- Prospect said we could have changed: ${mdBlock(r.prospectCouldHaveChanged)}`);
    }
    if (!r.prospectSaidMattered.trim() && !r.prospectCouldHaveChanged.trim()) {
      L.push("- Prospect's view: _no debrief call recorded yet_");
    }
    L.push('');
  }
  return L.join('\n');
}

/**
 * CSV for a spreadsheet, one row per reflection given, with a header row. Columns:
 *
 * | column                   | content                                                        |
 * |--------------------------|----------------------------------------------------------------|
 * | Deal                     | deal name (the deal id when the deal is unknown)               |
 * | Deal ID                  | `hubspot:123`, `local:…`                                        |
 * | Amount                   | number, no formatting; empty when unknown                      |
 * | Currency                 | ISO code as the CRM gave it                                    |
 * | State                    | draft / final                                                  |
 * | Disposition              | lost (re-engage later) / dead                                  |
 * | Lost at                  | YYYY-MM-DD (UTC)                                               |
 * | Outcome                  | taxonomy label ("Lost to a competitor", "No decision / …")     |
 * | Competitor               | name                                                           |
 * | Stage lost               | stage name                                                     |
 * | Primary reason           | category label — detail                                        |
 * | Controllable             | primary reason's flag: controllable / partly / not controllable|
 * | Secondary reasons        | "label — detail (flag)" joined with "; "                        |
 * | Lead source              | lead-source label                                              |
 * | ICP fit                  | 1–5, empty when not given                                      |
 * | Days open                | whole days from opened to closed (else the loss date), on the  |
 * |                          | rep's calendar when their time zone is given, as the reflection|
 * | What I will do differently | free text                                                    |
 * | Rep's stated reason      | free text                                                      |
 * | Prospect said mattered   | free text from the debrief call                                |
 * | Prospect said we could have changed | free text from the debrief call                     |
 *
 * Free text keeps commas, quotes and newlines (RFC 4180 quoting); cells that a spreadsheet
 * would run as a formula (starting with = + - @ tab or CR) are prefixed with `'`.
 */
export const CSV_COLUMNS = [
  'Deal',
  'Deal ID',
  'Amount',
  'Currency',
  'State',
  'Disposition',
  'Lost at',
  'Outcome',
  'Competitor',
  'Stage lost',
  'Primary reason',
  'Controllable',
  'Secondary reasons',
  'Lead source',
  'ICP fit',
  'Days open',
  'What I will do differently',
  "Rep's stated reason",
  'Prospect said mattered',
  'Prospect said we could have changed',
] as const;

const FLAG_TEXT = { controllable: 'controllable', partly: 'partly', 'not-controllable': 'not controllable' } as const;
const flag = (r: LossReason) => FLAG_TEXT[r.controllability];
const reasonCell = (r: LossReason) => `${reasonLabel(r.category)}${r.detail.trim() ? ` — ${isolateBidi(r.detail.trim())}` : ''}`;

export function retrospectiveCsv(reflections: readonly Reflection[], deals: readonly Deal[], timeZone?: string): string {
  const dealById = new Map(deals.map((d) => [d.id, d]));
  const rows = reflections.map((r) => {
    const d = dealById.get(r.dealId);
    const end = d?.closedAt ?? r.lostAt;
    return [
      d?.name ?? r.dealId,
      r.dealId,
      d?.amount ?? '',
      d?.currency ?? '',
      r.state,
      r.disposition,
      isoDate(r.lostAt),
      r.outcome ? outcomeLabel(r.outcome) : '',
      r.competitor ?? '',
      r.stageLost ?? '',
      r.primaryReason ? reasonCell(r.primaryReason) : '',
      r.primaryReason ? flag(r.primaryReason) : '',
      r.secondaryReasons.map((s) => `${reasonCell(s)} (${flag(s)})`).join('; '),
      r.leadSource ? leadSourceLabel(r.leadSource) : '',
      r.icpFit ?? '',
      d ? wholeDays(d.openedAt, end, timeZone) : '',
      r.differently,
      r.repStatedReason,
      r.prospectSaidMattered,
      r.prospectCouldHaveChanged,
    ];
  });
  return Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows.map((row) => row.map((cell) => (typeof cell === 'string' ? isolateBidi(cell) : cell))) },
    { escapeFormulae: /^[=+\-@\t\r]/, newline: '\r\n' },
  );
}
