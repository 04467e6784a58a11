/**
 * The popup page's first script (popup/index.html): paints the stored first screen in plain DOM
 * before the popup's own code (Preact and what the pages share) has loaded, then hands over to it
 * (components/popup/first-screen.ts). Built on its own with everything it uses inside, so it is
 * one small file, and on the browser's own extension API (wxt.config.ts) instead of the polyfill.
 */
import { browser } from 'wxt/browser';
import { paintFirstScreen } from '../components/popup/first-screen';
import { offerFirstScreen } from '../components/popup/handoff';
import { extensionClock, syncClock } from '../lib/clock';
import { POPUP_SNAPSHOT_KEY } from '../lib/followups/popup-view';

export default defineUnlistedScript(() => {
  performance.mark('popup:first-script');
  // The popup's own code, when the build moved it here (wxt.config.ts): loaded once the first
  // screen is on screen, or is not there to paint.
  const { app, preload } = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
  // No session storage (an older browser): no stored first screen.
  const read = async () => (await Promise.all([syncClock(), browser.storage.session.get(POPUP_SNAPSHOT_KEY)]))[1][POPUP_SNAPSHOT_KEY];
  const handoff = paintFirstScreen(document, read, () => extensionClock.now());
  offerFirstScreen(handoff);
  void handoff.view.then((v) => v && performance.mark('popup:painted-first-screen'));
  let loading = false;
  const load = () => {
    if (!app || loading) return;
    loading = true;
    for (const href of preload?.split(' ').filter(Boolean) ?? []) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      document.head.append(link);
    }
    const script = document.createElement('script');
    script.type = 'module';
    script.src = app;
    document.head.append(script);
  };
  // After the frame that shows the first screen (starting six fetches costs the page's thread
  // time that frame would wait for), or shortly after if no frame comes (a page not shown).
  void handoff.view.finally(() => {
    requestAnimationFrame(() => setTimeout(load, 0));
    setTimeout(load, 250);
  });
});
