/**
 * How the popup's first-screen script (entrypoints/popup-first-screen.ts, first-screen.ts) and the
 * popup itself (entrypoints/popup/main.tsx) meet: two bundles on one page, so through a global.
 */
import type { PopupView } from '../../lib/followups/popup-view';

export interface FirstScreenHandoff {
  /** The stored first screen as it holds now (undefined when there is none), once it is painted. */
  view: Promise<PopupView | undefined>;
  /** The popup has rendered over the painted screen: buttons clicked meanwhile are clicked again. */
  takeOver(): void;
}

const KEY = 'ddPopupFirstScreen';
type Global = { [KEY]?: FirstScreenHandoff };

export function offerFirstScreen(handoff: FirstScreenHandoff): void {
  (globalThis as Global)[KEY] = handoff;
}

/** The first-screen script's handoff, if it has run. */
export function firstScreenHandoff(): FirstScreenHandoff | undefined {
  return (globalThis as Global)[KEY];
}
