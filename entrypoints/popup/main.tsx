import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { extensionClock, syncClock } from '../../lib/clock';
import { POPUP_SNAPSHOT_KEY, viewFromSnapshot } from '../../lib/followups/popup-view';

// Marks from navigation start (performance.getEntriesByType('mark')): where opening the popup
// spends its time.
performance.mark('popup:script');
// The first screen from the copy the background keeps (when it still holds), without waiting
// for the database; the popup then reads live.
void Promise.all([syncClock(), browser.storage.session.get(POPUP_SNAPSHOT_KEY).catch(() => ({}))]).then(([, stored]) => {
  performance.mark('popup:first-screen-read');
  const first = viewFromSnapshot((stored as Record<string, unknown>)[POPUP_SNAPSHOT_KEY], extensionClock.now());
  render(<Popup first={first} />, document.getElementById('app')!);
  performance.mark(first ? 'popup:rendered-first-screen' : 'popup:rendered');
});
