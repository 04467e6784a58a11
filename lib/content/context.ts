/**
 * The context WXT's content-script entry hands to `main`, in the size a content script can afford:
 * in the content-script builds `wxt/utils/content-script-context` resolves to this module
 * (wxt.config.ts). Deal Debrief's scripts use its `signal` alone (lib/content/boot.ts decides
 * what a stop means), so that is all it has; the framework's own class also brings a location
 * watcher, timers and a message to the page's window on every start.
 *
 * Its one duty kept as the framework has it: a copy announces itself with the framework's DOM
 * event (same name and detail), and a copy of the same script that hears a newer one announce
 * itself aborts its signal, so copies left by an earlier version of the extension (which listen
 * for that event) hear this one, and this one hears the next.
 */
import { ext } from './ext';

export class ContentScriptContext {
  /** Aborted when a newer copy of this script announced itself. */
  readonly signal: AbortSignal;

  constructor(contentScriptName: string) {
    const controller = new AbortController();
    this.signal = controller.signal;
    const id = '' + Math.random();
    const type = `${ext.runtime?.id}:${contentScriptName}:wxt:content-script-started`;
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName, messageId: id } }));
    // The event's name says which script it is; its detail, which copy. (The listener's options
    // are this context: their `signal` is its own.)
    document.addEventListener(type, (event) => (event as CustomEvent<{ messageId?: unknown } | null>).detail?.messageId !== id && controller.abort(), this);
  }
}
