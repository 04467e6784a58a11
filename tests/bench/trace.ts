/**
 * Which of a page's long tasks an extension made long, from a Chromium trace.
 *
 * Counting a page's tasks of 50 ms or more with and without an extension says little on its own
 * on a 2-core machine: the fixture's own tasks (laying out and painting a 100-message view after
 * a route change, building it in its route handler) take 40-60 ms there, so whether they cross
 * the line is mostly the machine's load. The trace says what ran inside each: a task is counted
 * as made long by an extension when the extension's own script inside it (the calls into its
 * scripts the trace records, `chrome-extension://` addresses, with the style and layout those
 * calls forced) is what takes it to 50 ms or more. What the extension changed in the page and the
 * browser laid out later, in the page's own rendering task, is not counted: that is left to the
 * layout rows and end-to-end tests.
 */
import type { BrowserContext, CDPSession } from 'playwright-core';

export const LONG_TASK_MS = 50;

export interface TracedTask {
  ms: number;
  /** The extension's own script inside the task. */
  extensionMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline';
const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile']);

/**
 * Runs `body` under a trace of the whole browser and returns every task of at least
 * `LONG_TASK_MS` on the main thread of the pages at `host` (there may be several pages).
 */
export async function traceLongTasks(context: BrowserContext, host: string, body: () => Promise<void>): Promise<TracedTask[]> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', categories: CATEGORIES });
    await body();
    const complete = new Promise<string | undefined>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream)));
    await cdp.send('Tracing.end');
    const stream = await complete;
    if (!stream) throw new Error('The trace came back without a stream.');
    return longTasks(await readStream(cdp, stream), host);
  } finally {
    await page.close();
  }
}

async function readStream(cdp: CDPSession, handle: string): Promise<TraceEvent[]> {
  const parts: string[] = [];
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const parsed = JSON.parse(parts.join('')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** The long tasks of the main threads that parsed a document from `host`. Exported for its unit test. */
export function longTasks(events: readonly TraceEvent[], host: string): TracedTask[] {
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(thread));
  const pages = new Set(events.filter((e) => e.name === 'ParseHTML' && mains.has(thread(e)) && hostOf(e.args?.beginData?.url) === host).map(thread));
  const complete = events.filter((e) => e.ph === 'X' && pages.has(thread(e)));
  const extension = complete.filter((e) => SCRIPT_EVENTS.has(e.name) && (e.args?.data?.url ?? '').startsWith('chrome-extension://'));
  return complete
    .filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= LONG_TASK_MS * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      const inside = extension.filter((e) => thread(e) === thread(task) && e.ts >= task.ts && e.ts < end);
      return { ms: (task.dur ?? 0) / 1000, extensionMs: covered(inside.map((e) => [e.ts, Math.min(end, e.ts + (e.dur ?? 0))])) / 1000 };
    });
}

/** The host of a document's address; none for an empty or unreadable one (a frame's `srcdoc`, say). */
const hostOf = (url = '') => (URL.canParse(url) ? new URL(url).host : undefined);

/** The length of the union of intervals (nested calls counted once). */
function covered(spans: [number, number][]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** Tasks of 50 ms or more that would have been shorter without the extension's script inside them. */
export const madeLong = (tasks: readonly TracedTask[]) => tasks.filter((t) => t.ms - t.extensionMs < LONG_TASK_MS).length;
