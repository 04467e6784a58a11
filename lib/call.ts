/**
 * The caller's side of the message contract (lib/protocol.ts), free of any browser API: given
 * how to send one message, it returns the typed `call`. Extension pages build it on the polyfilled
 * `browser` (lib/messaging.ts), content scripts on the browser's own API (lib/content/ext.ts).
 * Errors travel back as values, so a failed action surfaces as a rejected promise with the
 * background's message, never as a silent `undefined`.
 */
import type { AnswerOf, ArgsOf, RequestName } from './protocol';

export interface Request {
  dd: 1;
  name: RequestName;
  args: unknown;
}
export type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export type Call = <K extends RequestName>(name: K, ...rest: ArgsOf<K> extends null ? [args?: null] : [args: ArgsOf<K>]) => Promise<AnswerOf<K>>;

export function createCall(send: (message: Request) => Promise<unknown>): Call {
  return async (name, ...rest) => {
    const args: unknown = rest[0] ?? null;
    const reply = (await send({ dd: 1, name, args })) as Reply | undefined;
    if (!reply) throw new Error(`No answer from the background for "${name}".`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as never;
  };
}
