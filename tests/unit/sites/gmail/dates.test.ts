import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CJK, chooseMessageInstant, ENGLISH, FOREIGN, parseGmailDate, parseGmailDateParts, timeFromLegacyMessageId } from '../../../../lib/sites/gmail/dates';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('environment', () => {
  it('runs in Europe/Berlin (vitest.config.ts)', () => {
    expect(new Date(2026, 9, 24, 12).getTimezoneOffset()).toBe(-120);
    expect(new Date(2026, 9, 26, 12).getTimezoneOffset()).toBe(-60);
  });
});

describe('parseGmailDate', () => {
  it.each([
    [`Tue, Nov 3, 2026, 2:14${NNBSP}PM`, '2026-11-03T14:14:00+01:00'],
    [`Tue, Nov 3, 2026, 2:14${NBSP}PM`, '2026-11-03T14:14:00+01:00'],
    ['Tue, Nov 3, 2026, 2:14 PM', '2026-11-03T14:14:00+01:00'],
    ['Thu, Dec 4, 2014 at 2:02 PM', '2014-12-04T14:02:00+01:00'],
    ['Tue, 3 Nov 2026, 14:14', '2026-11-03T14:14:00+01:00'],
    ['Tue, Nov 3, 2026, 14:14', '2026-11-03T14:14:00+01:00'],
    [`Sat, Oct 24, 2026, 12:00${NNBSP}AM`, '2026-10-24T00:00:00+02:00'],
    [`Sat, Oct 24, 2026, 12:30${NNBSP}PM`, '2026-10-24T12:30:00+02:00'],
    ['Nov 3, 2026, 9:05 AM', '2026-11-03T09:05:00+01:00'],
    ['Mon, Oct 26, 2026, 9:12 AM', '2026-10-26T09:12:00+01:00'],
    // The repeated autumn hour: the displayed date alone gives the earlier instant (CEST).
    ['Sun, Oct 25, 2026, 2:30 AM', '2026-10-25T02:30:00+02:00'],
    // Interfaces in other languages (day first, 24 h; CJK with 上午/下午).
    ['Mi., 11. Nov. 2026, 08:30', '2026-11-11T08:30:00+01:00'],
    ['20. Aug. 2025, 13:19', '2025-08-20T13:19:00+02:00'],
    ['mer. 20 août 2025, 13:19', '2025-08-20T13:19:00+02:00'],
    ['mer. 20 août 2025 à 13:19', '2025-08-20T13:19:00+02:00'],
    ['mié, 20 ago 2025, 13:19', '2025-08-20T13:19:00+02:00'],
    ['20 de agosto de 2025, 13:19', '2025-08-20T13:19:00+02:00'],
    ['26 дек. 2019 г., 22:53', '2019-12-26T22:53:00+01:00'],
    ['2026年11月20日 9:41', '2026-11-20T09:41:00+01:00'],
    ['2026年11月20日(金) 9:41', '2026-11-20T09:41:00+01:00'],
    ['2016年5月4日 上午10:08', '2016-05-04T10:08:00+02:00'],
    ['2016年5月4日 下午1:08', '2016-05-04T13:08:00+02:00'],
    ['20 Aug 2025, 13:19', '2025-08-20T13:19:00+02:00'],
    // Latin-script month and weekday words that are not English: French and Spanish months whose
    // abbreviation is plain ASCII, Spanish weekdays ('mar' is Tuesday there, March in English).
    ['ven. 9 janv. 2026, 7:05', '2026-01-09T07:05:00+01:00'],
    ['mer. 11 mars 2026, 9:05', '2026-03-11T09:05:00+01:00'],
    ['dim. 12 avr. 2026, 10:05', '2026-04-12T10:05:00+02:00'],
    ['13 mai 2026, 11:05', '2026-05-13T11:05:00+02:00'],
    ['dim. 14 juin 2026, 12:05', '2026-06-14T12:05:00+02:00'],
    ['mer. 15 juil. 2026 à 13:05', '2026-07-15T13:05:00+02:00'],
    ['vie, 9 ene 2026, 7:05', '2026-01-09T07:05:00+01:00'],
    ['mar, 10 feb 2026, 8:05', '2026-02-10T08:05:00+01:00'],
    ['mar, 10 mar 2026, 8:05', '2026-03-10T08:05:00+01:00'],
    ['dom, 12 abr 2026, 10:05', '2026-04-12T10:05:00+02:00'],
    ['dom, 16 ago 2026, 14:05', '2026-08-16T14:05:00+02:00'],
    ['jue, 17 sept 2026, 15:05', '2026-09-17T15:05:00+02:00'],
    ['dom, 18 oct 2026, 16:05', '2026-10-18T16:05:00+02:00'],
    ['jue, 19 nov 2026, 17:05', '2026-11-19T17:05:00+01:00'],
    ['dom, 20 dic 2026, 18:05', '2026-12-20T18:05:00+01:00'],
    ['Do., 17. Sept. 2026, 15:05', '2026-09-17T15:05:00+02:00'],
    ['Mi., 4. März 2026, 15:05', '2026-03-04T15:05:00+01:00'],
    ['2026年3月4日(水) 15:05', '2026-03-04T15:05:00+01:00'],
  ])('%s → %s', (input, iso) => {
    expect(parseGmailDate(input)).toBe(Date.parse(iso));
  });

  it.each([
    [''],
    ['   '],
    ['yesterday'],
    ['2:14 PM'],
    ['Nov 3'],
    ['Wed, Nov 3, 2026, 2:14 PM'], // wrong weekday
    ['31. Nov. 2026, 08:30'], // no such day, German
    ['20 foo 2025, 13:19'],
    ['2026年13月20日 9:41'],
    ['2026年11月20日 下午13:41'],
    ['Tue, Feb 30, 2026, 2:14 PM'], // no such day
    ['Tue, Nov 3, 2026, 13:14 PM'], // 13 PM
    ['Tue, Nov 3, 2026, 24:00'],
    ['Tue, Nov 3, 2026, 2:60 PM'],
    ['Tue, Foo 3, 2026, 2:14 PM'],
    ['Sun, Mar 29, 2026, 2:30 AM'], // inside the spring-forward gap in Berlin
    ['Constructor, Nov 3, 2026, 2:14 PM'], // a word that names something every object has
    ['Nov 3, 2026, 2:14 PM'.replace('Nov', 'constructor')],
  ])('%j → undefined', (input) => {
    expect(parseGmailDate(input)).toBeUndefined();
  });

  it('handles null and undefined', () => {
    expect(parseGmailDate(null)).toBeUndefined();
    expect(parseGmailDateParts(undefined)).toBeUndefined();
  });
});

describe('timeFromLegacyMessageId', () => {
  it.each([
    ['15f1123136926bff', 1507821032297],
    ['15F1123136926BFF', 1507821032297],
  ])('%s → %d', (hex, ms) => {
    expect(timeFromLegacyMessageId(hex)).toBe(ms);
  });
  it.each([[''], ['xyz'], ['0x15f1'], ['1'], [undefined], ['15f1123136926bff00']])('%j → undefined', (hex) => {
    expect(timeFromLegacyMessageId(hex)).toBeUndefined();
  });
});

/** A legacy id whose time is `ms`. */
const idFor = (ms: number, low = 0x3a5c1): string => ((BigInt(ms) << 20n) | BigInt(low)).toString(16);

describe('chooseMessageInstant', () => {
  const shown = `Tue, Nov 3, 2026, 2:14${NNBSP}PM`;
  const minute = Date.parse('2026-11-03T14:14:00+01:00');
  it.each([
    ['legacy inside the minute', shown, idFor(minute + 37_512), minute + 37_512],
    ['legacy at the minute start', shown, idFor(minute), minute],
    ['legacy 59 s early (rounding)', shown, idFor(minute - 59_000), minute - 59_000],
    ['legacy 2 h off → displayed', shown, idFor(minute + 7_200_000), minute],
    ['no legacy → displayed', shown, undefined, minute],
    ['garbage legacy → displayed', shown, 'zzz', minute],
    ['unparseable, legacy not trusted → undefined', 'gestern', idFor(minute), undefined],
    ['nothing → undefined', undefined, undefined, undefined],
  ])('%s', (_label, display, legacy, expected) => {
    expect(chooseMessageInstant(display, legacy)).toBe(expected);
  });

  it('uses a legacy id alone only when the message id verifies it', () => {
    const id = idFor(minute + 5_000);
    expect(chooseMessageInstant('gestern', id, `msg-f:${BigInt('0x' + id)}`)).toBe(minute + 5_000);
    expect(chooseMessageInstant('gestern', id, `msg-f:${BigInt('0x' + id) + 1n}`)).toBeUndefined();
    expect(chooseMessageInstant('gestern', id, 'msg-a:r-123')).toBeUndefined();
    expect(chooseMessageInstant('gestern', undefined, 'msg-f:1')).toBeUndefined();
  });

  it('reads no instant for a displayed minute that does not exist locally', () => {
    // Inside the spring-forward gap in Berlin: neither alone nor against a legacy id in it.
    expect(chooseMessageInstant('Sun, Mar 29, 2026, 2:30 AM', undefined)).toBeUndefined();
    const after = Date.parse('2026-03-29T03:30:10+02:00');
    expect(chooseMessageInstant('Sun, Mar 29, 2026, 2:30 AM', idFor(after))).toBeUndefined();
    expect(chooseMessageInstant('Sun, Mar 29, 2026, 3:30 AM', idFor(after))).toBe(after);
  });

  it('picks the right instant in the repeated autumn hour from the legacy id', () => {
    const shownAmbiguous = 'Sun, Oct 25, 2026, 2:30 AM';
    const cet = Date.parse('2026-10-25T02:30:41+01:00');
    const cest = Date.parse('2026-10-25T02:30:41+02:00');
    expect(chooseMessageInstant(shownAmbiguous, idFor(cet))).toBe(cet);
    expect(chooseMessageInstant(shownAmbiguous, idFor(cest))).toBe(cest);
  });
});

/**
 * Titles to read: every title of the Gmail fixtures, the inputs above, and variants of them in
 * other cases, with other words before the time, with letters whose case folds to ASCII ones in
 * some rules (Kelvin sign, long s, dotted and dotless i), cut short and with their last characters
 * changed.
 */
function titles(): string[] {
  const dir = join(__dirname, '../../../fixtures/gmail');
  const base = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/title="([^"]*\d[^"]*)"/g)) base.add(m[1]!);
  }
  for (const t of [
    'Tue, Nov 3, 2026, 2:14 PM', 'Thu, Dec 4, 2014 at 2:02 PM', 'Tue, 3 Nov 2026, 14:14', 'Nov 3, 2026, 9:05 AM', '3 Nov 2026 at 9:05',
    'Tue Nov 3 2026 2:14 pm', 'tue, nov. 3, 2026, at 2:14 p.m.', 'Mi., 11. Nov. 2026, 08:30', 'mer. 20 août 2025 à 13:19', '20 de agosto de 2025, 13:19',
    '26 дек. 2019 г., 22:53', '2016年5月4日 上午10:08', '2026年11月20日(金) 9:41', 'vor 7 Wochen', '9:41 AM', 'Nov 20', 'dom, 20 dic 2026, 18h05',
  ]) base.add(t);
  const out = new Set<string>();
  for (const t of base) {
    const s = t.replace(/\s+/g, ' ').trim();
    for (const v of [
      s, s.toUpperCase(), s.toLowerCase(), s.replace(/\b\w/g, (c) => c.toUpperCase()),
      s.replace(', ', ' at '), s.replace(/, (\d+:)/, ' AT $1'), s.replace(/, (\d+:)/, ', At $1'), s.replace(/, (\d+:)/, ',at $1'), s.replace(/, (\d+:)/, ' $1'),
      s.replace(/ ?([AP])M$/i, ' $1.M.'), s.replace(/ ?([AP])M$/i, '$1m'), s.replace(/ ?([AP])M$/i, ' $1.m'),
      s.replace(/k/i, '\u212a'), s.replace(/s/i, '\u017f'), s.replace(/i/i, '\u0130'), s.replace(/i/i, '\u0131'), s.replace(/a/, 'á'),
    ]) {
      out.add(v);
      for (let i = 1; i < v.length; i++) out.add(v.slice(0, i));
      for (const end of ['', '0', 'h', ':', ' ', 'x', '.']) out.add(v.slice(0, -1) + end).add(v.slice(0, -2) + end + v.slice(-1));
    }
  }
  return [...out];
}

describe('the date patterns', () => {
  // As they were, with the `i` flag.
  const US_I = /^(?:([a-z]+),? )?([a-z]+)\.? (\d{1,2}),? (\d{4})(?:,| at|,? at)? (\d{1,2}):(\d{2})(?: ?([ap])\.?m\.?)?$/i;
  const DAY_FIRST_I = /^(?:([a-z]+),? )?(\d{1,2}) ([a-z]+)\.? (\d{4})(?:,| at|,? at)? (\d{1,2}):(\d{2})(?: ?([ap])\.?m\.?)?$/i;
  const all = titles();

  it('reads many titles', () => {
    expect(all.length).toBeGreaterThan(5000);
    expect(all.filter((s) => US_I.test(s)).length).toBeGreaterThan(300);
    expect(all.filter((s) => DAY_FIRST_I.test(s)).length).toBeGreaterThan(100);
    expect(all.filter((s) => FOREIGN.test(s) || CJK.test(s)).length).toBeGreaterThan(100);
  });

  it('read month-first and day-first titles as the two case-insensitive patterns read them, with the same parts', () => {
    // What the two patterns read, in the order of the one pattern's parts; null when neither reads it.
    const before = (s: string) => {
      const us = US_I.exec(s);
      if (us) return [...us.slice(0, 4), undefined, undefined, ...us.slice(4)];
      const df = DAY_FIRST_I.exec(s);
      return df && [df[0], df[1], undefined, undefined, df[2], df[3], ...df.slice(4)];
    };
    const differ = all.filter((s) => JSON.stringify(before(s)) !== JSON.stringify(ENGLISH.exec(s)?.slice() ?? null));
    expect(differ).toEqual([]);
    // Never both.
    expect(all.filter((s) => US_I.test(s) && DAY_FIRST_I.test(s))).toEqual([]);
  });

  it('other languages: nothing that does not end in the time is read as a date of theirs', () => {
    // What parseGmailDateParts checks before it runs the two patterns.
    const skipped = all.filter((s) => !/\d[:h]\d\d$/.test(s));
    expect(skipped.length).toBeGreaterThan(1000);
    expect(skipped.filter((s) => FOREIGN.test(s) || CJK.test(s))).toEqual([]);
  });
});

describe('month names of other interfaces', () => {
  /** The table the dates module built when the script started, before it was built at first use. */
  const rows = [
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
  ];
  const english = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'january', 'september', 'sept'];

  it('reads every name, in any case and with or without its dot, as the month it was before', () => {
    rows.forEach((words, month) => {
      for (const word of words.split(' ')) {
        for (const written of [word, `${word}.`, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1) + '.']) {
          expect(parseGmailDateParts(`20 ${written} 2025, 13:19`)).toEqual({ year: 2025, month, day: 20, hour: 13, minute: 19 });
          expect(parseGmailDateParts(`Mi., 11. ${written} 2026, 08:30`)).toEqual({ year: 2026, month, day: 11, hour: 8, minute: 30 });
        }
      }
    });
  });

  it('reads English month names in the day-first forms of other interfaces, as before', () => {
    for (const word of english) {
      const parts = parseGmailDateParts(`mer. 20 ${word}. 2025, 13h19`);
      expect(parts?.month).toBe(english.indexOf(word.slice(0, 3)));
    }
  });

  it('reads no month from other words', () => {
    for (const word of ['constructor', 'tostring', 'hasownproperty', 'valueof', 'déce', 'maya', 'month']) {
      expect(parseGmailDateParts(`20 ${word} 2025, 13:19`)).toBeUndefined();
    }
  });

  it("never takes the dot after a name into the name (the pattern's name is letters only)", () => {
    for (const title of ['11. Nov. 2026, 08:30', '20 août. 2025, 13:19', '26 дек. 2019 г., 22:53', 'mié., 20 ago. 2025, 13:19']) {
      const m = FOREIGN.exec(title);
      expect(m?.[2]).toMatch(/^\p{L}+$/u);
    }
  });
});
