/**
 * Primary and secondary loss reasons, each with its controllability flag defaulted from the
 * taxonomy and flippable by the rep (docs/method.md, "Controllable or not"). The primary reason
 * belongs to the one-minute reflection;
 * secondary reasons to the full one.
 */
import type { Controllability, LossReason, ReasonCategory } from '../../lib/model';
import type { FieldIssue } from '../../lib/reflection/model';
import { CONTROLLABILITY_IDS, CONTROLLABILITY_LABELS, REASON_CATEGORIES, reasonCategory } from '../../lib/reflection/taxonomy';
import { describedBy, focusSoon, Problems, problemsFor, Sr, valueOf } from './fields';
import type { ReflectionModel } from './model';

interface ReasonRowProps {
  /** Id prefix: `primary` or `secondary-0`. */
  prefix: string;
  /** Visible label of the category select. */
  title: string;
  /** Spoken suffix that makes the other labels unique: "primary reason". */
  name: string;
  reason: LossReason | undefined;
  allowEmpty: boolean;
  issues: readonly FieldIssue[];
  onCategory: (c: ReasonCategory | '') => void;
  onChange: (patch: Partial<LossReason>) => void;
}

function ReasonRow({ prefix, title, name, reason, allowEmpty, issues, onCategory, onChange }: ReasonRowProps) {
  const info = reason ? reasonCategory(reason.category) : undefined;
  const errorId = issues.length ? `${prefix}-error` : undefined;
  const examplesId = `${prefix}-examples`;
  return (
    <div class="rf-reason">
      <div class="rf-field">
        <label for={`${prefix}-category`}>{title}</label>
        <select
          id={`${prefix}-category`}
          value={reason?.category ?? ''}
          aria-invalid={errorId && !reason ? 'true' : undefined}
          aria-describedby={describedBy(!reason && errorId)}
          onChange={(e) => onCategory(valueOf(e) as ReasonCategory | '')}
        >
          {allowEmpty ? <option value="">Choose a reason…</option> : null}
          {REASON_CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div class="rf-field">
        <label for={`${prefix}-detail`}>
          In your words<Sr> — {name}</Sr>
        </label>
        <input
          id={`${prefix}-detail`}
          type="text"
          list={examplesId}
          disabled={!reason}
          value={reason?.detail ?? ''}
          placeholder={info?.examples.length ? `e.g. ${info.examples[0]}` : 'Say what happened'}
          aria-invalid={errorId && reason ? 'true' : undefined}
          aria-describedby={describedBy(reason && errorId)}
          onInput={(e) => onChange({ detail: valueOf(e) })}
        />
        <datalist id={examplesId}>
          {(info?.examples ?? []).map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </div>
      <div class="rf-field">
        <label for={`${prefix}-control`}>
          Was it in your control?<Sr> — {name}</Sr>
        </label>
        <select
          id={`${prefix}-control`}
          disabled={!reason}
          value={reason?.controllability ?? ''}
          aria-describedby={info ? `${prefix}-control-hint` : undefined}
          onChange={(e) => onChange({ controllability: valueOf(e) as Controllability })}
        >
          {reason ? null : <option value="">—</option>}
          {CONTROLLABILITY_IDS.map((c) => (
            <option key={c} value={c}>
              {CONTROLLABILITY_LABELS[c]}
            </option>
          ))}
        </select>
        {info ? (
          <p id={`${prefix}-control-hint`} class="small muted">
            Taxonomy default: {info.defaultNote}.
          </p>
        ) : null}
      </div>
      <Problems id={`${prefix}-error`} issues={issues} />
    </div>
  );
}

export function PrimaryReason({ model }: { model: ReflectionModel }) {
  const r = model.draft.value!;
  const problems = model.problems.value;
  return (
    <fieldset data-testid="primary-reason">
      <legend>What was the main reason?</legend>
      <p class="small muted">The one that decided it. Then say whether it was in your control: a reply time is, a budget cut is not.</p>
      <ReasonRow
        prefix="primary"
        title="Primary reason"
        name="primary reason"
        reason={r.primaryReason}
        allowEmpty
        issues={problemsFor(problems, 'primaryReason')}
        onCategory={(c) => model.setPrimaryCategory(c)}
        onChange={(patch) => model.setPrimary(patch)}
      />
    </fieldset>
  );
}

export function SecondaryReasons({ model }: { model: ReflectionModel }) {
  const r = model.draft.value!;
  const problems = model.problems.value;
  return (
    <fieldset data-testid="secondary-reasons">
      <legend>Secondary reasons</legend>
      {r.secondaryReasons.length === 0 ? <p class="small muted">None yet. Add any other reason that played a part.</p> : null}
      {r.secondaryReasons.map((reason, i) => (
        <div class="rf-item" key={i} data-testid={`secondary-${i}`}>
          <ReasonRow
            prefix={`secondary-${i}`}
            title={`Secondary reason ${i + 1}`}
            name={`secondary reason ${i + 1}`}
            reason={reason}
            allowEmpty={false}
            issues={problemsFor(problems, `secondaryReasons.${i}`)}
            onCategory={(c) => c && model.setSecondary(i, { category: c })}
            onChange={(patch) => model.setSecondary(i, patch)}
          />
          <button
            type="button"
            onClick={() => {
              model.removeSecondary(i);
              focusSoon('add-secondary');
            }}
          >
            Remove<Sr> secondary reason {i + 1}</Sr>
          </button>
        </div>
      ))}
      <button
        type="button"
        id="add-secondary"
        onClick={() => {
          const next = r.secondaryReasons.length;
          model.addSecondary();
          focusSoon(`secondary-${next}-category`);
        }}
      >
        Add a secondary reason
      </button>
    </fieldset>
  );
}
