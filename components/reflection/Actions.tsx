/** Save state, Finish / Reopen, and the follow-ups a finished reflection scheduled. */
import type { FollowUp } from '../../lib/model';
import { formatDate } from '../format';
import { focusSoon } from './fields';
import { controlIdFor, type ReflectionModel } from './model';
import { ErrorLine } from '../ui';

function clockTime(ms: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
}

export function SaveStatus({ model }: { model: ReflectionModel }) {
  const s = model.save.value;
  const final = model.isFinal.value;
  const tz = model.settings.value?.timeZone;
  const label = final ? 'Finished' : 'Draft';
  const text =
    s.kind === 'saving'
      ? 'Saving…'
      : s.kind === 'error'
        ? s.message
        : s.kind === 'saved'
          ? `${label} — saved ${clockTime(s.at, tz)}`
          : label;
  return (
    <p
      class={`rf-save ${s.kind}`}
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-state={s.kind}
      data-reflection={final ? 'final' : 'draft'}
    >
      {text}
    </p>
  );
}

const KIND: Record<string, string> = { debrief: 'Debrief call', 're-engage': 'Re-engage call' };

function FollowUpItem({ f, tz }: { f: FollowUp; tz: string | undefined }) {
  const state = f.state === 'done' ? 'closed' : f.state === 'snoozed' && f.snoozedUntil ? `snoozed until ${formatDate(f.snoozedUntil, tz)}` : 'open';
  return (
    <li class="card" data-testid={`followup-${f.kind}`} data-state={f.state} data-due={f.dueAt}>
      <div class="spread">
        <strong>{KIND[f.kind] ?? f.kind}</strong>
        <span class="small">
          <span data-testid={`followup-${f.kind}-due`}>{formatDate(f.dueAt, tz)}</span> · {state}
        </span>
      </div>
      <p class="small muted">{f.reason}</p>
      {f.details?.length ? (
        <details>
          <summary class="small">{f.kind === 'debrief' ? 'Prepared questions' : 'Previous offer and reasons'}</summary>
          <ul class="small">
            {f.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

export function FollowUps({ model }: { model: ReflectionModel }) {
  const list = model.followUps.value;
  const r = model.draft.value;
  const tz = model.settings.value?.timeZone;
  if (list.length === 0 && !model.justFinished.value) return null;
  const reengage = list.some((f) => f.kind === 're-engage');
  return (
    <section class="rf-section" aria-labelledby="followups-heading" data-testid="followups">
      <h2 id="followups-heading" tabIndex={-1}>
        Follow-ups
      </h2>
      {model.justFinished.value ? (
        <p data-testid="finish-result">
          Reflection finished. {reengage ? 'A debrief call and a re-engage call are scheduled.' : 'A debrief call is scheduled.'} The full reflection below stays open for anything you want to add.
        </p>
      ) : null}
      <ul class="plain">
        {list.map((f) => (
          <FollowUpItem key={f.id} f={f} tz={tz} />
        ))}
      </ul>
      {r?.disposition === 'dead' && r.state === 'final' ? (
        <p class="small muted">No re-engage call: this deal is marked dead.</p>
      ) : null}
    </section>
  );
}

export function Actions({ model }: { model: ReflectionModel }) {
  const problems = model.problems.value;
  const finish = async () => {
    const issues = await model.finish();
    const first = issues[0];
    if (first) focusSoon(controlIdFor(first.field, model.draft.value));
    else if (model.justFinished.value) focusSoon('followups-heading');
  };
  return (
    <div class="rf-actions">
      <ErrorLine
        error={problems.length ? `${problems.length === 1 ? 'One field needs' : `${problems.length} fields need`} attention before the reflection can be finished.` : undefined}
        testId="finish-problems"
      />
      <div class="row">
        <button type="button" class="primary" data-testid="finish" disabled={model.finishing.value} onClick={() => void finish()}>
          Finish reflection
        </button>
        <button type="button" data-testid="reopen" disabled={model.reopening.value} onClick={() => void model.reopen()}>
          Reopen deal (it came back)
        </button>
      </div>
      <ErrorLine error={model.actionError.value} />
    </div>
  );
}
