// The benchmark's reading of a Chromium trace: which long tasks an extension made long.
import { describe, expect, it } from 'vitest';
import { longTasks, madeLong } from '../bench/trace';

const PAGE = { pid: 1, tid: 7 };
const OTHER = { pid: 2, tid: 7 };
const meta = (where: { pid: number; tid: number }) => ({ name: 'thread_name', ph: 'M', ts: 0, ...where, args: { name: 'CrRendererMain' } });
const parse = (where: { pid: number; tid: number }, url: string) => ({ name: 'ParseHTML', ph: 'X', ts: 1, dur: 1, ...where, args: { beginData: { url } } });
const task = (ts: number, ms: number, where = PAGE) => ({ name: 'RunTask', ph: 'X', ts, dur: ms * 1000, ...where });
const call = (ts: number, ms: number, url: string, name = 'FunctionCall', where = PAGE) => ({ name, ph: 'X', ts, dur: ms * 1000, ...where, args: { data: { url } } });
const EXT = 'chrome-extension://abcdefghijklmnop/content-scripts/gmail.js';
// (A document without an address, a frame's srcdoc say, is parsed too.)
const base = [meta(PAGE), meta(OTHER), parse(PAGE, 'https://mail.google.com/mail/u/0/'), parse(OTHER, 'chrome-extension://abcdefghijklmnop/sidebar.html'), parse(OTHER, '')];

describe('long tasks from a trace', () => {
  it('counts a task as made long only when the extension script inside it takes it past 50 ms', () => {
    const events = [
      ...base,
      // The page's own layout: long with or without the extension (1 ms of it inside).
      task(100_000, 60),
      call(110_000, 1, EXT),
      // 45 ms of the page's script and 10 ms of the extension's: made long by it.
      task(300_000, 55),
      call(300_000, 45, 'https://mail.google.com/app.js'),
      call(345_000, 10, EXT),
      // A short task: not a long one at all.
      task(500_000, 20),
      call(500_000, 19, EXT),
    ];
    const tasks = longTasks(events, 'mail.google.com');
    expect(tasks).toEqual([
      { ms: 60, extensionMs: 1 },
      { ms: 55, extensionMs: 10 },
    ]);
    expect(madeLong(tasks)).toBe(1);
  });

  it('counts nested extension calls once, and only up to the end of their task', () => {
    const events = [...base, task(0, 80), call(0, 30, EXT, 'EvaluateScript'), call(5_000, 10, EXT), call(70_000, 40, EXT)];
    expect(longTasks(events, 'mail.google.com')).toEqual([{ ms: 80, extensionMs: 40 }]);
  });

  it("reads only the main threads of the page's host", () => {
    const events = [...base, task(0, 90, OTHER), call(0, 90, EXT, 'FunctionCall', OTHER), task(0, 70, { pid: 1, tid: 9 })];
    expect(longTasks(events, 'mail.google.com')).toEqual([]);
  });
});
