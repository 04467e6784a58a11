/**
 * The popup's model: the view it shows (lib/followups/popup-view.ts), first from the copy of the
 * first screen the background keeps, if it still holds, then live from the database (live.ts,
 * loaded once that first screen is on).
 */
import { effect, signal } from '@preact/signals';
import { extensionClock } from '../../lib/clock';
import { ROWS_AT_FIRST, ROWS_MORE, SHOWN_AT_FIRST, type PopupView, type SectionView, type Shown } from '../../lib/followups/popup-view';
import type { SectionId } from '../../lib/followups/rows';

export { ROWS_AT_FIRST, ROWS_MORE, type PopupView, type SectionView, type Shown };

/** Where the view on screen comes from: the stored first screen, or the database. */
export type ViewSource = 'first-screen' | 'live';

/**
 * `first`: the first screen to show until the database answers (the stored copy, when it still
 * holds). The live read starts after the first screen is painted when there is one, at once
 * otherwise.
 */
export function createPopupModel(first?: PopupView) {
  const now = signal(first?.now ?? extensionClock.now());
  const timer = setInterval(() => (now.value = extensionClock.now()), 30_000);
  const shown = signal<Shown>(SHOWN_AT_FIRST);
  const view = signal<PopupView | undefined>(first);
  const source = signal<ViewSource | undefined>(first ? 'first-screen' : undefined);
  const error = signal<string | undefined>(undefined);
  let disposed = false;
  let stop: (() => void) | undefined;
  const start = () =>
    import('./live').then(
      ({ watchPopup }) => {
        if (disposed) return;
        performance.mark('popup:live-loaded');
        // One live read per (minute, rows asked for): the previous view stays on screen until the
        // next one arrives, so "Show more" and the clock never flash "Loading…".
        stop = effect(() =>
          watchPopup(
            now.value,
            shown.value,
            (v) => {
              if (source.value !== 'live') performance.mark('popup:live');
              view.value = v;
              source.value = 'live';
              error.value = undefined;
            },
            (e) => (error.value = e instanceof Error ? e.message : String(e)),
          ),
        );
      },
      (e: unknown) => (error.value = e instanceof Error ? e.message : String(e)),
    );
  // After the frame that shows the first screen (a task after the next animation frame).
  if (first && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(() => void start(), 0));
  else void start();
  return {
    view,
    source,
    error,
    showMore(section: SectionId) {
      shown.value = { ...shown.value, [section]: shown.value[section] + ROWS_MORE };
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
      stop?.();
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
