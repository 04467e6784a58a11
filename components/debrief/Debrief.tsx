/**
 * The debrief call page (`debrief.html?deal=<id>`), opened from the debrief follow-up: whom to
 * call, the prepared questions with room for the answers while on the call, the reason the buyer
 * gives (same list as the rep's reasons), and the deal's hard data and timeline to hand.
 * Everything saves as it is typed; the answers fill the reflection's prospect's view.
 */
import { isolateBidi } from '../../lib/bidi';
import { useMemo } from 'preact/hooks';
import type { ReasonCategory } from '../../lib/model';
import { formatWait, workdayMs } from '../../lib/attention';
import { DEBRIEF_GUIDANCE, DEBRIEF_TIPS, outcomeLabel, REASON_CATEGORIES, reasonLabel } from '../../lib/reflection/taxonomy';
import { countOf, formatDate, formatDateTime } from '../format';
import { frameState, PageFrame, useLeaveFlush } from '../page-frame';
import { createDebriefModel, type DebriefModel } from './model';
import { ErrorLine } from '../ui';

const valueOf = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export function DebriefApp({ search }: { search?: string } = {}) {
  const dealId = new URLSearchParams(search ?? location.search).get('deal');
  if (!dealId) {
    return (
      <main>
        <h1>Debrief call</h1>
        <p>Open this page from a debrief follow-up in the toolbar popup.</p>
      </main>
    );
  }
  return <DebriefPage key={dealId} dealId={dealId} />;
}

function DebriefPage({ dealId }: { dealId: string }) {
  const model = useMemo(() => createDebriefModel(dealId), [dealId]);
  useLeaveFlush(model);
  const deal = model.deal.value;
  const tz = model.settings.value?.timeZone;
  const r = model.reflection.value;
  return (
    <PageFrame
      heading="Debrief call"
      state={frameState(model, !!deal)}
      testId="debrief"
      data={{ 'data-deal': deal?.id ?? '' }}
      missingTestId="debrief-not-found"
      dealId={dealId}
      title={deal ? `Debrief call — ${isolateBidi(deal.name)}` : undefined}
      name={deal?.name}
      meta={r ? `${outcomeLabel(r.outcome)} · lost ${formatDate(r.lostAt, tz)}` : deal?.closedAt ? `Closed ${formatDate(deal.closedAt, tz)}` : ''}
    >
      {deal ? (
        <>
      <DebriefSaveStatus model={model} />
      <WhoToCall model={model} />
      <Questions model={model} />
      <HardFigures model={model} />
      <DebriefTimeline model={model} />
        </>
      ) : null}
    </PageFrame>
  );
}

function DebriefSaveStatus({ model }: { model: DebriefModel }) {
  const s = model.save.value;
  const text = s.kind === 'saving' ? 'Saving…' : s.kind === 'error' ? s.message : s.kind === 'saved' ? 'Saved' : 'Saved as you type';
  return (
    <p class={`rf-save ${s.kind}`} role="status" aria-live="polite" data-testid="save-status" data-state={s.kind} data-held={model.held.value ? 'true' : 'false'}>
      {model.held.value ? `Call done. ${text}` : text}
    </p>
  );
}

function WhoToCall({ model }: { model: DebriefModel }) {
  const who = model.decisionMaker.value;
  return (
    <section class="card rf-section" aria-labelledby="who-heading" data-testid="who-to-call">
      <h2 id="who-heading">Who to call</h2>
      {who ? (
        <p>
          <strong data-testid="decision-maker">{who.name}</strong>
          {who.phone ? (
            <>
              {' · '}
              <a href={`tel:${who.phone.replace(/[^\d+]/g, '')}`} data-testid="decision-maker-phone">
                {who.phone}
              </a>
            </>
          ) : (
            <span class="small muted"> · no phone number recorded</span>
          )}
          {who.name !== who.email ? <span class="small muted"> · {who.email}</span> : null}
        </p>
      ) : (
        <p class="muted">No contact is recorded for this deal.</p>
      )}
      <p>{DEBRIEF_GUIDANCE}</p>
      <ul class="small">
        {DEBRIEF_TIPS.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </section>
  );
}

function Questions({ model }: { model: DebriefModel }) {
  const d = model.draft.value!;
  const r = model.reflection.value;
  return (
    <form class="rf-form" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby="answers-heading" data-testid="debrief-form">
      <h2 id="answers-heading">Their answers</h2>
      <p class="small muted">Type while you listen. Their answers go into the reflection's prospect's view.</p>
      <div class="rf-field">
        <label for="spokeWith">Who you spoke with</label>
        <input id="spokeWith" type="text" value={d.spokeWith} onInput={(e) => model.update({ spokeWith: valueOf(e) })} />
      </div>
      {d.answers.map((a, i) => (
        <div class="rf-field" key={a.question}>
          <label for={`answer-${i}`}>{a.question}</label>
          <textarea id={`answer-${i}`} rows={3} value={a.answer} onInput={(e) => model.setAnswer(i, valueOf(e))} />
        </div>
      ))}
      <fieldset>
        <legend>The reason they gave</legend>
        <div class="rf-field">
          <label for="buyerReason">Their main reason</label>
          <select id="buyerReason" value={d.buyerReason ?? ''} onChange={(e) => model.setBuyerReason((valueOf(e) as ReasonCategory) || undefined)}>
            <option value="">Not said yet</option>
            {REASON_CATEGORIES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div class="rf-field">
          <label for="buyerReasonDetail">In their words</label>
          <input id="buyerReasonDetail" type="text" value={d.buyerReasonDetail} onInput={(e) => model.update({ buyerReasonDetail: valueOf(e) })} />
        </div>
      </fieldset>
      <div class="rf-actions">
        <button type="button" class="primary" data-testid="call-done" disabled={model.marking.value} onClick={() => void model.markHeld()}>
          {model.held.value ? 'Save' : 'The call is done'}
        </button>
        {model.held.value ? (
          <p data-testid="call-done-note">
            The debrief follow-up is closed.{' '}
            <a href={`/reflection.html?deal=${encodeURIComponent(d.dealId)}`}>Open the reflection</a> to compare their view with
            yours.
          </p>
        ) : null}
        <ErrorLine error={model.actionError.value} />
      </div>
      {r?.primaryReason ? (
        <details data-testid="your-read">
          <summary>Your own read (open after the call)</summary>
          <p>
            Your main reason: <strong>{reasonLabel(r.primaryReason.category)}</strong>
            {r.primaryReason.detail ? ` — ${r.primaryReason.detail}` : ''}
          </p>
        </details>
      ) : null}
    </form>
  );
}

function HardFigures({ model }: { model: DebriefModel }) {
  const f = model.figures.value;
  const tz = model.settings.value?.timeZone;
  if (!f) return null;
  const h = f.hard;
  const rows: [string, string][] = [
    ['Touchpoints', `${h.total} (${countOf(h.byChannel.email, 'email')}, ${countOf(h.byChannel.call, 'call')}, ${countOf(h.byChannel.meeting, 'meeting')})`],
    ['From them / from us', `${h.byDirection.inbound} / ${h.byDirection.outbound}`],
    ['First touch', h.firstTouchAt === undefined ? '—' : formatDateTime(h.firstTouchAt, tz)],
    ['Last touch', h.lastTouchAt === undefined ? '—' : formatDateTime(h.lastTouchAt, tz)],
    ['Days open', String(h.daysOpen)],
    ['Replies late', `${h.response.late} of ${h.response.count}`],
    ['Median response time', h.response.median === undefined ? '—' : formatWait(h.response.median, workdayMs(model.settings.value))],
  ];
  return (
    <section class="rf-section" aria-labelledby="debrief-hard-heading" data-testid="debrief-hard-data">
      <h2 id="debrief-hard-heading">Hard data</h2>
      <dl class="rf-figures">
        {rows.map(([k, v]) => (
          <div key={k} style="display:contents">
            <dt>{k}</dt>
            <dd>
              <a href="#debrief-timeline">{v}</a>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function DebriefTimeline({ model }: { model: DebriefModel }) {
  const list = model.touchpoints.value;
  const tz = model.settings.value?.timeZone;
  return (
    <section class="rf-section" id="debrief-timeline" aria-labelledby="debrief-timeline-heading" data-testid="debrief-timeline">
      <h2 id="debrief-timeline-heading">Timeline</h2>
      {list.length === 0 ? (
        <p class="empty">No touchpoints were recorded for this deal.</p>
      ) : (
        <ol class="plain timeline">
          {list.map((t) => (
            <li key={t.key} class={t.direction} data-channel={t.channel}>
              <div class="small muted">
                {formatDateTime(t.at, tz)} · {t.channel} {t.direction}
              </div>
              {t.subject ? <div>{t.subject}</div> : null}
              {t.note ? <div class="rf-note">{t.note}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
