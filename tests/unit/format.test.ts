import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../components/format';

const AT = Date.parse('2026-03-01T23:30:00Z');

describe('date formatting', () => {
  it('formats each time zone in its own zone, whichever zone was formatted first', () => {
    expect(formatDateTime(AT, 'Europe/Berlin')).toBe('Mon, Mar 2, 2026, 12:30 AM');
    expect(formatDateTime(AT, 'America/New_York')).toBe('Sun, Mar 1, 2026, 6:30 PM');
    expect(formatDateTime(AT, 'Europe/Berlin')).toBe('Mon, Mar 2, 2026, 12:30 AM');
    expect(formatDateTime(AT)).toBe(new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(AT));
  });

  it('keeps the date alone apart from the date with its time', () => {
    expect(formatDate(AT, 'Europe/Berlin')).toBe('Mar 2, 2026');
    expect(formatDateTime(AT, 'Europe/Berlin')).toBe('Mon, Mar 2, 2026, 12:30 AM');
    expect(formatDate(AT, 'America/New_York')).toBe('Mar 1, 2026');
  });

  it('still refuses a time zone the browser does not know, every time', () => {
    expect(() => formatDateTime(AT, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => formatDateTime(AT, 'Mars/Olympus')).toThrow(RangeError);
  });
});
