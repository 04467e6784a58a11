/**
 * The toolbar popup: one compact row per follow-up — who, why, when — with the one action that
 * fits its kind as the row's main button, Done beside it, and every other action (snooze, no reply
 * needed, open the deal, reflect, the prepared questions) behind the row's "More" button. Done
 * can be undone from the line at the top.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FollowUp } from '../../lib/model';
import type { SnoozeOption } from '../../lib/followups/due';
import { KIND_LABEL, SECTIONS, type SectionId } from '../../lib/followups/rows';
import { EMPTY_TEXT, rowText, SECTION_TITLES, showMoreText } from './row-text';
import { Badge, Button, ErrorLine } from '../ui';
import { call } from '../../lib/messaging';
import { createPopupModel, ROWS_AT_FIRST, type PopupModel, type PopupView } from './model';

export { ROWS_AT_FIRST };

/** What Done took away, until Undo or the next Done. */
interface Undoable {
  f: FollowUp;
  who: string;
  state: 'done' | 'restoring' | 'restored' | 'error';
  error?: string;
}

/** `first`: the first screen to show until the live read answers (see model.ts). */
export function Popup({ first }: { first?: PopupView } = {}) {
  const model = useMemo(() => createPopupModel(first), []);
  useEffect(() => () => model.dispose(), [model]);
  const [undo, setUndo] = useState<Undoable>();
  const view = model.view.value;
  if (model.error.value) return <p class="error">Could not read follow-ups: {model.error.value}</p>;
  if (!view) return <p class="muted">Loading…</p>;
  const total = SECTIONS.reduce((n, s) => n + view.sections[s].count, 0);
  return (
    <main data-view={model.source.value}>
      <h1>Follow-ups</h1>
      <UndoLine undo={undo} setUndo={setUndo} />
      {total === 0 ? (
        <p class="empty" data-testid="popup-empty">
          {EMPTY_TEXT}
        </p>
      ) : null}
      {SECTIONS.map((s) => (
        <Section key={s} id={s} view={view} model={model} onDone={setUndo} />
      ))}
      <p class="small muted">
        <a href="/insights.html" target="_blank">
          Insights
        </a>{' '}
        ·{' '}
        <a href="/options.html" target="_blank">
          Settings
        </a>
      </p>
    </main>
  );
}

function UndoLine({ undo, setUndo }: { undo?: Undoable; setUndo: (u?: Undoable) => void }) {
  const button = useRef<HTMLButtonElement>(null);
  const shownFor = undo?.state === 'done' ? undo.f.id : undefined;
  // The row the rep was on is gone: Undo is where their keyboard goes next.
  useEffect(() => {
    if (shownFor) button.current?.focus();
  }, [shownFor]);
  const restore = async (u: Undoable) => {
    setUndo({ ...u, state: 'restoring' });
    try {
      // Back as it was: open, or snoozed until the same moment.
      await call('followUpDone', { id: u.f.id, done: false, snoozedUntil: u.f.state === 'snoozed' ? u.f.snoozedUntil : undefined });
      setUndo({ ...u, state: 'restored' });
    } catch (e) {
      setUndo({ ...u, state: 'error', error: (e as Error).message });
    }
  };
  return (
    <div role="status" class="fu-undo" data-testid="undo-line" hidden={!undo}>
      {undo ? (
        undo.state === 'restored' ? (
          <span>
            Back in the list: {KIND_LABEL[undo.f.kind].toLowerCase()}, <bdi>{undo.who}</bdi>.
          </span>
        ) : (
          <>
            <span>
              Done: {KIND_LABEL[undo.f.kind].toLowerCase()}, <bdi>{undo.who}</bdi>.
            </span>
            <button type="button" ref={button} disabled={undo.state === 'restoring'} onClick={() => void restore(undo)}>
              Undo
            </button>
            {undo.error ? <span class="error">{undo.error}</span> : null}
          </>
        )
      ) : null}
    </div>
  );
}

function Section({ id, view, model, onDone }: { id: SectionId; view: PopupView; model: PopupModel; onDone: (u: Undoable) => void }) {
  const { rows, count } = view.sections[id];
  if (count === 0) return null;
  const hidden = count - rows.length;
  return (
    <section data-section={id} aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>
        {SECTION_TITLES[id]} <Badge testId={`count-${id}`}>{count}</Badge>
      </h2>
      <ul class="plain">
        {rows.map((f) => (
          <Row key={f.id} f={f} view={view} onDone={onDone} />
        ))}
      </ul>
      {hidden > 0 ? <Button onClick={() => model.showMore(id)}>{showMoreText(hidden)}</Button> : null}
    </section>
  );
}

function Row({ f, view, onDone }: { f: FollowUp; view: PopupView; onDone: (u: Undoable) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const t = rowText(f, view);
  const act = (p: Promise<unknown>) => p.then(() => setError(undefined), (e: Error) => setError(e.message));
  const open = () => act(call('openFollowUp', { id: f.id }));
  const done = async () => {
    setBusy(true);
    try {
      await call('followUpDone', { id: f.id });
      onDone({ f, who: t.who, state: 'done' });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  // The same elements, in the same order, as the plain first screen (first-screen.ts).
  return (
    <li class="card fu-row" data-followup={f.id} data-kind={f.kind}>
      <div class="fu-head">
        <strong class="fu-who">{t.who}</strong>
        <span class="small muted fu-when" title={t.whenTitle}>
          {t.when}
        </span>
      </div>
      <p class="fu-why">
        <span class="fu-kind">{t.kind}:</span> {t.reason}
      </p>
      <div class="fu-actions">
        {t.main.kind === 'call' ? (
          <a class="button primary fu-main" href={t.main.href} data-testid="primary-action">
            {t.main.label}
          </a>
        ) : t.main.kind === 'link' ? (
          <a class="button primary fu-main" href={t.main.href} target="_blank" rel="noreferrer" data-testid="primary-action">
            {t.main.label}
          </a>
        ) : (
          <Button variant="primary" class="fu-main" data-testid="primary-action" onClick={() => void open()}>
            {t.main.label}
          </Button>
        )}
        <Button disabled={busy} onClick={() => void done()}>
          Done
        </Button>
        <RowMenu f={f} who={t.who} dealUrl={t.dealUrl} mainOpens={t.mainOpens} onOpen={() => void open()} act={act} />
      </div>
      <ErrorLine error={error} />
    </li>
  );
}

const DETAILS_LABEL: Partial<Record<FollowUp['kind'], string>> = { debrief: 'Prepared questions', 're-engage': 'Previous offer and reasons' };

/**
 * Everything but the main action and Done, behind a disclosure button: Escape closes it and
 * puts the keyboard back on the button; every item is an ordinary button or link.
 */
function RowMenu(p: { f: FollowUp; who: string; dealUrl?: string; mainOpens: boolean; onOpen: () => void; act: (x: Promise<unknown>) => Promise<void> }) {
  const { f } = p;
  const [open, setOpen] = useState(false);
  const [details, setDetails] = useState(false);
  const [date, setDate] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const id = `menu-${f.id}`;
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const run = (x: Promise<unknown>) => void p.act(x).then(close);
  const snooze = (option: SnoozeOption) => run(call('snoozeFollowUp', { id: f.id, option }));
  return (
    <>
      <button type="button" ref={toggle} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        More<span class="rf-sr"> actions: {p.who}</span>
      </button>
      {open ? (
        <div
          id={id}
          class="fu-menu"
          role="group"
          aria-label={`More actions: ${p.who}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <Button ref={first} onClick={() => snooze('later-today')}>
            Snooze until later today
          </Button>
          <Button onClick={() => snooze('tomorrow')}>Snooze until tomorrow</Button>
          <Button onClick={() => snooze('next-week')}>Snooze until next week</Button>
          <span class="fu-date">
            <input type="date" aria-label="Snooze until date" value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
            <Button disabled={!date} onClick={() => snooze({ date })}>
              Snooze to date
            </Button>
          </span>
          {f.kind === 'reply' && f.contactEmail ? (
            <Button onClick={() => run(call('noReplyNeeded', { contactEmail: f.contactEmail! }))}>No reply needed</Button>
          ) : null}
          {!p.mainOpens ? <Button onClick={() => (p.onOpen(), close())}>{f.kind === 'debrief' ? 'Open the debrief call page' : 'Open'}</Button> : null}
          {p.dealUrl ? (
            <a class="button" href={p.dealUrl} target="_blank" rel="noreferrer">
              Open deal
            </a>
          ) : null}
          {(f.kind === 'debrief' || f.kind === 're-engage') && f.dealId ? (
            <a class="button" href={`/reflection.html?deal=${encodeURIComponent(f.dealId)}`} target="_blank">
              Reflect on the loss
            </a>
          ) : null}
          {f.details?.length ? (
            <Button aria-expanded={details} onClick={() => setDetails(!details)}>
              {DETAILS_LABEL[f.kind] ?? 'Details'}
            </Button>
          ) : null}
          {details && f.details?.length ? (
            <ul class="small fu-details">
              {f.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
