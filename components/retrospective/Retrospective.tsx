/**
 * The loss retrospective (`retrospective.html`), opened by the recurring retrospective follow-up:
 * first the adjustments agreed last time and how they went, then what happened since — deals lost
 * and won, reasons and the controllable share, where buyers said something else, the lessons
 * written — and the adjustments agreed now (who, what, by when), each stored as it is added.
 * Reads live from the database; every write goes through the background.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { isolateBidi } from '../../lib/bidi';
import { extensionClock } from '../../lib/clock';
import { db, loadSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import type { Adjustment, AdjustmentOutcome, Retrospective as RetroRow } from '../../lib/model';
import { reasonLabel } from '../../lib/reflection/taxonomy';
import { ADJUSTMENT_OUTCOMES, adjustmentsToReview, retrospectiveMarkdown, sessionFileName, summarise, type RetroSummary } from '../../lib/retrospective';
import { dayNumber, instantOfDay } from '../../lib/worktime';
import { formatDate } from '../format';
import { live } from '../live';
import { PageFrame, type FrameState } from '../page-frame';
import { DraftInput, ErrorLine } from '../ui';

async function loadRetrospectiveData() {
  const [deals, reflections, winReflections, debriefs, retrospectives, adjustments, settings] = await Promise.all([
    db().deals.toArray(),
    db().reflections.toArray(),
    db().winReflections.toArray(),
    db().debriefs.toArray(),
    db().retrospectives.toArray(),
    db().adjustments.toArray(),
    loadSettings(db()),
  ]);
  return { deals, reflections, winReflections, debriefs, retrospectives, adjustments, settings };
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x * 100)}%`);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function RetrospectiveApp() {
  const [retroId, setRetroId] = useState<string>();
  const [startError, setStartError] = useState<string>();
  useEffect(() => {
    call('startRetrospective', null).then(
      (r) => setRetroId(r.id),
      (e: unknown) => setStartError(message(e)),
    );
  }, []);
  const query = useMemo(() => live(loadRetrospectiveData), []);
  useEffect(() => () => query.dispose(), [query]);
  const data = query.value.value;
  const retro = data?.retrospectives.find((r) => r.id === retroId);
  const error = startError ?? query.error.value;
  const state: FrameState = error ? { kind: 'error', message: error } : retro && data ? { kind: 'ready' } : { kind: 'loading' };
  const tz = data?.settings.timeZone;
  const now = extensionClock.now();
  const summary = retro && data ? summarise(data, retro.periodFrom, retro.heldAt > 0 ? retro.periodTo : now) : undefined;
  return (
    <PageFrame
      heading="Loss retrospective"
      state={state}
      testId="retrospective"
      missingTestId="retrospective-missing"
      readWhat="the retrospective"
      title="Loss retrospective"
      data={{ 'data-retrospective': retro?.id ?? '', 'data-held': retro && retro.heldAt > 0 ? 'true' : 'false' }}
      meta={summary ? `${formatDate(summary.from, tz)} – ${formatDate(summary.to, tz)} · ${summary.lost.length} lost, ${summary.won.length} won` : undefined}
    >
      {retro && data && summary ? <Body retro={retro} data={data} summary={summary} /> : null}
    </PageFrame>
  );
}

type Data = Awaited<ReturnType<typeof loadRetrospectiveData>>;

function Body({ retro, data, summary }: { retro: RetroRow; data: Data; summary: RetroSummary }) {
  const tz = data.settings.timeZone;
  const reviewed = adjustmentsToReview(data.adjustments, data.retrospectives, retro.id);
  const agreed = data.adjustments.filter((a) => a.retrospectiveId === retro.id).sort((a, b) => a.createdAt - b.createdAt);
  const [notes, setNotes] = useState(retro.notes);
  const [status, setStatus] = useState('');
  const held = retro.heldAt > 0;
  const fmt = (ms: number) => formatDate(ms, tz);
  const markdown = () => retrospectiveMarkdown(summary, agreed, reviewed, fmt, notes);
  const complete = async () => {
    try {
      await call('completeRetrospective', { id: retro.id, notes });
      setStatus('Retrospective completed. The next one is in the toolbar popup when it is due.');
    } catch (e) {
      setStatus(`Could not complete it: ${message(e)}`);
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([markdown()], { type: 'text/markdown;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = sessionFileName(summary.to, tz);
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <>
      <Review retro={retro} reviewed={reviewed} fmt={fmt} />
      <Happened summary={summary} fmt={fmt} />
      <Agreed retro={retro} agreed={agreed} tz={tz} fmt={fmt} />
      <section class="rf-section" aria-labelledby="retro-notes-heading">
        <h2 id="retro-notes-heading">Notes</h2>
        <label for="retro-notes" class="rf-sr">
          Notes of the session
        </label>
        <textarea id="retro-notes" rows={3} value={notes} onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)} />
      </section>
      <div class="rf-actions row">
        {held ? (
          <p data-testid="retro-held">Held on {fmt(retro.heldAt)}.</p>
        ) : (
          <button type="button" class="primary" data-testid="complete-retrospective" onClick={() => void complete()}>
            Complete the retrospective
          </button>
        )}
        <button type="button" data-testid="retro-markdown" onClick={download}>
          Download as Markdown
        </button>
        <p role="status" class="small muted" data-testid="retro-status">
          {status}
        </p>
      </div>
    </>
  );
}

function Review({ retro, reviewed, fmt }: { retro: RetroRow; reviewed: Adjustment[]; fmt: (ms: number) => string }) {
  const [error, setError] = useState('');
  const save = (a: Adjustment, patch: { outcome?: AdjustmentOutcome; outcomeNote?: string }) =>
    call('saveAdjustment', { id: a.id, retrospectiveId: a.retrospectiveId, reviewedIn: retro.id, ...patch }).then(
      () => setError(''),
      (e: unknown) => setError(message(e)),
    );
  return (
    <section class="rf-section" aria-labelledby="review-heading" data-testid="review">
      <h2 id="review-heading">Adjustments from the last retrospective</h2>
      {reviewed.length === 0 ? (
        <p class="empty" data-testid="review-empty">
          Nothing agreed last time is waiting for review. What you agree below is shown here next time, to say how it went.
        </p>
      ) : (
        <table class="figures" data-testid="review-table">
          <caption class="rf-sr">Adjustments from the last retrospective and how they went</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">By</th>
              <th scope="col">Outcome</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {reviewed.map((a) => (
              <tr key={a.id} data-adjustment={a.id} data-outcome={a.outcome}>
                <td>{a.who}</td>
                <th scope="row">{a.what}</th>
                <td>{fmt(a.dueAt)}</td>
                <td>
                  <select aria-label={`Outcome of "${a.what}"`} value={a.outcome} onChange={(e) => void save(a, { outcome: (e.currentTarget as HTMLSelectElement).value as AdjustmentOutcome })}>
                    {ADJUSTMENT_OUTCOMES.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <DraftInput label={`Note on "${a.what}"`} stored={a.outcomeNote} onSave={(outcomeNote) => void save(a, { outcomeNote })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorLine error={error} />
    </section>
  );
}

function Happened({ summary: s, fmt }: { summary: RetroSummary; fmt: (ms: number) => string }) {
  return (
    <section class="rf-section" aria-labelledby="happened-heading" data-testid="happened">
      <h2 id="happened-heading">Since the last retrospective</h2>
      <p data-testid="retro-controllable">
        {s.controllable.reasons === 0
          ? 'No finished reflection on a deal lost in this period yet.'
          : `${pct(s.controllable.share)} of ${s.controllable.reasons} loss reasons were in your control.`}
      </p>
      <h3>Deals lost ({s.lost.length})</h3>
      {s.lost.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul data-testid="retro-lost">
          {s.lost.map((d) => (
            <li key={d.id} data-deal={d.id}>
              <a href={`/reflection.html?deal=${encodeURIComponent(d.id)}`} target="_blank">
                {d.name}
              </a>{' '}
              <span class="small muted">
                {fmt(d.closedAt)}
                {d.status === 'dead' ? ' · dead' : ''} · {d.reason ?? 'no finished reflection'}
                {d.competitor ? ` · went to ${isolateBidi(d.competitor)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>Deals won ({s.won.length})</h3>
      {s.won.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul data-testid="retro-won">
          {s.won.map((d) => (
            <li key={d.id} data-deal={d.id}>
              {isolateBidi(d.name)} <span class="small muted">{fmt(d.closedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {s.reasons.length > 0 ? (
        <table class="figures" data-testid="retro-reasons">
          <caption class="small muted">Reasons of the deals lost in this period</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Times named</th>
              <th scope="col">In your control</th>
            </tr>
          </thead>
          <tbody>
            {s.reasons.map((r) => (
              <tr key={r.category} data-reason={r.category}>
                <th scope="row">{r.label}</th>
                <td>{r.total}</td>
                <td>{pct(r.controllableShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s.mismatches.length > 0 ? (
        <>
          <h3>Where the buyer said something else</h3>
          <ul data-testid="retro-mismatches">
            {s.mismatches.map((m) => (
              <li key={m.dealId} data-deal={m.dealId}>
                {isolateBidi(m.dealName)}: you said {reasonLabel(m.rep)}, they said {reasonLabel(m.buyer)}
                {m.buyerDetail ? ` ("${isolateBidi(m.buyerDetail)}")` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Lessons written</h3>
      {s.lessons.length === 0 ? (
        <p class="muted">None in this period.</p>
      ) : (
        <ul data-testid="retro-lessons">
          {s.lessons.map((l) => (
            <li key={`${l.kind}:${l.dealId}`} data-deal={l.dealId}>
              <strong>{l.dealName}</strong> <span class="small muted">({l.kind})</span>: {isolateBidi(l.text)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Agreed({ retro, agreed, tz, fmt }: { retro: RetroRow; agreed: Adjustment[]; tz: string; fmt: (ms: number) => string }) {
  const [who, setWho] = useState('');
  const [what, setWhat] = useState('');
  const [by, setBy] = useState('');
  const [error, setError] = useState('');
  const add = async () => {
    const day = dayNumber(by);
    if (!what.trim()) return setError('Say what will change.');
    if (day === undefined) return setError('Choose the date it is due by.');
    try {
      await call('saveAdjustment', { retrospectiveId: retro.id, who: who.trim(), what: what.trim(), dueAt: instantOfDay(day, 0, tz) });
      setWho('');
      setWhat('');
      setBy('');
      setError('');
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section class="rf-section" aria-labelledby="agreed-heading" data-testid="agreed">
      <h2 id="agreed-heading">Adjustments agreed</h2>
      <p class="small muted">
        A retrospective ends with changes: the customers you pursue, your contact rhythm, the offer. Each one needs someone and a
        date; the next retrospective asks how it went.
      </p>
      {agreed.length > 0 ? (
        <table class="figures" data-testid="agreed-table">
          <caption class="rf-sr">Adjustments agreed at this retrospective</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">By</th>
              <th scope="col">
                <span class="rf-sr">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agreed.map((a) => (
              <tr key={a.id} data-adjustment={a.id}>
                <td>{a.who}</td>
                <th scope="row">{a.what}</th>
                <td>{fmt(a.dueAt)}</td>
                <td>
                  <button type="button" aria-label={`Remove "${a.what}"`} onClick={() => void call('removeAdjustment', { id: a.id })}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form
        class="rf-grid"
        data-testid="add-adjustment"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div class="rf-field">
          <label for="adj-who">Who</label>
          <input id="adj-who" type="text" value={who} onInput={(e) => setWho((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="rf-field">
          <label for="adj-by">By when</label>
          <input id="adj-by" type="date" value={by} onInput={(e) => setBy((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="rf-field rf-wide">
          <label for="adj-what">What will change</label>
          <input id="adj-what" type="text" value={what} onInput={(e) => setWhat((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="rf-wide">
          <button type="submit">Add adjustment</button>
          <ErrorLine error={error} />
        </div>
      </form>
    </section>
  );
}
