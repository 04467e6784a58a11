import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { firstScreenHandoff } from '../../components/popup/handoff';
import { extensionClock, syncClock } from '../../lib/clock';
import { POPUP_SNAPSHOT_KEY, viewFromSnapshot } from '../../lib/followups/popup-view';

// Marks from navigation start (performance.getEntriesByType('mark')): where opening the popup
// spends its time.
performance.mark('popup:script');

/** The copy of the first screen the background keeps; nothing when there is none (or no session storage). */
async function storedFirstScreen(): Promise<unknown> {
  try {
    return (await browser.storage.session.get(POPUP_SNAPSHOT_KEY))[POPUP_SNAPSHOT_KEY];
  } catch {
    return undefined;
  }
}

// The first screen from that copy (when it still holds), without waiting for the database; the
// first-screen script (popup-first-screen.ts) has usually read and painted it already, and the
// popup renders over what it painted. The popup then reads live.
const painted = firstScreenHandoff();
void Promise.all([syncClock(), painted ? painted.view.catch(() => undefined) : storedFirstScreen()]).then(([, got]) => {
  performance.mark('popup:first-screen-read');
  const first = painted ? (got as Awaited<typeof painted.view>) : viewFromSnapshot(got, extensionClock.now());
  render(<Popup first={first} />, document.getElementById('app')!);
  // The first-screen script may have painted meanwhile, even when it ran after this one.
  firstScreenHandoff()?.takeOver();
  performance.mark(first ? 'popup:rendered-first-screen' : 'popup:rendered');
});
