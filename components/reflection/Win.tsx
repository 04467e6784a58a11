/**
 * The short win reflection (`reflection.html?deal=<id>&kind=win`), opened by Mark won: why they
 * chose us, what almost lost it, who decided, what we will repeat, and the competitor we beat.
 */
import { isolateBidi } from '../../lib/bidi';
import { useMemo } from 'preact/hooks';
import type { ReasonCategory } from '../../lib/model';
import { REASON_CATEGORIES } from '../../lib/reflection/taxonomy';
import { formatMoney } from '../format';
import { frameState, PageFrame, useLeaveFlush } from '../page-frame';
import { focusSoon, Problems, problemsFor, TextArea, TextInput, valueOf } from './fields';
import { createWinModel, type WinModel } from './win-model';
import { ErrorLine } from '../ui';

function CategorySelect({ id, label, value, empty, onValue, invalid }: { id: string; label: string; value: ReasonCategory | undefined; empty: string; onValue: (c: ReasonCategory | undefined) => void; invalid?: boolean }) {
  return (
    <div class="rf-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => onValue((valueOf(e) as ReasonCategory) || undefined)}
      >
        <option value="">{empty}</option>
        {REASON_CATEGORIES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function WinPage({ dealId }: { dealId: string }) {
  const model = useMemo(() => createWinModel(dealId), [dealId]);
  useLeaveFlush(model);
  const deal = model.deal.value;
  return (
    <PageFrame
      heading="What won this deal?"
      state={frameState(model, !!deal)}
      testId="win-reflection"
      data={{ 'data-deal': deal?.id ?? '' }}
      missingTestId="reflection-not-found"
      dealId={dealId}
      title={deal ? `Win reflection — ${isolateBidi(deal.name)}` : undefined}
      name={deal?.name}
      status={deal?.status}
      meta={deal ? [deal.amount !== undefined ? formatMoney(deal.amount, deal.currency) : '', deal.contactEmails.join(', ')].filter(Boolean).join(' · ') : undefined}
    >
      {deal ? (
        <>
      <WinSaveStatus model={model} />
      {deal.status !== 'won' ? (
        <p class="card" role="status" data-testid="not-won">
          This deal is no longer marked won. What was written here is kept.
        </p>
      ) : null}
      <WinForm model={model} />
        </>
      ) : null}
    </PageFrame>
  );
}

function WinSaveStatus({ model }: { model: WinModel }) {
  const s = model.save.value;
  const label = model.isFinal.value ? 'Saved' : 'Draft';
  const text = s.kind === 'saving' ? 'Saving…' : s.kind === 'error' ? s.message : label;
  return (
    <p class={`rf-save ${s.kind}`} role="status" aria-live="polite" data-testid="save-status" data-state={s.kind} data-reflection={model.isFinal.value ? 'final' : 'draft'}>
      {text}
    </p>
  );
}

function WinForm({ model }: { model: WinModel }) {
  const r = model.draft.value!;
  const problems = model.problems.value;
  const whyIssues = problemsFor(problems, 'whyCategory');
  const save = async () => {
    const issues = await model.finish();
    if (issues[0]) focusSoon(issues[0].field);
    else focusSoon('win-saved');
  };
  return (
    <form class="rf-form" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby="win-heading" data-testid="win-form">
      <h2 id="win-heading">Win reflection</h2>
      <p class="small muted">
        A minute now makes the next loss easier to understand: reasons use the same list as lost deals, so the insights can put
        them side by side. Saved as you type.
      </p>
      <fieldset>
        <legend>Why did they choose us?</legend>
        <CategorySelect
          id="whyCategory"
          label="Main reason they chose us"
          value={r.whyCategory}
          empty="Choose a reason…"
          invalid={whyIssues.length > 0}
          onValue={(c) => model.update({ whyCategory: c })}
        />
        <Problems id="whyCategory-error" issues={whyIssues} />
        <TextArea
          id="whyChoseUs"
          label="In your words"
          value={r.whyChoseUs}
          issues={problemsFor(problems, 'whyChoseUs')}
          placeholder="e.g. we answered every question the same day"
          onValue={(v) => model.update({ whyChoseUs: v })}
        />
      </fieldset>
      <fieldset>
        <legend>What almost lost it?</legend>
        <CategorySelect
          id="almostLostCategory"
          label="Closest call"
          value={r.almostLostCategory}
          empty="Nothing in particular"
          onValue={(c) => model.update({ almostLostCategory: c })}
        />
        <TextArea id="almostLost" label="What happened" value={r.almostLost} onValue={(v) => model.update({ almostLost: v })} />
      </fieldset>
      <TextInput id="whoDecided" label="Who decided?" value={r.whoDecided} placeholder="Name and role" onValue={(v) => model.update({ whoDecided: v })} />
      <TextArea id="repeat" label="What will we repeat?" value={r.repeat} onValue={(v) => model.update({ repeat: v })} />
      <TextInput
        id="competitorBeaten"
        label="Which competitor did we beat?"
        value={r.competitorBeaten ?? ''}
        list="win-known-competitors"
        hint="Leave empty if there was none."
        onValue={(v) => model.update({ competitorBeaten: v.trim() ? v : undefined })}
      />
      <datalist id="win-known-competitors">
        {model.competitors.value.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div class="rf-actions">
        <ErrorLine error={problems.length ? 'Choose the main reason they chose us to save.' : undefined} testId="finish-problems" />
        <button type="button" class="primary" data-testid="save-win" disabled={model.saving.value} onClick={() => void save()}>
          Save win reflection
        </button>
        {model.justSaved.value ? (
          <p id="win-saved" tabIndex={-1} data-testid="win-saved">
            Saved. It counts in the insights and in the comparison with lost deals.
          </p>
        ) : null}
        <ErrorLine error={model.actionError.value} />
      </div>
    </form>
  );
}
