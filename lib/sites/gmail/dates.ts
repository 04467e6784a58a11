/**
 * Gmail's displayed dates and its legacy message ids, turned into exact instants.
 * Pure: the only world this depends on is the process time zone, which `new Date(y, m, d, h, min)`
 * applies (Gmail shows dates in the viewer's local zone, without offset).
 */

/** Wall-clock date and time as Gmail displays it (minute precision, month 0-based). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Space-separated words per index, as a table of word → index (month or weekday numbers). */
function table(rows: readonly string[]): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  rows.forEach((words, i) => {
    for (const w of words.split(' ')) out[w] = i;
  });
  return out;
}

const MONTHS = table([
  'jan january', 'feb february', 'mar march', 'apr april', 'may', 'jun june', 'jul july', 'aug august', 'sep sept september', 'oct october', 'nov november', 'dec december',
]);

const WEEKDAYS = table(['sun sunday', 'mon monday', 'tue tues tuesday', 'wed wednesday', 'thu thur thurs thursday', 'fri friday', 'sat saturday']);

/**
 * Month names of Gmail's German, French, Spanish and Russian interfaces (abbreviated as Gmail
 * writes them, full, and without the trailing dot; Russian in the genitive, as in dates), 0-based.
 * Made into a table at the first title read in another interface's day-first form, not when the
 * script starts: pages of an English interface never need it.
 */
let foreignMonths: Readonly<Record<string, number>> | undefined;

/**
 * Day-first titles of non-English interfaces: `Mi., 11. Nov. 2026, 08:30`, `20. Aug. 2025, 13:19`,
 * `mer. 20 août 2025, 13:19`, `mié, 20 ago 2025, 13:19`, `20 de agosto de 2025, 13:19`,
 * `26 дек. 2019 г., 22:53`. The weekday word is not checked (its language is unknown).
 */
export const FOREIGN = /^(?:\p{L}+\.?,? )?(\d{1,2})\.? (?:de )?(\p{L}+)\.?,? (?:de )?(\d{4})(?: г\.)?(?:,| à| um| a las| в)? (\d{1,2})[:h](\d{2})$/u;
/** Japanese and Chinese titles: `2026年11月20日 9:41`, `2026年11月20日(金) 9:41`, `2016年5月4日 上午10:08`. */
export const CJK = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:[(（][^)）]*[)）])?\s*(上午|下午|午前|午後)?\s*(\d{1,2}):(\d{2})$/u;

function foreignParts(s: string): WallClock | undefined {
  // Both patterns end in the time: a title that does not (`vor 7 Wochen`) is none of them, and their
  // Unicode patterns, costly to compile, are not run.
  if (!/\d[:h]\d\d$/.test(s)) return undefined;
  let year: number;
  let month: number | undefined;
  let day: number;
  let hour: number;
  let minute: number;
  const cjk = CJK.exec(s);
  if (cjk) {
    year = Number(cjk[1]);
    month = Number(cjk[2]) - 1;
    day = Number(cjk[3]);
    hour = Number(cjk[5]);
    minute = Number(cjk[6]);
    const half = cjk[4];
    if (half) {
      if (hour > 12) return undefined;
      const pm = half === '下午' || half === '午後';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
  } else {
    const m = FOREIGN.exec(s);
    if (!m) return undefined;
    // (A name is letters only: the dot after it is not in it.)
    const name = m[2]!.toLowerCase();
    month = (foreignMonths ??= table([
      'januar jän janv janvier ene enero янв января',
      'februar févr février fevr febrero февр февраля',
      'mär märz mars marzo мар марта',
      'avr avril abr abril апр апреля',
      'mai mayo мая',
      'juni juin junio июн июня',
      'juli juil juillet julio июл июля',
      'août aout ago agosto авг августа',
      'septembre septiembre setiembre сент сентября',
      'okt oktober octobre octubre окт октября',
      'novembre noviembre нояб ноября',
      'dez dezember déc décembre dic diciembre дек декабря',
    ]))[name] ?? MONTHS[name];
    day = Number(m[1]);
    year = Number(m[3]);
    hour = Number(m[4]);
    minute = Number(m[5]);
  }
  if (month === undefined || month < 0 || month > 11 || hour > 23 || minute > 59) return undefined;
  return calendarDate(year, month, day) && { year, month, day, hour, minute };
}

/** The day at midnight UTC, or `undefined` for an impossible date (Feb 30, which Date.UTC rolls over). */
function calendarDate(year: number, month: number, day: number): Date | undefined {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date : undefined;
}

/**
 * `[Tue, ]Nov 3, 2026(, | at )2:14 PM` and `[Tue, ]3 Nov 2026(, | at )14:14`, in any case: month
 * first (parts 2 and 3) or day first (parts 4 and 5). One pattern for both, compiled once per page,
 * and without the `i` flag (each letter's cases spelt out instead, which matches the same strings),
 * which made it cost about twice as much to compile. No title can be read both ways: what follows
 * the day is a digit or a letter.
 */
export const ENGLISH = /^(?:([A-Za-z]+),? )?(?:([A-Za-z]+)\.? (\d{1,2}),?|(\d{1,2}) ([A-Za-z]+)\.?) (\d{4})(?:,|,? [Aa][Tt])? (\d{1,2}):(\d{2})(?: ?([APap])\.?[Mm]\.?)?$/;

/**
 * Reads a displayed full date (`span.g3[title]`, list `td.xW > span[title]`) into its wall-clock
 * parts. Accepts U+202F / U+00A0 / U+2009 spaces, `, ` or ` at ` before the time, 12 h with
 * AM/PM or 24 h. Returns `undefined` for anything else, for impossible dates (Feb 30, 25:00) and
 * when a weekday is shown that does not match the date — it never guesses.
 */
export function parseGmailDateParts(text: string | null | undefined): WallClock | undefined {
  if (!text) return undefined;
  // `\s` covers U+202F, U+00A0, U+2009 and U+2007.
  const s = text.replace(/\s+/g, ' ').trim();
  const m = ENGLISH.exec(s);
  if (!m) return foreignParts(s);
  const [, weekday, , , , , yearText, hourText, minuteText, meridiem] = m;
  const month = MONTHS[(m[2] ?? m[5])!.toLowerCase()];
  // -1: no weekday shown.
  const wd = weekday ? WEEKDAYS[weekday.toLowerCase()] : -1;
  // Latin-script words that are not English month or weekday names ('9 janv. 2026', 'mar, 10 feb
  // 2026' in Spanish): a day-first title of another interface language.
  if (month === undefined || wd === undefined) return foreignParts(s);
  const day = Number(m[3] ?? m[4]);
  const year = Number(yearText);
  let hour = Number(hourText);
  const minute = Number(minuteText);
  if (minute > 59) return undefined;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  const date = calendarDate(year, month, day);
  if (!date || (wd !== -1 && wd !== date.getUTCDay())) return undefined;
  return { year, month, day, hour, minute };
}

/**
 * The instant a displayed date denotes in the local time zone. `undefined` when unparseable or
 * when the wall-clock time does not exist locally (inside a spring-forward gap). In the repeated
 * autumn hour the earlier instant is returned (ECMAScript's rule); `chooseMessageInstant` uses the
 * legacy id to pick the right one.
 */
export function parseGmailDate(text: string | null | undefined): number | undefined {
  const p = parseGmailDateParts(text);
  return p ? wallClockToInstant(p) : undefined;
}

export function wallClockToInstant(p: WallClock): number | undefined {
  const d = new Date(p.year, p.month, p.day, p.hour, p.minute);
  if (d.getFullYear() !== p.year || d.getMonth() !== p.month || d.getDate() !== p.day) return undefined;
  if (d.getHours() !== p.hour || d.getMinutes() !== p.minute) return undefined;
  return d.getTime();
}

const GMAIL_LAUNCH = Date.UTC(2004, 3, 1);
const YEAR_2200 = Date.UTC(2200, 0, 1);

/**
 * Epoch ms encoded in a Gmail legacy (hex) message id: `(BigInt('0x' + hex) >> 20n)`.
 * `15f1123136926bff` → 1507821032297. `undefined` for non-hex input or an implausible time
 * (before Gmail existed or after 2200).
 */
export function timeFromLegacyMessageId(hex: string | null | undefined): number | undefined {
  if (!hex || !/^[0-9a-f]{1,16}$/i.test(hex)) return undefined;
  const ms = Number(BigInt('0x' + hex) >> 20n);
  return ms >= GMAIL_LAUNCH && ms < YEAR_2200 ? ms : undefined;
}

/** An instant's local wall clock, read as if it were UTC: the instant moved by the local offset then. */
const wallClock = (t: number) => t - new Date(t).getTimezoneOffset() * 60_000;

/**
 * A displayed date read once, as its instant and its wall clock read as if it were UTC: a thread
 * or list shows the same titles scan after scan, and their reading (regular expressions,
 * local-time conversions) is most of what a scan costs otherwise.
 */
const readDates = new Map<string, [number, number] | undefined>();

function displayedDate(displayed: string | null | undefined): [number, number] | undefined {
  if (!displayed) return undefined;
  if (!readDates.has(displayed)) {
    const p = parseGmailDateParts(displayed);
    // The local instant of the displayed minute, unless that minute does not exist locally (its
    // wall clock then differs from the one asked for), as `wallClockToInstant` decides.
    const at = p && new Date(p.year, p.month, p.day, p.hour, p.minute).getTime();
    const wall = p && Date.UTC(p.year, p.month, p.day, p.hour, p.minute);
    if (readDates.size >= 2000) readDates.clear();
    readDates.set(displayed, p && p.year > 99 && wallClock(at!) === wall ? [at!, wall!] : undefined);
  }
  return readDates.get(displayed);
}

/** Tolerance around the displayed minute for rounding, as the brief asks: ±60 s. */
const TOLERANCE_MS = 60_000;

/**
 * The exact instant of a message.
 * - Both usable: the legacy-id time when its *local wall-clock* time lies inside the displayed
 *   minute (±60 s), else the displayed date. Comparing wall clocks (not instants) makes the
 *   repeated autumn DST hour come out right: the id says which of the two 02:30s it was.
 * - Only the displayed date usable: the displayed date.
 * - Only the legacy id usable: its time, but only when the id is self-verifying: `messageId` is
 *   `msg-f:<decimal>` with the legacy hex's value (Gmail's own received-mail ids). Otherwise
 *   `undefined`: never guess.
 */
export function chooseMessageInstant(
  displayed: string | null | undefined,
  legacyMessageId: string | null | undefined,
  messageId?: string,
): number | undefined {
  const shown = displayedDate(displayed);
  const legacy = timeFromLegacyMessageId(legacyMessageId);
  if (shown) {
    if (legacy !== undefined) {
      // The displayed instant's wall clock is the displayed minute itself.
      const delta = wallClock(legacy) - shown[1];
      if (delta >= -TOLERANCE_MS && delta < 60_000 + TOLERANCE_MS) return legacy;
    }
    return shown[0];
  }
  // `legacy` is set only for a hex id, which BigInt reads.
  return legacy !== undefined && messageId === 'msg-f:' + BigInt('0x' + legacyMessageId) ? legacy : undefined;
}
