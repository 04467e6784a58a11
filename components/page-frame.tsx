/**
 * The frame every deal page shares — the reflection, the win reflection, the debrief call and the
 * retrospective: the heading, the deal's name and status line, and the same answers while the
 * data loads, when it cannot be read, and when the deal is gone. `useLeaveFlush` saves what was
 * typed when the tab is hidden or closed, and disposes the page's model on unmount.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { DealStatus } from '../lib/model';
import { ErrorLine, StatusBadge } from './ui';

/** What the page's model says about its data. */
export type FrameState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'missing' } | { kind: 'ready' };

export function frameState(model: { loadError: { value: string | undefined | null }; status: { value: string } }, ready: boolean): FrameState {
  if (model.loadError.value) return { kind: 'error', message: model.loadError.value };
  if (model.status.value === 'missing') return { kind: 'missing' };
  return model.status.value === 'ready' && ready ? { kind: 'ready' } : { kind: 'loading' };
}

export interface PageFrameProps {
  /** The page's `<h1>` (also shown when the data cannot be read). */
  heading: string;
  state: FrameState;
  /** `data-testid` of the page's `<main>` when it is ready. */
  testId: string;
  /** `data-testid` of the "not found" page. */
  missingTestId: string;
  /** The "not found" page's heading and text; by default the text names the deal id asked for. */
  missingHeading?: string;
  missingText?: ComponentChildren;
  /** The deal id the page was opened with, named on the "not found" page. */
  dealId?: string;
  /** What could not be read, in "Could not read the deal: …". */
  readWhat?: string;
  /** The deal's name, its status badge and one muted line under it. */
  name?: string;
  status?: DealStatus;
  meta?: string;
  /** The tab's title once the data is there. */
  title?: string;
  /** Extra attributes of `<main>` (`data-deal`). */
  data?: Record<`data-${string}`, string>;
  children?: ComponentChildren;
}

export function PageFrame(p: PageFrameProps) {
  useEffect(() => {
    if (p.title) document.title = p.title;
  }, [p.title]);
  if (p.state.kind === 'error') {
    return (
      <main>
        <h1>{p.heading}</h1>
        <ErrorLine error={`Could not read ${p.readWhat ?? 'the deal'}: ${p.state.message}`} />
      </main>
    );
  }
  if (p.state.kind === 'missing') {
    return (
      <main data-testid={p.missingTestId}>
        <h1>{p.missingHeading ?? 'Deal not found'}</h1>
        <p>
          {p.missingText ?? (
            <>
              No deal with the id <code>{p.dealId ?? ''}</code> is stored. It may have been removed, or replaced by a backup import.
            </>
          )}
        </p>
      </main>
    );
  }
  if (p.state.kind === 'loading') {
    return (
      <main aria-busy="true">
        <p class="muted">Loading…</p>
      </main>
    );
  }
  return (
    <main data-testid={p.testId} {...p.data}>
      <header class="rf-header">
        <h1>{p.heading}</h1>
        {p.name !== undefined ? (
          <p class="rf-deal">
            <strong data-testid="deal-name">{p.name}</strong>
            {p.status ? (
              <>
                {' '}
                <StatusBadge status={p.status} />
              </>
            ) : null}
          </p>
        ) : null}
        {p.meta ? <p class="small muted">{p.meta}</p> : null}
      </header>
      {p.children}
    </main>
  );
}

/**
 * A closed tab or a hidden page saves what is typed now, not after the autosave's debounce; on
 * unmount the model saves and is disposed. `more` adds listeners of the page's own, on the same
 * signal.
 */
export function useLeaveFlush(model: { flush(): Promise<unknown>; dispose(): void }, more?: (signal: AbortSignal) => void): void {
  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void model.flush(), { signal });
    window.addEventListener('pagehide', () => void model.flush(), { signal });
    more?.(signal);
    return () => {
      void model.flush();
      abort.abort();
      model.dispose();
    };
  }, [model]);
}
