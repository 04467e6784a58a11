/**
 * The read-only hard data a reflection starts from (docs/method.md, "Hard data"), and the
 * deal's timeline each figure links into.
 */
import type { ComponentChildren } from 'preact';
import type { Channel, Direction, Touchpoint } from '../../lib/model';
import { DAY_MS } from '../../lib/reflection/hardData';
import { leadSourceLabel } from '../../lib/reflection/taxonomy';
import { formatWait, workdayMs } from '../../lib/attention';
import { countOf, formatDate, formatDateTime } from '../format';
import {
  TIMELINE_FILTERS,
  timelineAnchor,
  touchpointAnchor,
  type ReflectionModel,
  type TimelineFilter,
} from './model';

const CHANNELS: readonly [Channel, string][] = [
  ['email', 'Emails'],
  ['call', 'Calls'],
  ['meeting', 'Meetings'],
  ['note', 'Notes'],
];
const DIRECTIONS: readonly [Direction, string][] = [
  ['inbound', 'Inbound'],
  ['outbound', 'Outbound'],
  ['internal', 'Internal'],
];

const FILTER_LABEL: Record<TimelineFilter, string> = {
  all: 'All',
  email: 'Email',
  call: 'Calls',
  meeting: 'Meetings',
  note: 'Notes',
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal',
  replies: 'Replies',
  late: 'Late replies',
};

const CHANNEL_NAME: Record<Channel, string> = { email: 'Email', call: 'Call', meeting: 'Meeting', note: 'Note' };
const DIRECTION_NAME: Record<Direction, string> = { inbound: 'in', outbound: 'out', internal: 'internal' };

/** Counts resting on conversations Gmail showed only in part, in plain words. */
export function partialText(p: { threads: number; missing: number }): string {
  const convs = p.threads === 1 ? '1 conversation' : `${p.threads} conversations`;
  const msgs = p.missing === 1 ? '1 message' : `${p.missing} messages`;
  return `These counts rest on ${convs} captured only in part: ${msgs} Gmail kept collapsed were never opened, so they are not counted.`;
}

/** "12 days", "1 day", or hours and minutes below a day ("5 h 12 m"). */
export function formatSpan(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    return `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  return formatWait(ms, DAY_MS);
}

/** The rep's working day, once the settings are read. */
export const dayOf = (model: ReflectionModel) => workdayMs(model.settings.value);

/** Show the timeline (filtered or at one touchpoint) and bring it into view. */
export function goToTimeline(model: ReflectionModel, filter: TimelineFilter, anchor = timelineAnchor(filter)): void {
  model.showTimeline(filter);
  setTimeout(() => {
    const target = document.getElementById(anchor);
    if (!target) return;
    history.replaceState(null, '', `#${anchor}`);
    target.scrollIntoView?.({ block: 'start' });
    // A single touchpoint takes focus, so keyboard users land where the figure came from.
    if (anchor.startsWith('tp-')) target.focus();
  }, 0);
}

/** A figure that links to the timeline it came from. */
function Fig({
  model,
  testid,
  filter = 'all',
  touchpoint,
  children,
}: {
  model: ReflectionModel;
  testid: string;
  filter?: TimelineFilter;
  touchpoint?: string;
  children: ComponentChildren;
}) {
  const anchor = touchpoint ? touchpointAnchor(touchpoint) : timelineAnchor(filter);
  return (
    <a
      href={`#${anchor}`}
      data-testid={testid}
      onClick={(e) => {
        e.preventDefault();
        goToTimeline(model, filter, anchor);
      }}
    >
      {children}
    </a>
  );
}

function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function HardData({ model }: { model: ReflectionModel }) {
  const figures = model.figures.value;
  const deal = model.deal.value;
  const tz = model.settings.value?.timeZone;
  if (!figures || !deal) return null;
  const { hard } = figures;
  const r = hard.response;
  const tps = model.touchpoints.value;
  const keyAt = (at: number | undefined) => (at === undefined ? undefined : tps.find((t) => t.at === at)?.key);
  const silenceKey = hard.longestSilence
    ? tps.find((t) => t.at === hard.longestSilence!.from && t.direction !== 'internal' && t.channel !== 'note')?.key
    : undefined;
  const lead = leadSourceLabel(hard.leadSource);
  return (
    <section class="rf-section" aria-labelledby="hard-data-heading" data-testid="hard-data">
      <h2 id="hard-data-heading">Hard data</h2>
      <p class="small muted">Recorded while you worked. Each figure opens the part of the timeline it comes from.</p>
      {hard.partial ? (
        <p class="small" data-testid="hard-partial" role="note">
          {partialText(hard.partial)}
        </p>
      ) : null}
      <dl class="rf-figures">
        <Row term="Touchpoints">
          <Fig model={model} testid="hard-total">
            {hard.total}
          </Fig>
        </Row>
        {CHANNELS.map(([c, label]) => (
          <Row key={c} term={label}>
            <Fig model={model} testid={`hard-${c}`} filter={c}>
              {hard.byChannel[c]}
            </Fig>
          </Row>
        ))}
        {DIRECTIONS.map(([d, label]) => (
          <Row key={d} term={label}>
            <Fig model={model} testid={`hard-${d}`} filter={d}>
              {hard.byDirection[d]}
            </Fig>
          </Row>
        ))}
        <Row term="First touch">
          {hard.firstTouchAt === undefined ? (
            <span data-testid="hard-first">—</span>
          ) : (
            <Fig model={model} testid="hard-first" touchpoint={keyAt(hard.firstTouchAt)}>
              {formatDateTime(hard.firstTouchAt, tz)}
            </Fig>
          )}
        </Row>
        <Row term="Last touch">
          {hard.lastTouchAt === undefined ? (
            <span data-testid="hard-last">—</span>
          ) : (
            <Fig model={model} testid="hard-last" touchpoint={keyAt(hard.lastTouchAt)}>
              {formatDateTime(hard.lastTouchAt, tz)}
            </Fig>
          )}
        </Row>
        <Row term="Days open">
          <Fig model={model} testid="hard-days-open">
            {hard.daysOpen}
          </Fig>{' '}
          <span class="small muted">since {formatDate(deal.openedAt, tz)}</span>
        </Row>
        <Row term="Frequency">
          <Fig model={model} testid="hard-per-week">
            {hard.perWeek.toFixed(1)}
          </Fig>{' '}
          <span class="small muted">touchpoints a week</span>
        </Row>
        <Row term="Longest silence">
          {hard.longestSilence ? (
            <>
              <Fig model={model} testid="hard-silence" touchpoint={silenceKey}>
                {formatSpan(hard.longestSilence.ms)}
              </Fig>{' '}
              <span class="small muted">
                {formatDate(hard.longestSilence.from, tz)} → {formatDate(hard.longestSilence.to, tz)}
              </span>
            </>
          ) : (
            <span data-testid="hard-silence">—</span>
          )}
        </Row>
        <Row term="Replies late">
          <Fig model={model} testid="hard-late" filter="late">
            {r.late}
          </Fig>{' '}
          <span class="small muted">of {countOf(r.count, 'reply', 'replies')}</span>
        </Row>
        <Row term="Median response time">
          <Fig model={model} testid="hard-median" filter="replies">
            {r.median === undefined ? '—' : formatWait(r.median, dayOf(model))}
          </Fig>
        </Row>
        <Row term="Worst response time">
          <Fig model={model} testid="hard-worst" filter="replies" touchpoint={model.worstReplyKey.value}>
            {r.worst === undefined ? '—' : formatWait(r.worst, dayOf(model))}
          </Fig>
        </Row>
        {r.awaiting > 0 ? (
          <Row term="Still awaiting a reply">
            <Fig model={model} testid="hard-awaiting" filter="inbound">
              {r.awaiting}
            </Fig>
          </Row>
        ) : null}
        <Row term="Lead source">
          {deal.url ? (
            <a href={deal.url} target="_blank" rel="noopener noreferrer" data-testid="hard-lead-source">
              {lead}
            </a>
          ) : (
            <span data-testid="hard-lead-source">{lead}</span>
          )}
        </Row>
      </dl>
      <p class="small muted">Response times count working hours only.</p>
    </section>
  );
}

function TimelineItem({ t, model, tz }: { t: Touchpoint; model: ReflectionModel; tz: string | undefined }) {
  const reply = model.replyKeys.value.get(t.key);
  const who = t.direction === 'inbound' ? (t.from ?? t.contactEmails.join(', ')) : t.contactEmails.join(', ');
  const call = t.channel === 'call' ? [t.durationMinutes !== undefined ? `${t.durationMinutes} min` : '', t.outcome ?? ''].filter(Boolean).join(', ') : '';
  return (
    <li id={touchpointAnchor(t.key)} tabIndex={-1} class={t.direction} data-channel={t.channel} data-direction={t.direction}>
      <div class="small muted">
        {formatDateTime(t.at, tz)} · {CHANNEL_NAME[t.channel]} {DIRECTION_NAME[t.direction]}
        {call ? ` · ${call}` : ''}
        {reply ? (
          <span class={reply.late ? 'rf-late' : undefined}>
            {' '}
            · {reply.late ? 'late reply' : 'reply'} after {formatWait(reply.workingMs, dayOf(model))}
          </span>
        ) : null}
      </div>
      {t.subject ? <div>{t.subject}</div> : null}
      {t.note ? <div class="rf-note">{t.note}</div> : null}
      {who ? <div class="small muted">{t.direction === 'inbound' ? `from ${who}` : who}</div> : null}
    </li>
  );
}

export function Timeline({ model }: { model: ReflectionModel }) {
  const items = model.timeline.value;
  const total = model.touchpoints.value.length;
  const filter = model.timelineFilter.value;
  const tz = model.settings.value?.timeZone;
  return (
    <details
      id="timeline"
      class="rf-section rf-timeline"
      open={model.timelineOpen.value}
      onToggle={(e) => model.setTimelineOpen((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="timeline"
    >
      <summary class="rf-summary">
        Timeline <span class="small muted">({countOf(total, 'touchpoint')}, newest first)</span>
      </summary>
      {TIMELINE_FILTERS.filter((f) => f !== 'all').map((f) => (
        <span key={f} id={timelineAnchor(f)} class="rf-anchor" />
      ))}
      <div class="row rf-filters" role="group" aria-label="Show on the timeline">
        {TIMELINE_FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => model.showTimeline(f)}>
            {FILTER_LABEL[f]}
          </button>
        ))}
      </div>
      {total === 0 ? (
        <p class="empty">
          No touchpoints recorded for this deal. They are recorded while you read and send mail in Gmail and open the deal in
          your CRM; calls and meetings can be logged from the sidebar.
        </p>
      ) : items.length === 0 ? (
        <p class="muted">Nothing of this kind on the timeline.</p>
      ) : (
        <ol class="plain timeline" data-testid="timeline-list" data-filter={filter}>
          {items.map((t) => (
            <TimelineItem key={t.key} t={t} model={model} tz={tz} />
          ))}
        </ol>
      )}
    </details>
  );
}
