import { gmailMessageKey, hash53, hashedKey, listRowKey, sendingKey } from '../../lib/keys';

describe('listRowKey', () => {
  it.each<[string, string | undefined, string]>([
    // gmail-dom.md: the msg-f decimal id equals the legacy hex id. 0x18f00aa = 26149034 (by hand:
    // 16^6 + 8·16^5 + 15·16^4 + 10·16 + 10).
    ['short legacy id', '18f00aa', 'gmail:msg-f:26149034'],
    ['upper-case hex', '18F00AA', 'gmail:msg-f:26149034'],
    // gmail.js README example: 0x15f1123136926bff = 1581064946762017791 (> 2^53: must not go through Number).
    ['a real 16-digit id', '15f1123136926bff', 'gmail:msg-f:1581064946762017791'],
    ['no legacy id', undefined, 'gmail-row:thread-f:42'],
    ['empty legacy id', '', 'gmail-row:thread-f:42'],
    ['not hex', '18f00zz', 'gmail-row:thread-f:42'],
    ['17 hex digits is too long', '15f1123136926bff0', 'gmail-row:thread-f:42'],
  ])('%s', (_name, legacy, expected) => {
    expect(listRowKey('thread-f:42', legacy)).toBe(expected);
  });

  it('gives a row exactly the key its message gets once the thread opens', () => {
    expect(listRowKey('thread-f:42', '15f1123136926bff')).toBe(gmailMessageKey('msg-f:1581064946762017791'));
  });
});

describe('gmailMessageKey and sendingKey', () => {
  it.each([
    [gmailMessageKey('msg-a:r-123'), 'gmail:msg-a:r-123'],
    [sendingKey('c42'), 'gmail-send:c42'],
  ])('%s', (got, expected) => expect(got).toBe(expected));
});

describe('hashedKey', () => {
  const at = Date.UTC(2026, 2, 2, 15, 0, 0, 0);
  const base = hashedKey('call', ['+14155550134', 'jane@acme.test'], at);

  it('is prefixed and deterministic', () => {
    expect(base).toMatch(/^h:[0-9a-z]+$/);
    expect(hashedKey('call', ['+14155550134', 'jane@acme.test'], at)).toBe(base);
  });

  it.each<[string, string, string[], number]>([
    ['participants in another order', 'call', ['jane@acme.test', '+14155550134'], at],
    ['later in the same minute', 'call', ['+14155550134', 'jane@acme.test'], at + 59_999],
  ])('is the same for %s', (_name, channel, participants, when) => {
    expect(hashedKey(channel, participants, when)).toBe(base);
  });

  it.each<[string, string, string[], number]>([
    ['the next minute', 'call', ['+14155550134', 'jane@acme.test'], at + 60_000],
    ['the minute before', 'call', ['+14155550134', 'jane@acme.test'], at - 1],
    ['another channel', 'meeting', ['+14155550134', 'jane@acme.test'], at],
    ['another participant', 'call', ['+14155550135', 'jane@acme.test'], at],
    ['one participant fewer', 'call', ['jane@acme.test'], at],
  ])('differs for %s', (_name, channel, participants, when) => {
    expect(hashedKey(channel, participants, when)).not.toBe(base);
  });

  it('does not reorder the caller’s array', () => {
    const participants = ['z@x.test', 'a@x.test'];
    hashedKey('call', participants, at);
    expect(participants).toEqual(['z@x.test', 'a@x.test']);
  });
});

describe('hash53', () => {
  it('depends on the text and the seed', () => {
    expect(hash53('abc')).toBe(hash53('abc'));
    expect(hash53('abc')).not.toBe(hash53('abd'));
    expect(hash53('abc', 1)).not.toBe(hash53('abc'));
  });
});
