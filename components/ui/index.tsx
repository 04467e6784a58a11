/**
 * The small design system every page shares: tokens in `tokens.css` (colour, spacing, type, light
 * and dark), the classes in `ui.css`, and these components for the pieces pages repeat.
 */
import type { ButtonHTMLAttributes, ComponentChildren, HTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DealStatus } from '../../lib/model';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'danger' | 'plain' };

export function Button({ variant = 'plain', class: cls, type, ...rest }: ButtonProps) {
  const classes = [variant === 'plain' ? '' : variant, typeof cls === 'string' ? cls : ''].filter(Boolean).join(' ');
  return <button type={type ?? 'button'} class={classes || undefined} {...rest} />;
}

export function Badge(p: { children: ComponentChildren; testId?: string; title?: string }) {
  return (
    <span class="badge" data-testid={p.testId} title={p.title}>
      {p.children}
    </span>
  );
}

export const STATUS_TEXT: Record<DealStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost', dead: 'Dead' };

/** A deal's status: its word, its colour and a mark (● open, ✓ won, ✕ lost, – dead). */
export function StatusBadge(p: { status: DealStatus; label?: string; testId?: string }) {
  return (
    <span class={`badge status-badge is-${p.status}`} data-status={p.status} data-testid={p.testId ?? 'deal-status'}>
      {p.label ?? STATUS_TEXT[p.status]}
    </span>
  );
}

export function Card(p: { children: ComponentChildren; testId?: string; class?: string }) {
  return (
    <div class={p.class ? `card ${p.class}` : 'card'} data-testid={p.testId}>
      {p.children}
    </div>
  );
}

/** A section's heading with an optional action at its right. */
export function SectionHeader(p: { title: ComponentChildren; id?: string; level?: 2 | 3; action?: ComponentChildren }) {
  const H = p.level === 3 ? 'h3' : 'h2';
  return (
    <div class="section-header">
      <H id={p.id}>{p.title}</H>
      {p.action}
    </div>
  );
}

/**
 * An error said where it happened, announced to screen readers (`role="alert"`); nothing when
 * there is no error.
 */
export function ErrorLine({ error, testId, ...rest }: { error: ComponentChildren | undefined; testId?: string } & HTMLAttributes<HTMLParagraphElement>) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-testid={testId} {...rest}>
      {error}
    </p>
  );
}

/**
 * A text field over a stored value that is saved when the rep leaves it (its change event). What
 * the rep typed stays until the store holds it: a live update of the same row arriving meanwhile
 * (another field of it just saved) would otherwise write the stored text back over theirs, and
 * leaving the field would then save nothing. A failed save keeps the text too.
 */
export function DraftInput({ label, stored, onSave }: { label: string; stored: string; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  // Once the store holds what was typed, the field follows the store again.
  useEffect(() => {
    if (draft === stored) setDraft(undefined);
  }, [stored, draft]);
  return (
    <input
      type="text"
      aria-label={label}
      value={draft ?? stored}
      onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
      onChange={(e) => onSave((e.currentTarget as HTMLInputElement).value)}
    />
  );
}
