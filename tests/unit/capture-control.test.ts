import { filterEvents, neverCaptureMatcher, parseNeverCapture, pausedUntil, PAUSED_UNTIL_RESUMED } from '../../lib/capture-control';
import type { CaptureEvent, EmailSeen } from '../../lib/capture/events';

const mail = (p: Partial<EmailSeen>): EmailSeen => ({
  kind: 'email',
  messageId: 'msg-f:1',
  threadId: 'thread-f:1',
  subject: 'Hello',
  from: { email: 'jane@acme.test' },
  to: [{ email: 'rep@ourco.test' }],
  cc: [],
  at: 1,
  expanded: true,
  ...p,
});

describe('parseNeverCapture', () => {
  it.each([
    ['  Jo@Family.TEST ', 'jo@family.test'],
    ['family.test', 'family.test'],
    ['@Bank.example', 'bank.example'],
    ['thread:thread-f:42', 'thread:thread-f:42'],
    ['message:gmail:msg-f:1', 'message:gmail:msg-f:1'],
  ])('%s → %s', (raw, entry) => {
    expect(parseNeverCapture(raw)).toMatchObject({ ok: true, entry });
  });
  it.each(['', 'not an address@', 'localhost', 'x'.repeat(400)])('refuses %j with a message', (raw) => {
    const r = parseNeverCapture(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
  });
});

describe('never-capture filter', () => {
  const m = neverCaptureMatcher(['jo@family.test', 'bank.example', 'thread:thread-f:9', 'message:gmail:msg-f:7']);
  it.each<[string, CaptureEvent, boolean]>([
    ['from a listed address', mail({ from: { email: 'jo@family.test' } }), false],
    ['a listed domain in Cc (subdomain too)', mail({ cc: [{ email: 'alerts@mail.bank.example' }] }), false],
    ['a listed conversation', mail({ threadId: 'thread-f:9' }), false],
    ['a message deleted from a timeline', mail({ messageId: 'msg-f:7' }), false],
    ['a prospect\'s message', mail({}), true],
    ['a look-alike domain is not the domain', mail({ from: { email: 'x@notbank.example' } }), true],
    ['the rep\'s own address always passes', { kind: 'own-address', email: 'jo@family.test' }, true],
    ['a list row from a listed sender', { kind: 'list-row', threadId: 't', subject: 's', at: 1, latestFrom: { email: 'jo@family.test' } } as CaptureEvent, false],
  ])('%s', (_name, event, kept) => {
    expect(filterEvents([event], m).kept.length).toBe(kept ? 1 : 0);
  });
});

describe('pausedUntil', () => {
  it('a pause holds until its instant, for its site only; "until resumed" never ends', () => {
    expect(pausedUntil({ gmail: 100 }, 'gmail', 99)).toBe(100);
    expect(pausedUntil({ gmail: 100 }, 'gmail', 100)).toBeUndefined();
    expect(pausedUntil({ gmail: 100 }, 'hubspot', 50)).toBeUndefined();
    expect(pausedUntil({ pipedrive: PAUSED_UNTIL_RESUMED }, 'pipedrive', Date.UTC(2100, 0))).toBe(PAUSED_UNTIL_RESUMED);
  });
});
