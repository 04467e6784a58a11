/**
 * Reading values the way CRM pages format them for people: money ("$12,500.00",
 * "€12.500,00", "12 500 EUR", "USD 12,500") and calendar dates ("12/15/2026",
 * "15.12.2026", "Dec 15, 2026"). Pure functions; anything ambiguous is rejected, never guessed.
 */

export interface Money {
  amount: number;
  /** ISO 4217 code when the text names or symbolises one. */
  currency?: string;
}

/** Symbols and prefixed symbols, longest first so "US$" wins over "$". */
const SYMBOLS: readonly [string, string][] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['AU$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['R$', 'BRL'],
  ['A$', 'AUD'],
  ['C$', 'CAD'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['zł', 'PLN'],
  ['Fr.', 'CHF'],
];

/**
 * Parse a formatted amount. The decimal separator is the last of `.`/`,` when both occur; a
 * single separator followed by exactly three digits is a thousands separator ("12,500",
 * "12.500"); spaces, no-break spaces and apostrophes group thousands. Abbreviated values
 * ("$12.5K") are rejected because they are rounded. `undefined` when no amount can be read.
 */
export function parseMoney(text: string | null | undefined): Money | undefined {
  if (!text) return undefined;
  let s = text.replace(/[\u00a0\u202f\u2009]/g, ' ').trim();
  if (!s) return undefined;

  let currency: string | undefined;
  const code = /(?:^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(s);
  if (code?.[1]) {
    currency = code[1];
    s = s.replace(code[1], ' ');
  } else {
    for (const [sym, iso] of SYMBOLS) {
      if (s.includes(sym)) {
        currency = iso;
        s = s.replace(sym, ' ');
        break;
      }
    }
  }

  s = s.trim();
  let negative = false;
  if (/^[-−(]/.test(s) || /^[^\d]*[-−]/.test(s)) negative = true;
  const m = /\d[\d\s'’.,]*/.exec(s);
  if (!m) return undefined;
  const rest = s.slice(m.index + m[0].length).trim();
  // Whatever follows the number must be nothing, a closing parenthesis or a sign —
  // "12.5K", "3 seats" and similar are not amounts.
  if (rest && !/^[)\-−]*$/.test(rest)) return undefined;
  const before = s.slice(0, m.index).trim();
  if (before && !/^[-−(+]*$/.test(before)) return undefined;

  const raw = m[0].trim().replace(/[\s'’]/g, ' ');
  const amount = parseNumber(raw);
  if (amount === undefined) return undefined;
  const signed = negative ? -amount : amount;
  return currency ? { amount: signed, currency } : { amount: signed };
}

function parseNumber(raw: string): number | undefined {
  // Spaces and apostrophes (already turned into spaces) only ever group thousands.
  if (raw.includes(' ') && !/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(raw)) return undefined;
  const grouped = raw.replace(/ /g, '');
  if (!/^\d[\d.,]*$/.test(grouped)) return undefined;
  if (/[.,]$/.test(grouped)) return undefined;
  const lastDot = grouped.lastIndexOf('.');
  const lastComma = grouped.lastIndexOf(',');
  let normalised: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    const [intPart, fracPart, ...more] = grouped.split(dec);
    if (more.length > 0 || intPart === undefined || fracPart === undefined) return undefined;
    if (fracPart.includes(thou)) return undefined;
    if (!validGroups(intPart, thou)) return undefined;
    normalised = `${intPart.split(thou).join('')}.${fracPart}`;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const pieces = grouped.split(sep);
    if (pieces.length > 2) {
      if (!validGroups(grouped, sep)) return undefined;
      normalised = pieces.join('');
    } else {
      const frac = pieces[1] ?? '';
      normalised = frac.length === 3 ? pieces.join('') : `${pieces[0]}.${frac}`;
    }
  } else {
    normalised = grouped;
  }
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

/** "12,500,000" style grouping: 1–3 leading digits, then groups of exactly three. */
function validGroups(intPart: string, sep: string): boolean {
  const groups = intPart.split(sep);
  if (groups.length === 1) return /^\d+$/.test(intPart);
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, januar: 1, jän: 1, jänner: 1,
  feb: 2, february: 2, februar: 2,
  mar: 3, march: 3, mär: 3, märz: 3, maerz: 3,
  apr: 4, april: 4,
  may: 5, mai: 5,
  jun: 6, june: 6, juni: 6,
  jul: 7, july: 7, juli: 7,
  aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, okt: 10, oktober: 10,
  nov: 11, november: 11,
  dec: 12, december: 12, dez: 12, dezember: 12,
};

/** Local midnight of a calendar date, or undefined when the date does not exist. */
export function localMidnight(year: number, month: number, day: number): number | undefined {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(year, month - 1, day);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return undefined;
  return d.getTime();
}

/**
 * Whether a page language writes numeric dates month-first. `undefined` when unknown
 * (no language, or plain "en"), which makes day/month-ambiguous dates unreadable.
 */
function monthFirst(lang: string | undefined): boolean | undefined {
  if (!lang) return undefined;
  const l = lang.toLowerCase();
  if (l === 'en-us' || l.startsWith('en-us-')) return true;
  if (l === 'en') return undefined;
  return false;
}

/**
 * A displayed calendar date → epoch ms at local midnight. Reads ISO (`2026-12-15`, also with
 * a time), `15.12.2026`, numeric slashes (`12/15/2026`; when both leading parts are ≤ 12 the
 * page language decides: `en-US` is month-first, other regional languages day-first, no
 * language → undefined), and English or German month names (`Dec 15, 2026`,
 * `15 December 2026`, `15. Dez. 2026`). Four-digit years only; relative words ("Tomorrow")
 * and anything else → undefined.
 */
export function parseDisplayDate(text: string | null | undefined, lang?: string): number | undefined {
  if (!text) return undefined;
  const s = text.replace(/[\u00a0\u202f]/g, ' ').trim().toLowerCase();
  let m = /(?:^|[^\d])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(s);
  if (m) return localMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?:^|[^\d])(\d{4})\/(\d{1,2})\/(\d{1,2})(?!\d)/.exec(s);
  if (m) return localMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?:^|[^\d])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)/.exec(s);
  if (m) return localMidnight(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /(?:^|[^\d])(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?!\d)/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a > 12 && b <= 12) return localMidnight(y, b, a);
    if (b > 12 && a <= 12) return localMidnight(y, a, b);
    if (a === b) return localMidnight(y, a, b);
    const mf = monthFirst(lang);
    if (mf === undefined) return undefined;
    return mf ? localMidnight(y, a, b) : localMidnight(y, b, a);
  }
  // Month names: "dec 15, 2026", "december 15 2026", "15 dec 2026", "15. dez. 2026".
  m = /(?:^|[^\p{L}])(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/u.exec(s);
  if (m) {
    const month = MONTHS[m[1] ?? ''];
    if (month) return localMidnight(Number(m[3]), month, Number(m[2]));
  }
  m = /(?:^|[^\d])(\d{1,2})(?:st|nd|rd|th)?\.?\s+(\p{L}{3,9})\.?,?\s+(\d{4})(?!\d)/u.exec(s);
  if (m) {
    const month = MONTHS[m[2] ?? ''];
    if (month) return localMidnight(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}
