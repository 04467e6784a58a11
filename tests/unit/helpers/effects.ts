/**
 * The background's browser effects for tests that run the real actions (lib/background/api.ts)
 * against fake-indexeddb: each does nothing unless a test passes its own.
 *
 *   createApi(db, clock, quietEffects({ openPage: async (p) => void opened.push(p) }), Math.random)
 */
import type { Effects } from '../../../lib/background/api';

export function quietEffects(over: Partial<Effects> = {}): Effects {
  return {
    setTabContext: async () => undefined,
    getTabContext: async () => undefined,
    openPage: async () => undefined,
    openUrl: async () => undefined,
    refreshSoon: () => undefined,
    registerCustomHosts: async () => undefined,
    ...over,
  };
}
