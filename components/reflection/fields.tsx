/**
 * Small labelled controls for the reflection form. Every control has a `<label for>`; hints and
 * problems are tied to it with `aria-describedby`. Text is only ever rendered as text.
 */
import type { ComponentChildren } from 'preact';
import type { FieldIssue } from '../../lib/reflection/model';

export const valueOf = (e: Event): string => (e.currentTarget as HTMLInputElement).value;

/** Text for screen readers only (makes repeated labels such as "Role" unique). */
export function Sr({ children }: { children: ComponentChildren }) {
  return <span class="rf-sr">{children}</span>;
}

export function problemsFor(problems: readonly FieldIssue[], field: string): FieldIssue[] {
  return problems.filter((p) => p.field === field);
}

/** The messages for one field, shown beside it. `id` is what the control's aria-describedby names. */
export function Problems({ id, issues }: { id: string; issues: readonly FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div id={id} class="rf-problem" data-testid={`problem-${id.replace(/-error$/, '')}`}>
      {issues.map((p) => (
        <p class="error" key={p.message}>
          {p.message}
        </p>
      ))}
    </div>
  );
}

/** `aria-describedby` from the ids that exist. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => !!x);
  return list.length ? list.join(' ') : undefined;
}

interface TextProps {
  id: string;
  label: ComponentChildren;
  value: string;
  onValue: (v: string) => void;
  hint?: ComponentChildren;
  issues?: readonly FieldIssue[];
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  list?: string;
  rows?: number;
}

export function TextArea({ id, label, value, onValue, hint, issues = [], placeholder, required, rows = 2 }: TextProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = issues.length ? `${id}-error` : undefined;
  return (
    <div class="rf-field">
      <label for={id}>{label}</label>
      {hint ? (
        <p id={hintId} class="small muted">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        aria-required={required ? 'true' : undefined}
        aria-invalid={errorId ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onInput={(e) => onValue(valueOf(e))}
      />
      <Problems id={`${id}-error`} issues={issues} />
    </div>
  );
}

export function TextInput({ id, label, value, onValue, hint, issues = [], placeholder, required, disabled, list }: TextProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = issues.length ? `${id}-error` : undefined;
  return (
    <div class="rf-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        value={value}
        list={list}
        disabled={disabled}
        placeholder={placeholder}
        aria-required={required ? 'true' : undefined}
        aria-invalid={errorId ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onInput={(e) => onValue(valueOf(e))}
      />
      {hint ? (
        <p id={hintId} class="small muted">
          {hint}
        </p>
      ) : null}
      <Problems id={`${id}-error`} issues={issues} />
    </div>
  );
}

/** Move focus once the page has rendered the change (a new row, a problem message). */
export function focusSoon(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}
