/**
 * The content side of capture: events go into the outbox and reach the background through
 * the typed protocol, retried until acknowledged.
 */
import { createCall } from '../call';
import { Outbox } from '../capture/outbox';
import type { CaptureEvent } from '../capture/events';
import { ext } from './ext';

const call = createCall((message) => ext.runtime.sendMessage(message));

export function createOutbox(
  signal: AbortSignal,
  onSendFailed?: () => void,
  onDropped?: (count: number, reason: string) => void,
  admit?: (events: CaptureEvent[]) => CaptureEvent[],
): Outbox {
  const outbox = new Outbox({
    send: (events, context) => call('capture', { events, context }),
    onError: onSendFailed,
    onDropped,
    admit,
    // A timer that fires after the abort finds the outbox stopped: it sends nothing. (One abort
    // listener per timer would pile up on the signal for as long as the page lives.)
    setTimer: (fn, ms) => setTimeout(fn, ms),
  });
  signal.addEventListener('abort', () => outbox.stop());
  return outbox;
}
