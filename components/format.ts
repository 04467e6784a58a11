/** Display helpers shared by the pages. Output is plain text; JSX escapes it. */

/**
 * Building an Intl formatter costs far more than using one, and a timeline formats every item:
 * one formatter per kind and time zone, made on first use. A zone the browser does not know
 * still throws, as before.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'dateTime' | 'date', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'dateTime'
        ? new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone })
        : new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(ms: number, timeZone?: string): string {
  return formatter('dateTime', timeZone).format(ms);
}

export function formatDate(ms: number, timeZone?: string): string {
  return formatter('date', timeZone).format(ms);
}

/** "3h ago", "in 2d", "just now". */
export function relativeTime(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [365 * 86_400_000, 'y'],
    [30 * 86_400_000, 'mo'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return diff < 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
    }
  }
  return 'just now';
}

export function formatMoney(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined) return '—';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/** A count with its noun in the right number: "1 email", "3 emails", "1 reply", "0 replies". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
