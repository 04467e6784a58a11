/**
 * The reflection's own fields. The one-minute part (how it ended, lost or dead, the primary
 * reason, one thing to do differently) comes first; the rest — stage, context, planning, the
 * team, the prospect's view, adjustments and the offer — can be filled in later.
 */
import { debriefQuestions, DEBRIEF_GUIDANCE, DISPOSITIONS, isEarlyStage, LEAD_SOURCES, OUTCOMES, reasonLabel } from '../../lib/reflection/taxonomy';
import { MAX_CONTRACT_TERM_MONTHS, MIN_CONTRACT_TERM_MONTHS } from '../../lib/reflection/model';
import { describedBy, Problems, problemsFor, TextArea, TextInput, valueOf } from './fields';
import { parseTerm, type ReflectionModel } from './model';

type P = { model: ReflectionModel };

export function OutcomeFields({ model }: P) {
  const r = model.draft.value!;
  const problems = model.problems.value;
  const outcomeIssues = problemsFor(problems, 'outcome');
  return (
    <fieldset data-testid="outcome" aria-describedby={outcomeIssues.length ? 'outcome-error' : undefined}>
      <legend>How did it end?</legend>
      {OUTCOMES.map((o) => (
        <div class="rf-choice" key={o.id}>
          <label class="inline">
            <input
              type="radio"
              name="outcome"
              id={`outcome-${o.id}`}
              value={o.id}
              checked={r.outcome === o.id}
              aria-describedby={`outcome-${o.id}-hint`}
              onChange={() => model.update({ outcome: o.id })}
            />
            {o.label}
          </label>
          <span id={`outcome-${o.id}-hint`} class="small muted">
            {o.hint}
          </span>
        </div>
      ))}
      <Problems id="outcome-error" issues={outcomeIssues} />
      {r.outcome === 'competitor' ? (
        <>
          <TextInput
            id="competitor"
            label="Competitor who won"
            value={r.competitor ?? ''}
            list="known-competitors"
            hint="Names you used before are suggested, so losses add up per competitor."
            issues={problemsFor(problems, 'competitor')}
            onValue={(v) => model.update({ competitor: v })}
          />
          <datalist id="known-competitors">
            {model.competitors.value.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </>
      ) : null}
    </fieldset>
  );
}

export function DispositionFields({ model }: P) {
  const r = model.draft.value!;
  return (
    <fieldset data-testid="disposition">
      <legend>Lost or dead?</legend>
      {DISPOSITIONS.map((d) => (
        <div class="rf-choice" key={d.id}>
          <label class="inline">
            <input
              type="radio"
              name="disposition"
              id={`disposition-${d.id}`}
              value={d.id}
              checked={r.disposition === d.id}
              aria-describedby={`disposition-${d.id}-hint`}
              onChange={() => model.update({ disposition: d.id })}
            />
            {d.label}
          </label>
          <span id={`disposition-${d.id}-hint`} class="small muted">
            {d.hint}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

export function StageField({ model }: P) {
  const r = model.draft.value!;
  const stages = model.stages.value;
  const early = isEarlyStage(stages, r.stageLost);
  return (
    <div class="rf-field">
      <label for="stageLost">Stage where it was lost</label>
      <select
        id="stageLost"
        value={r.stageLost ?? ''}
        aria-describedby={early ? 'stageLost-hint' : undefined}
        onChange={(e) => model.update({ stageLost: valueOf(e) || undefined })}
      >
        <option value="">Not recorded</option>
        {stages.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {early ? (
        <p id="stageLost-hint" class="small muted">
          An early loss: worth checking whether we target the right buyers.
        </p>
      ) : null}
    </div>
  );
}

export function ContextFields({ model }: P) {
  const r = model.draft.value!;
  const known = LEAD_SOURCES.some((s) => s.id === r.leadSource);
  return (
    <fieldset data-testid="context">
      <legend>Lead and fit</legend>
      <div class="rf-field">
        <label for="leadSource">Lead source</label>
        <select id="leadSource" value={r.leadSource ?? ''} onChange={(e) => model.update({ leadSource: valueOf(e) || undefined })}>
          <option value="">Not recorded</option>
          {LEAD_SOURCES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
          {r.leadSource && !known ? <option value={r.leadSource}>{r.leadSource}</option> : null}
        </select>
      </div>
      <div class="rf-field rf-check">
        <input
          id="personalConnection"
          type="checkbox"
          checked={r.personalConnection === true}
          aria-describedby="personalConnection-hint"
          onChange={(e) => model.update({ personalConnection: (e.currentTarget as HTMLInputElement).checked })}
        />
        <label for="personalConnection" class="inline">
          Personal connection on our side
        </label>
        <p id="personalConnection-hint" class="small muted">
          Someone on the team knew the prospect personally.
        </p>
      </div>
      <div class="rf-field">
        <label for="icpFit">Fit with the ideal customer profile (1–5)</label>
        <select
          id="icpFit"
          value={r.icpFit === undefined ? '' : String(r.icpFit)}
          onChange={(e) => {
            const v = valueOf(e);
            model.update({ icpFit: v ? Number(v) : undefined });
          }}
        >
          <option value="">Not rated</option>
          <option value="1">1 — poor fit</option>
          <option value="2">2</option>
          <option value="3">3</option>
          <option value="4">4</option>
          <option value="5">5 — ideal customer</option>
        </select>
      </div>
      <TextArea
        id="icpMisfit"
        label="What did not fit"
        value={r.icpMisfit}
        placeholder="e.g. too small a team for our onboarding"
        onValue={(v) => model.update({ icpMisfit: v })}
      />
    </fieldset>
  );
}

export function PlanningFields({ model }: P) {
  const r = model.draft.value!;
  return (
    <fieldset data-testid="planning">
      <legend>Planning and preparation</legend>
      <TextArea id="prepared" label="What was prepared" value={r.prepared} onValue={(v) => model.update({ prepared: v })} />
      <TextArea id="missing" label="What was missing" value={r.missing} onValue={(v) => model.update({ missing: v })} />
    </fieldset>
  );
}

export function ProspectFields({ model }: P) {
  const r = model.draft.value!;
  return (
    <fieldset data-testid="prospect-view">
      <legend>Prospect's view</legend>
      <p class="small muted">
        Filled in from the debrief call. Your reason and theirs stay side by side: reps and buyers often see it differently.
      </p>
      <DebriefNote model={model} />
      <div class="rf-sides">
        <div>
          <TextArea
            id="repStatedReason"
            label="Your own stated reason"
            value={r.repStatedReason}
            rows={4}
            onValue={(v) => model.update({ repStatedReason: v })}
          />
        </div>
        <div>
          <TextArea
            id="prospectSaidMattered"
            label="What they said mattered"
            value={r.prospectSaidMattered}
            onValue={(v) => model.update({ prospectSaidMattered: v })}
          />
          <TextArea
            id="prospectCouldHaveChanged"
            label="What we could have changed, offered or done"
            value={r.prospectCouldHaveChanged}
            onValue={(v) => model.update({ prospectCouldHaveChanged: v })}
          />
        </div>
      </div>
      <details class="rf-questions">
        <summary>Questions for the debrief call</summary>
        <p class="small">{DEBRIEF_GUIDANCE}</p>
        <ul class="small">
          {debriefQuestions(r.outcome).map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ul>
      </details>
    </fieldset>
  );
}

function DebriefNote({ model }: P) {
  const d = model.debrief.value;
  const href = `/debrief.html?deal=${encodeURIComponent(model.dealId)}`;
  if (!d) {
    return (
      <p class="small">
        <a href={href} target="_blank">
          Open the debrief call page
        </a>{' '}
        to prepare the call and type their answers during it.
      </p>
    );
  }
  return (
    <p data-testid="debrief-note">
      {d.buyerReason ? (
        <>
          Their main reason, from the debrief call: <strong data-testid="buyer-reason">{reasonLabel(d.buyerReason)}</strong>
          {d.buyerReasonDetail.trim() ? ` — “${d.buyerReasonDetail.trim()}”` : ''}.{' '}
        </>
      ) : (
        'The debrief call has notes but no reason yet. '
      )}
      <a href={href} target="_blank">
        Open the debrief
      </a>
    </p>
  );
}

export function OwnershipField({ model }: P) {
  const r = model.draft.value!;
  return (
    <div class="rf-ownership">
      <TextArea
        id="differently"
        label="What will you do differently next time?"
        value={r.differently}
        rows={3}
        required
        hint="One thing is enough to finish."
        issues={problemsFor(model.problems.value, 'differently')}
        onValue={(v) => model.update({ differently: v })}
      />
    </div>
  );
}

export function AdjustmentFields({ model }: P) {
  const r = model.draft.value!;
  return (
    <fieldset data-testid="adjustments">
      <legend>Adjustments</legend>
      <TextArea
        id="adjustIcp"
        label="Ideal-customer profile change"
        value={r.adjustIcp}
        placeholder="e.g. narrow to teams of 50+"
        onValue={(v) => model.update({ adjustIcp: v })}
      />
      <TextArea
        id="adjustProcess"
        label="Process or timing change"
        value={r.adjustProcess}
        placeholder="e.g. reach the decision-maker before the demo"
        onValue={(v) => model.update({ adjustProcess: v })}
      />
      <TextArea id="adjustOther" label="Other adjustment" value={r.adjustOther} onValue={(v) => model.update({ adjustOther: v })} />
    </fieldset>
  );
}

export function OfferFields({ model }: P) {
  const r = model.draft.value!;
  const text = model.termText.value;
  const term = parseTerm(text);
  const ratio = model.settings.value?.reengageRatio ?? 0.75;
  const serverIssues = problemsFor(model.problems.value, 'contractTermMonths');
  const localIssues =
    text.trim() !== '' && term === undefined && serverIssues.length === 0
      ? [{ field: 'contractTermMonths', message: `A whole number of months from ${MIN_CONTRACT_TERM_MONTHS} to ${MAX_CONTRACT_TERM_MONTHS}.` }]
      : [];
  const issues = [...serverIssues, ...localIssues];
  const months = term === undefined ? undefined : Math.round(term * ratio * 10) / 10;
  return (
    <fieldset data-testid="offer">
      <legend>The offer</legend>
      <div class="rf-field">
        <label for="contractTermMonths">Contract term offered (months)</label>
        <input
          id="contractTermMonths"
          type="number"
          inputMode="numeric"
          min={MIN_CONTRACT_TERM_MONTHS}
          max={MAX_CONTRACT_TERM_MONTHS}
          step={1}
          value={text}
          aria-invalid={issues.length ? 'true' : undefined}
          aria-describedby={describedBy('contractTermMonths-hint', issues.length > 0 && 'contractTermMonths-error')}
          onInput={(e) => model.setTermText(valueOf(e))}
        />
        <p id="contractTermMonths-hint" class="small muted">
          {r.disposition === 'dead'
            ? 'Dead deals get no re-engage call.'
            : months === undefined
              ? 'The re-engage call is timed from this term.'
              : `The re-engage call comes ${months} months after the decline, with the same terms.`}
        </p>
        <Problems id="contractTermMonths-error" issues={issues} />
      </div>
      <TextArea
        id="offerSummary"
        label="Offer summary"
        value={r.offerSummary}
        placeholder="e.g. €24,000 a year, 12-month contract, onboarding included"
        hint="Attached to the re-engage call, so the next offer starts from this one."
        onValue={(v) => model.update({ offerSummary: v })}
      />
    </fieldset>
  );
}
