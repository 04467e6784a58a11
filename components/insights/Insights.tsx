/**
 * Insights: lost deals compared with won ones (docs/method.md, "Regular retrospectives"), with the retrospective exports.
 * Plain tables and lists; every section says what will appear and why when it is empty.
 * All text is rendered as text (JSX escapes it); nothing is put in as HTML.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { extensionClock } from '../../lib/clock';
import { db } from '../../lib/db';
import type { Agreement, GroupMedian, Insights as InsightsFigures } from '../../lib/insights';
import { reasonLabel } from '../../lib/reflection/taxonomy';
import type { Deal } from '../../lib/model';
import { formatWait } from '../../lib/attention';
import { monthLabel, type TouchChannel } from '../../lib/insights-charts';
import { filterChoices, filterData, filterToSearch, parseFilter, PERIOD_LABELS, PERIODS, type FilterChoices, type InsightsFilter, type Period } from '../../lib/insights-filter';
import { BarChart, LineChart } from '../chart';
import { live } from '../live';
import { call } from '../../lib/messaging';
import { isSampleId, withoutSample } from '../../lib/sample-data';
import { buildInsights, csvExport, loadInsightsData, markdownExport, retrospectiveFileName, type InsightsData, type InsightsView } from './model';
import { ErrorLine } from '../ui';

const pct = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x * 100)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function Insights() {
  // components/live's `live`, owned here like `useLive` does, so a failed read can be shown.
  const query = useMemo(() => live(() => loadInsightsData(db())), []);
  useEffect(() => () => query.dispose(), [query]);
  const [filter, setFilter] = useState<InsightsFilter>(() => parseFilter(location.search));
  // The filter lives in the address: a reload, or the back button after a change, shows the same figures.
  useEffect(() => {
    const follow = () => setFilter(parseFilter(location.search));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const choose = (next: InsightsFilter) => {
    history.replaceState(history.state, '', `${location.pathname}${filterToSearch(next)}${location.hash}`);
    setFilter(next);
  };
  const data = query.value.value;
  const shown = useMemo(() => {
    if (!data) return undefined;
    const now = extensionClock.now();
    const filtered = filterData(data, filter, now, data.settings.timeZone);
    return { filtered, view: buildInsights(filtered, now) };
  }, [data, filter]);
  if (!data || !shown) {
    const error = query.error.value;
    return (
      <main>
        <h1>Insights — lost vs won</h1>
        {error ? <ErrorLine error={`Could not read the deals: ${error}`} /> : <p class="muted">Loading…</p>}
      </main>
    );
  }
  const { view, filtered } = shown;
  const i = view.insights;
  return (
    <main data-testid="insights">
      <h1>Insights — lost vs won</h1>
      <p class="muted">
        When you lose a sale, don't lose the lesson too. Each lost deal is compared with the ones you won. Everything here is
        computed in this browser from what Deal Debrief recorded while you worked.
      </p>
      <Sample deals={data.deals} />
      <Filters filter={filter} choices={filterChoices(data)} onChange={choose} />
      <Headlines view={view} />
      <Exports view={view} filtered={filtered} timeZone={data.settings.timeZone} />
      <Counts insights={i} unfinished={view.unfinished} />
      <Reasons insights={i} />
      <AgreementSection agreement={view.agreement} />
      <Stages insights={i} />
      <Competitors view={view} />
      <LeadSources insights={i} />
      <ResponseTimes insights={i} />
      <Touchpoints insights={i} channels={view.channels} />
      <Trend view={view} />
    </main>
  );
}

/** A select's options, with the current value kept even when no deal has it any more. */
function withCurrent(options: { value: string; label: string }[], current: string | undefined) {
  return current && !options.some((o) => o.value.toLowerCase() === current.toLowerCase()) ? [...options, { value: current, label: current }] : options;
}

function Filters({ filter, choices, onChange }: { filter: InsightsFilter; choices: FilterChoices; onChange: (f: InsightsFilter) => void }) {
  const set = (patch: Partial<InsightsFilter>) => {
    const next: InsightsFilter = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof InsightsFilter)[]) if (next[k] === '' || next[k] === undefined) delete next[k];
    onChange(next);
  };
  const pick = (e: Event) => (e.currentTarget as HTMLSelectElement | HTMLInputElement).value || undefined;
  const lists: { key: 'source' | 'competitor' | 'stage'; label: string; options: { value: string; label: string }[] }[] = [
    { key: 'source', label: 'Lead source', options: choices.sources },
    { key: 'competitor', label: 'Competitor', options: choices.competitors.map((c) => ({ value: c, label: c })) },
    { key: 'stage', label: 'Stage lost', options: choices.stages.map((c) => ({ value: c, label: c })) },
  ];
  const active = filter.period !== 'all' || filter.source || filter.competitor || filter.stage;
  return (
    <form class="filters" role="search" aria-label="Which deals the figures cover" data-testid="filters" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label for="filter-period">Period</label>
        <select id="filter-period" value={filter.period} onChange={(e) => set({ period: (pick(e) as Period | undefined) ?? 'all' })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      {filter.period === 'custom' ? (
        <>
          <div>
            <label for="filter-from">From</label>
            <input id="filter-from" type="date" value={filter.from ?? ''} onChange={(e) => set({ from: pick(e) })} />
          </div>
          <div>
            <label for="filter-to">To</label>
            <input id="filter-to" type="date" value={filter.to ?? ''} onChange={(e) => set({ to: pick(e) })} />
          </div>
        </>
      ) : null}
      {lists.map((l) => (
        <div key={l.key}>
          <label for={`filter-${l.key}`}>{l.label}</label>
          <select id={`filter-${l.key}`} value={filter[l.key] ?? ''} onChange={(e) => set({ [l.key]: pick(e) })}>
            <option value="">Any</option>
            {withCurrent(l.options, filter[l.key]).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {active ? (
        <button type="button" data-testid="clear-filters" onClick={() => onChange({ period: 'all' })}>
          Show everything
        </button>
      ) : null}
    </form>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section data-testid={`insights-${id}`} aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

function Empty({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="empty" data-testid={`${id}-empty`}>
      {children}
    </p>
  );
}

function Sample({ deals }: { deals: Deal[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const hasSample = deals.some((d) => isSampleId(d.id));
  if (deals.length > 0 && !hasSample) return null;
  const run = async (name: 'loadSampleData' | 'removeSampleData') => {
    setBusy(true);
    try {
      await call(name, null);
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="sample" role="region" aria-label="Sample data">
      {hasSample ? (
        <p>
          <strong>You are looking at sample data</strong>: a made-up quarter of deals. It stays out of backups and exports unless
          you include it.{' '}
          <button type="button" data-testid="remove-sample" disabled={busy} onClick={() => void run('removeSampleData')}>
            Remove sample data
          </button>
        </p>
      ) : (
        <p>
          Nothing to compare yet. To see what this page shows once you have won and lost a few deals, load a made-up quarter of
          deals, emails, calls, reflections and debrief calls; you can remove it in one click.{' '}
          <button type="button" class="primary" data-testid="load-sample" disabled={busy} onClick={() => void run('loadSampleData')}>
            Load sample data
          </button>
        </p>
      )}
      <ErrorLine error={error} />
    </div>
  );
}

function Headlines({ view }: { view: InsightsView }) {
  if (view.headlines.length === 0) return null;
  return (
    <ul class="headlines" data-testid="headlines" aria-label="In short">
      {view.headlines.map((h) => (
        <li key={h.id} data-headline={h.id}>
          {h.text}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------

type ExportStatus = { kind: 'idle' } | { kind: 'done'; message: string } | { kind: 'manual'; message: string; text: string };

function download(text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by then; keep the URL a moment for browsers that read it late.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Exports({ view: shown, filtered, timeZone }: { view: InsightsView; filtered: InsightsData; timeZone: string }) {
  const hasSample = filtered.deals.some((d) => isSampleId(d.id));
  const [includeSample, setIncludeSample] = useState(false);
  // Sample deals stay out of what is exported unless the rep asks for them.
  const real = useMemo(() => (hasSample && !includeSample ? withoutSample(filtered) : undefined), [filtered, hasSample, includeSample]);
  const view = real ? buildInsights(real, extensionClock.now()) : shown;
  const deals = real ? real.deals : filtered.deals;
  const [status, setStatus] = useState<ExportStatus>({ kind: 'idle' });
  const markdown = () => markdownExport(view, deals, extensionClock.now(), timeZone);
  const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;

  const downloadMarkdown = () => {
    const now = extensionClock.now();
    const name = retrospectiveFileName(now, timeZone, 'md');
    download(markdownExport(view, deals, now, timeZone), 'text/markdown;charset=utf-8', name);
    setStatus({ kind: 'done', message: `Downloaded ${name}.` });
  };
  const downloadCsv = () => {
    const name = retrospectiveFileName(extensionClock.now(), timeZone, 'csv');
    // The byte-order mark makes spreadsheet apps read the file as UTF-8.
    download(`\uFEFF${csvExport(view, deals, timeZone)}`, 'text/csv;charset=utf-8', name);
    setStatus({ kind: 'done', message: `Downloaded ${name}.` });
  };
  const copy = async () => {
    const text = markdown();
    if (!clipboard) {
      setStatus({ kind: 'manual', message: 'This browser does not allow copying from here; select the text below and copy it.', text });
      return;
    }
    try {
      await clipboard.writeText(text);
      setStatus({ kind: 'done', message: 'Markdown copied to the clipboard.' });
    } catch {
      setStatus({ kind: 'manual', message: 'Copying was blocked; select the text below and copy it.', text });
    }
  };

  return (
    <Section id="exports" title="Retrospective for the team meeting">
      <p class="small muted">
        A summary of these figures and every lost deal's reflection — reasons, what the prospect said, what you will do
        differently — for a regular loss-retrospective session.
        {view.lostReflections.length === 0 ? ' No reflections yet, so the export holds only the summary.' : ''}
      </p>
      <div class="row">
        <button type="button" class="primary" data-testid="download-markdown" onClick={downloadMarkdown}>
          Download retrospective (Markdown)
        </button>
        <button type="button" data-testid="download-csv" onClick={downloadCsv}>
          Download retrospective (CSV)
        </button>
        <button type="button" data-testid="copy-markdown" onClick={() => void copy()}>
          Copy Markdown
        </button>
      </div>
      {hasSample ? (
        <label class="inline">
          <input type="checkbox" data-testid="include-sample" checked={includeSample} onChange={(e) => setIncludeSample((e.currentTarget as HTMLInputElement).checked)} />
          Include the sample data
        </label>
      ) : null}
      <p role="status" class="small muted" data-testid="export-status">
        {status.kind === 'idle' ? '' : status.message}
      </p>
      {status.kind === 'manual' ? (
        <textarea readOnly aria-label="Retrospective as Markdown" data-testid="markdown-text" rows={12} value={status.text} />
      ) : null}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------

function Counts({ insights, unfinished }: { insights: InsightsFigures; unfinished: InsightsView['unfinished'] }) {
  const c = insights.counts;
  const total = c.won + c.lostTotal + c.open;
  return (
    <Section id="counts" title="Deals">
      {total === 0 ? (
        <Empty id="counts">
          No deals yet. Deals appear as you open them in HubSpot, Salesforce or Pipedrive, or link a Gmail thread to a deal from
          the sidebar; mark them won or lost and they are compared here.
        </Empty>
      ) : (
        <>
          <table class="figures" data-testid="counts-table">
            <thead>
              <tr>
                <th scope="col">Lost</th>
                <th scope="col">Won</th>
                <th scope="col">Dead</th>
                <th scope="col">Open</th>
                <th scope="col">Win rate</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-testid="count-lost">{c.lost}</td>
                <td data-testid="count-won">{c.won}</td>
                <td data-testid="count-dead">{c.dead}</td>
                <td data-testid="count-open">{c.open}</td>
                <td data-testid="win-rate">{pct(c.winRate)}</td>
              </tr>
            </tbody>
          </table>
          <p class="small muted">
            Dead deals (not worth more time) count as losses in the figures below; the win rate is won ÷ (won + lost + dead).
          </p>
        </>
      )}
      {unfinished.length > 0 ? (
        <div data-testid="unfinished">
          <p>
            {plural(unfinished.length, 'lost deal has', 'lost deals have')} no finished reflection yet — finish{' '}
            {unfinished.length === 1 ? 'it' : 'them'} so the reasons count here.
          </p>
          <ul>
            {unfinished.map(({ deal, draft }) => (
              <li key={deal.id}>
                <a href={`/reflection.html?deal=${encodeURIComponent(deal.id)}`} target="_blank">
                  {deal.name}
                </a>{' '}
                <span class="small muted">{draft ? '(draft)' : '(not started)'}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Section>
  );
}

function Reasons({ insights }: { insights: InsightsFigures }) {
  const ctl = insights.controllable;
  return (
    <Section id="reasons" title="Why deals were lost">
      {insights.reasons.length === 0 ? (
        <Empty id="reasons">
          Mark a deal lost and finish its reflection to see reasons here: the primary and secondary reasons of every lost deal,
          and how much of it was in your control.
        </Empty>
      ) : (
        <>
          <p data-testid="controllable-share">
            <strong>{pct(ctl.share)}</strong> of {plural(ctl.reasons, 'loss reason')} were in your control ({ctl.controllable}{' '}
            controllable, {ctl.partly} partly, {ctl.notControllable} not). Focus on what you control.
          </p>
          <BarChart
            id="reasons"
            title="Loss reasons and how much was in your control"
            stacked
            series={[
              { key: 'controllable', label: 'Controllable' },
              { key: 'partly', label: 'Partly controllable' },
              { key: 'not', label: 'Not controllable' },
            ]}
            rows={insights.reasons.map((r) => ({ key: r.category, label: r.label, values: [r.controllable, r.partly, r.notControllable] }))}
            format={String}
          >
          <table class="figures" data-testid="reasons-table">
            <caption class="rf-sr">Loss reasons and how much was in your control</caption>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Primary</th>
                <th scope="col">Secondary</th>
                <th scope="col">Total</th>
                <th scope="col">Controllable share</th>
                <th scope="col">Wins (why they chose us)</th>
              </tr>
            </thead>
            <tbody>
              {insights.reasons.map((r) => (
                <tr key={r.category} data-reason={r.category}>
                  <th scope="row">{r.label}</th>
                  <td data-col="primary">{r.primary}</td>
                  <td data-col="secondary">{r.secondary}</td>
                  <td data-col="total">{r.total}</td>
                  <td data-col="controllable">{pct(r.controllableShare)}</td>
                  <td data-col="wins">{r.wins}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </BarChart>
          <p class="small muted">Controllable counts fully, partly controllable counts half, not controllable counts nothing.</p>
        </>
      )}
      {insights.outcomes.length > 0 ? (
        <>
          <h3>How they ended</h3>
          <ul data-testid="outcomes">
            {insights.outcomes.map((o) => (
              <li key={o.outcome} data-outcome={o.outcome}>
                {o.label}: {o.count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function AgreementSection({ agreement: a }: { agreement: Agreement }) {
  return (
    <Section id="agreement" title="Your read against the buyer's">
      {a.compared === 0 ? (
        <Empty id="agreement">
          After a debrief call, choose the reason the buyer gave on the debrief page. Here you will see how often it matched the
          main reason in your reflection. Reps and buyers often disagree; price is the reason reps name most often.
        </Empty>
      ) : (
        <>
          <p data-testid="agreement-share" data-compared={a.compared} data-matched={a.matched}>
            In <strong>{a.matched} of {plural(a.compared, 'debrief call')}</strong> ({pct(a.share)}) the buyer's reason matched
            your main reason.
          </p>
          {a.overNamed.length > 0 ? (
            <p data-testid="over-named">
              Reasons you named that buyers did not confirm:{' '}
              {a.overNamed.map((o, i) => (
                <span key={o.category} data-reason={o.category}>
                  {i > 0 ? ', ' : ''}
                  {o.label} ({o.mismatches} of {o.named})
                </span>
              ))}
              .
            </p>
          ) : null}
          {a.mismatches.length > 0 ? (
            <table class="figures" data-testid="mismatches-table">
              <caption class="small muted">Debriefs where the reasons differed</caption>
              <thead>
                <tr>
                  <th scope="col">Deal</th>
                  <th scope="col">Your reason</th>
                  <th scope="col">Their reason</th>
                  <th scope="col">In their words</th>
                </tr>
              </thead>
              <tbody>
                {a.mismatches.map((m) => (
                  <tr key={m.dealId} data-deal={m.dealId}>
                    <th scope="row">
                      <a href={`/debrief.html?deal=${encodeURIComponent(m.dealId)}`} target="_blank">
                        {m.dealName}
                      </a>
                    </th>
                    <td>{reasonLabel(m.rep)}</td>
                    <td>{reasonLabel(m.buyer)}</td>
                    <td>{m.buyerDetail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </Section>
  );
}

function Stages({ insights }: { insights: InsightsFigures }) {
  return (
    <Section id="stages" title="Stage where deals were lost">
      {insights.stages.length === 0 ? (
        <Empty id="stages">
          Record the stage where a deal was lost in its reflection to see where in the pipeline you lose deals. Losses in the
          first stages point at the buyer personas and who you target.
        </Empty>
      ) : (
        <>
          {insights.earlyLosses > 0 ? (
            <p class="flag due-soon" data-testid="early-losses">
              {insights.earlyLosses} of {plural(insights.stageRecorded, 'loss', 'losses')} ({pct(insights.earlyLossShare)}) came in an
              early stage. Prospects dropping out early suggest revisiting the buyer personas and who marketing targets.
            </p>
          ) : null}
          <BarChart id="stages" title="Losses by stage" series={[{ key: 'losses', label: 'Losses' }]} rows={insights.stages.map((st) => ({ key: st.stage, label: st.stage, values: [st.count] }))} format={String}>
          <table class="figures" data-testid="stages-table">
            <caption class="rf-sr">Losses by stage</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Losses</th>
                <th scope="col">Early?</th>
              </tr>
            </thead>
            <tbody>
              {insights.stages.map((s) => (
                <tr key={s.stage} data-stage={s.stage} data-early={s.early ? 'true' : 'false'}>
                  <th scope="row">{s.stage}</th>
                  <td>{s.count}</td>
                  <td>{s.early ? 'Early — check the buyer persona' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </BarChart>
        </>
      )}
    </Section>
  );
}

function Competitors({ view }: { view: InsightsView }) {
  const rates = view.competitors;
  return (
    <Section id="competitors" title="Win rate by competitor">
      {rates.length === 0 ? (
        <Empty id="competitors">
          When a finished reflection says a deal went to a competitor, or a win reflection names the competitor you beat, the
          competitor appears here with the deals you lost to them and won against them.
        </Empty>
      ) : (
        <BarChart id="competitors" title="Win rate by competitor" series={[{ key: 'rate', label: 'Win rate' }]} rows={rates.map((x) => ({ key: x.name, label: x.name, values: [x.winRate] }))} format={(v) => pct(v)} max={1}>
          <table class="figures" data-testid="competitors-table">
            <caption class="rf-sr">Win rate by competitor</caption>
            <thead>
              <tr>
                <th scope="col">Competitor</th>
                <th scope="col">Deals lost to them</th>
                <th scope="col">Deals won against them</th>
                <th scope="col">Win rate</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((x) => (
                <tr key={x.name} data-competitor={x.name}>
                  <th scope="row">{x.name}</th>
                  <td>{x.lost}</td>
                  <td>{x.won}</td>
                  <td>{pct(x.winRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </BarChart>
      )}
    </Section>
  );
}

function LeadSources({ insights }: { insights: InsightsFigures }) {
  return (
    <Section id="lead-sources" title="By lead source">
      {insights.leadSources.length === 0 ? (
        <Empty id="lead-sources">
          Once deals are won or lost, each lead source (cold call, warm introduction, referral…) appears here with its win rate,
          so you can see which sources are worth your time.
        </Empty>
      ) : (
        <BarChart
          id="lead-sources"
          title="Win rate by lead source"
          series={[{ key: 'rate', label: 'Win rate' }]}
          rows={insights.leadSources.map((x) => ({ key: x.source || '(none)', label: x.label, values: [x.winRate] }))}
          format={(v) => pct(v)}
          max={1}
        >
        <table class="figures" data-testid="lead-sources-table">
          <caption class="rf-sr">Win rate by lead source</caption>
          <thead>
            <tr>
              <th scope="col">Lead source</th>
              <th scope="col">Won</th>
              <th scope="col">Lost</th>
              <th scope="col">Win rate</th>
            </tr>
          </thead>
          <tbody>
            {insights.leadSources.map((s) => (
              <tr key={s.source || '(none)'} data-source={s.source}>
                <th scope="row">{s.label}</th>
                <td>{s.won}</td>
                <td>{s.lost}</td>
                <td>{pct(s.winRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </BarChart>
      )}
    </Section>
  );
}

const medianDuration = (g: GroupMedian, dayMs: number) => (g.median === undefined ? '—' : formatWait(g.median, dayMs));
const medianCount = (g: GroupMedian) => (g.median === undefined ? '—' : String(Math.round(g.median * 10) / 10));

function ResponseTimes({ insights }: { insights: InsightsFigures }) {
  const { lost, won } = insights.responseTime;
  const any = lost.median !== undefined || won.median !== undefined;
  return (
    <Section id="response" title="Your response time: lost vs won">
      {!any ? (
        <Empty id="response">
          Response times appear once won or lost deals have prospect emails with your replies: the median working time you took
          to answer on the deals you lost, next to the deals you won.
        </Empty>
      ) : (
        <>
          <BarChart
            id="response"
            title="Median response time: lost vs won"
            series={[{ key: 'median', label: 'Median response time' }]}
            rows={[
              { key: 'lost', label: 'Lost', values: [lost.median] },
              { key: 'won', label: 'Won', values: [won.median] },
            ]}
            format={(ms) => formatWait(ms, insights.responseTime.dayMs)}
          >
          <table class="figures" data-testid="response-table">
            <caption class="rf-sr">Median response time: lost vs won</caption>
            <thead>
              <tr>
                <th scope="col">Deals</th>
                <th scope="col">With replies</th>
                <th scope="col">Median response time</th>
              </tr>
            </thead>
            <LostWonRows lost={lost} won={won} value={(g) => medianDuration(g, insights.responseTime.dayMs)} />
          </table>
          </BarChart>
          <p class="small muted">
            Each deal's median reply time to its prospects, counted in your working hours, then the median over deals. Response
            time is a factor you control.
          </p>
        </>
      )}
    </Section>
  );
}

const CHANNEL_LABEL: Record<TouchChannel, string> = { email: 'Emails', call: 'Calls', meeting: 'Meetings' };
const perDeal = (v: number | undefined) => (v === undefined ? '—' : String(Math.round(v * 10) / 10));

function Touchpoints({ insights, channels }: { insights: InsightsFigures; channels: InsightsView['channels'] }) {
  const c = insights.counts;
  const { lost, won } = insights.touchpoints;
  return (
    <Section id="touchpoints" title="Touchpoints per deal: lost vs won">
      {c.won + c.lostTotal === 0 ? (
        <Empty id="touchpoints">
          Once deals are won or lost, the median number of emails, calls and meetings per deal appears here for each group, so
          you can see whether lost deals got less attention.
        </Empty>
      ) : (
        <>
          <BarChart
            id="touchpoints"
            title="Touchpoints per deal by channel: lost vs won"
            series={[
              { key: 'lost', label: 'Lost deals' },
              { key: 'won', label: 'Won deals' },
            ]}
            rows={channels.rows.map((r) => ({ key: r.channel, label: CHANNEL_LABEL[r.channel], values: [r.lost, r.won] }))}
            format={perDeal}
          >
            <table class="figures" data-testid="touchpoints-channel-table">
              <caption class="rf-sr">Touchpoints per deal by channel: lost vs won</caption>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Per lost deal ({channels.lostDeals})</th>
                  <th scope="col">Per won deal ({channels.wonDeals})</th>
                </tr>
              </thead>
              <tbody>
                {channels.rows.map((r) => (
                  <tr key={r.channel} data-channel={r.channel}>
                    <th scope="row">{CHANNEL_LABEL[r.channel]}</th>
                    <td data-col="lost">{perDeal(r.lost)}</td>
                    <td data-col="won">{perDeal(r.won)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </BarChart>
          <table class="figures" data-testid="touchpoints-table">
            <caption class="small muted">All channels together</caption>
            <thead>
              <tr>
                <th scope="col">Deals</th>
                <th scope="col">Count</th>
                <th scope="col">Median touchpoints</th>
              </tr>
            </thead>
            <LostWonRows lost={lost} won={won} value={medianCount} />
          </table>
        </>
      )}
    </Section>
  );
}

function Trend({ view }: { view: InsightsView }) {
  const points = view.trend;
  return (
    <Section id="trend" title="Month by month">
      {points.length === 0 ? (
        <Empty id="trend">Once deals are won or lost, the win rate and the controllable share of your loss reasons appear here month by month.</Empty>
      ) : (
        <LineChart
          id="trend"
          title="Win rate and controllable share by month"
          series={[
            { key: 'win-rate', label: 'Win rate' },
            { key: 'controllable', label: 'Controllable share of loss reasons' },
          ]}
          points={points.map((p) => ({ key: p.month, label: monthLabel(p.month), values: [p.winRate, p.controllableShare] }))}
        >
          <table class="figures" data-testid="trend-table">
            <caption class="rf-sr">Win rate and controllable share by month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Won</th>
                <th scope="col">Lost</th>
                <th scope="col">Win rate</th>
                <th scope="col">Controllable share</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.month} data-month={p.month}>
                  <th scope="row">{monthLabel(p.month)}</th>
                  <td>{p.won}</td>
                  <td>{p.lost}</td>
                  <td>{pct(p.winRate)}</td>
                  <td>{pct(p.controllableShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </LineChart>
      )}
    </Section>
  );
}

/** The two rows every lost-vs-won table shares: the group, its deal count, and its figure. */
function LostWonRows<G extends { deals: number }>({ lost, won, value }: { lost: G; won: G; value: (g: G) => string }) {
  return (
    <tbody>
      {(
        [
          ['lost', 'Lost', lost],
          ['won', 'Won', won],
        ] as const
      ).map(([key, label, group]) => (
        <tr key={key} data-group={key}>
          <th scope="row">{label}</th>
          <td>{group.deals}</td>
          <td>{value(group)}</td>
        </tr>
      ))}
    </tbody>
  );
}
