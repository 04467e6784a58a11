import { describe, expect, it } from 'vitest';
import { classifyDue } from '../../lib/followups/due';
import { debriefId, reengageId, replyId } from '../../lib/followups/rules';
import { compareUrgency, isCallId, personToCall, primaryAction, telHref, whoOf } from '../../lib/followups/rows';
import { sectionOf, sectionRanges } from '../../lib/followups/sections';
import type { Contact } from '../../lib/model';
import { DAY, HOUR, makeDeal, makeFollowUp, MINUTE } from './helpers/factories';

const ZONE = 'Europe/Berlin';
const contact = (over: Partial<Contact> = {}): Contact => ({ email: 'dana@acme.example', name: 'Dana Buyer', domain: 'acme.example', phones: [], firstSeen: 0, lastSeen: 0, ...over });

describe('sectionRanges', () => {
  // Saturday 2026-03-28 23:30 in Berlin: the clocks go forward that night, and today ends in 30 minutes.
  const now = Date.parse('2026-03-28T23:30:00+01:00');
  it.each([
    ['an hour ago', now - HOUR],
    ['a minute from now', now + MINUTE],
    ['just before midnight', Date.parse('2026-03-28T23:59:59+01:00')],
    ['midnight', Date.parse('2026-03-29T00:00:00+01:00')],
    ['in 14 days, late', Date.parse('2026-04-11T23:59:00+02:00')],
    ['in 15 days', Date.parse('2026-04-12T00:00:00+02:00')],
    ['in a month', now + 30 * DAY],
  ])('draws the same lines as classifyDue for an open follow-up due %s', (_, dueAt) => {
    const ranges = sectionRanges(now, ZONE);
    const inRange = Object.entries(ranges).find(([, [from, to]]) => dueAt >= from && dueAt < to)?.[0];
    const state = classifyDue({ dueAt, state: 'open' }, now, ZONE);
    expect(inRange ?? 'later').toBe(state);
    expect(sectionOf({ dueAt, state: 'open' }, now, ZONE)).toBe(inRange);
  });

  it('places a snoozed follow-up by when it wakes', () => {
    const now2 = Date.parse('2026-03-02T10:00:00+01:00');
    expect(sectionOf({ dueAt: now2 - 5 * DAY, state: 'snoozed', snoozedUntil: now2 + 2 * DAY }, now2, ZONE)).toBe('upcoming');
    expect(sectionOf({ dueAt: now2 - 5 * DAY, state: 'snoozed', snoozedUntil: now2 - HOUR }, now2, ZONE)).toBe('overdue');
    // Snoozed until later today: out of sight until it wakes.
    expect(sectionOf({ dueAt: now2 - 5 * DAY, state: 'snoozed', snoozedUntil: now2 + HOUR }, now2, ZONE)).toBeUndefined();
  });
});

describe('order within a section', () => {
  it('puts calls first, then the rest; each by the time that counts, oldest first', () => {
    const t = Date.parse('2026-03-02T10:00:00+01:00');
    const oldReply = makeFollowUp({ id: replyId('a@x.example') + ':1', kind: 'reply', dueAt: t - 9 * DAY });
    const reminder = makeFollowUp({ id: 'manual:1', dueAt: t - 3 * DAY });
    const freshDebrief = makeFollowUp({ id: debriefId('hubspot:1:7'), kind: 'debrief', dueAt: t - HOUR });
    const oldReengage = makeFollowUp({ id: reengageId('hubspot:1:2'), kind: 're-engage', dueAt: t - 2 * DAY });
    const snoozed = makeFollowUp({ id: 'manual:2', dueAt: t - 20 * DAY, state: 'snoozed', snoozedUntil: t - 2 * HOUR });
    const sorted = [reminder, snoozed, freshDebrief, oldReply, oldReengage].sort(compareUrgency).map((f) => f.id);
    expect(sorted).toEqual([oldReengage.id, freshDebrief.id, oldReply.id, reminder.id, snoozed.id]);
  });

  it('tells calls by their id, as the rules make them', () => {
    expect(isCallId(debriefId('pipedrive:co:42'))).toBe(true);
    expect(isCallId(reengageId('local:abc'))).toBe(true);
    expect(isCallId(replyId('dana@acme.example'))).toBe(false);
    expect(isCallId('retrospective:123')).toBe(false);
    expect(isCallId('manual:debrief:1')).toBe(false);
  });
});

describe('telHref', () => {
  it.each([
    ['+1 (555) 010-2030', 'tel:+15550102030'],
    ['030 1234567', 'tel:0301234567'],
    ['+49 30 12+34', 'tel:+49301234'],
    ['call me', undefined],
    ['12', undefined],
    ['javascript:alert(1)', undefined],
  ])('%s → %s', (phone, href) => expect(telHref(phone)).toBe(href));
});

describe('the row', () => {
  const deal = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', url: 'https://app.hubspot.com/contacts/1/deal/7', contactEmails: ['pat@acme.example', 'dana@acme.example'] });
  const debrief = makeFollowUp({ id: debriefId(deal.id), kind: 'debrief', dealId: deal.id, contactEmail: 'pat@acme.example' });

  it('calls the first person of the deal who has a phone number', () => {
    const pat = contact({ email: 'pat@acme.example', name: 'Pat', phones: [] });
    const dana = contact({ phones: ['+1 555 0100'] });
    expect(personToCall([undefined, pat, dana])).toBe(dana);
    expect(personToCall([pat, undefined])).toBe(pat);
    expect(personToCall([])).toBeUndefined();
  });

  it('debrief and re-engage: "Call <name> · <phone>" when a phone is known, else "Open deal"', () => {
    const dana = contact({ phones: ['+1 555 0100'] });
    expect(primaryAction(debrief, deal, dana)).toEqual({ kind: 'call', label: 'Call Dana Buyer · +1 555 0100', href: 'tel:+15550100' });
    const reengage = { ...debrief, id: reengageId(deal.id), kind: 're-engage' as const };
    expect(primaryAction(reengage, deal, contact({ name: undefined, phones: ['555 0100'] }))).toMatchObject({ kind: 'call', label: 'Call dana@acme.example · 555 0100' });
    expect(primaryAction(debrief, deal, contact())).toEqual({ kind: 'open-deal', label: 'Open deal', href: deal.url });
    // A name with a direction control stays inside its isolate: the number still reads after it.
    expect(primaryAction(debrief, deal, contact({ name: 'Dana \u202eyreB', phones: ['555 0100'] }))).toMatchObject({ label: 'Call \u2068Dana \u202eyreB\u202c\u2069 · 555 0100' });
    expect(primaryAction(debrief, undefined, undefined)).toEqual({ kind: 'open-deal', label: 'Open deal', href: undefined });
  });

  it('a reply owed: "Reply"; the retrospective: "Open retrospective"; a reminder: what it points at', () => {
    expect(primaryAction(makeFollowUp({ kind: 'reply', contactEmail: 'dana@acme.example', threadId: 'thread-f:1' }))).toEqual({ kind: 'open', label: 'Reply' });
    expect(primaryAction(makeFollowUp({ kind: 'retrospective' }))).toEqual({ kind: 'open', label: 'Open retrospective' });
    expect(primaryAction(makeFollowUp({ threadId: 'thread-f:1' }))).toEqual({ kind: 'open', label: 'Open thread' });
    expect(primaryAction(makeFollowUp({ dealId: deal.id }), deal)).toEqual({ kind: 'open-deal', label: 'Open deal', href: deal.url });
    expect(primaryAction(makeFollowUp())).toEqual({ kind: 'open', label: 'Open' });
  });

  it('names who the row is about', () => {
    expect(whoOf(debrief, deal, contact())).toBe('Dana Buyer');
    expect(whoOf(debrief, deal, undefined)).toBe('pat@acme.example');
    expect(whoOf(makeFollowUp({ dealId: deal.id }), deal)).toBe('Acme renewal');
    expect(whoOf(makeFollowUp({ kind: 'retrospective' }))).toBe('Your team');
    expect(whoOf(makeFollowUp())).toBe('Reminder');
  });
});
