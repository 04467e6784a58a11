/**
 * Time is a dependency. Production code asks a Clock; only a test build (`npm run build:test`,
 * which sets WXT_TEST_CLOCK) can move it, through an offset kept in extension storage. In a
 * production build `import.meta.env.WXT_TEST_CLOCK` is undefined, so the offset code is
 * removed by the bundler and nothing can change time.
 */
import { browser } from 'wxt/browser';

export interface Clock {
  now(): number;
  /** How far this clock was moved from the system's (a test build's offset); 0 or absent otherwise. */
  offsetMs?(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const TEST_CLOCK_ENABLED = import.meta.env.WXT_TEST_CLOCK === '1';
const OFFSET_KEY = 'testClockOffsetMs';

let offset = 0;
let listening = false;

/** The clock for extension contexts. Call `syncClock()` once at start-up in test builds. */
export const extensionClock: Clock = TEST_CLOCK_ENABLED ? { now: () => Date.now() + offset, offsetMs: () => offset } : systemClock;

export async function syncClock(): Promise<void> {
  if (!TEST_CLOCK_ENABLED) return;
  const stored = await browser.storage.local.get(OFFSET_KEY);
  offset = Number(stored[OFFSET_KEY] ?? 0);
  if (!listening) {
    listening = true;
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && OFFSET_KEY in changes) offset = Number(changes[OFFSET_KEY]?.newValue ?? 0);
    });
  }
}

export async function setTestClockOffset(ms: number): Promise<void> {
  if (!TEST_CLOCK_ENABLED) throw new Error('The clock can only be moved in a test build.');
  offset = ms;
  await browser.storage.local.set({ [OFFSET_KEY]: ms });
}
