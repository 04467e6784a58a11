import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
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

// The first screen from that copy (when it still holds), without waiting for the database;
// the popup then reads live.
void Promise.all([syncClock(), storedFirstScreen()]).then(([, stored]) => {
  performance.mark('popup:first-screen-read');
  const first = viewFromSnapshot(stored, extensionClock.now());
  render(<Popup first={first} />, document.getElementById('app')!);
  performance.mark(first ? 'popup:rendered-first-screen' : 'popup:rendered');
});
