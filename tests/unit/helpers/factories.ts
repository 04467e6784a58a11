/**
 * Records for tests: a valid deal, touchpoint, follow-up or reflection with plain defaults, changed only
 * where a test cares. Keys are unique per call, so two touchpoints never overwrite each other.
 *
 *   makeDeal({ status: 'lost', amount: 18_000 })
 *   makeTouchpoint({ direction: 'inbound', at, contactEmails: ['pat@acme.example'] })
 */
import type { Deal, FollowUp, Reflection, Touchpoint } from '../../../lib/model';
import { emptyReflection } from '../../../lib/reflection/model';

/** 2026-03-02 (a Monday) 10:00 UTC: the default instant of every record. */
export const T0 = Date.UTC(2026, 2, 2, 10);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

let seq = 0;
const next = () => ++seq;

/** An open HubSpot deal with one prospect, opened and last updated at `T0`. */
export function makeDeal(over: Partial<Deal> = {}): Deal {
  const n = next();
  return {
    id: `hubspot:${n}`,
    source: 'hubspot',
    name: `Deal ${n}`,
    status: 'open',
    contactEmails: ['pat@acme.example'],
    threadIds: [],
    openedAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** An outbound email seen in Gmail at `T0` to one prospect. */
export function makeTouchpoint(over: Partial<Touchpoint> = {}): Touchpoint {
  const at = over.at ?? T0;
  return {
    key: `gmail:msg-${next()}`,
    channel: 'email',
    direction: 'outbound',
    at,
    contactEmails: ['pat@acme.example'],
    to: [],
    cc: [],
    capturedFrom: 'gmail',
    provenance: 'seen',
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

/** An open reminder due at `T0`. */
export function makeFollowUp(over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: `manual:${next()}`,
    kind: 'manual',
    dueAt: T0,
    state: 'open',
    reason: 'Reminder',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** A draft reflection on `deal`, started at `at` (default `T0`). */
export function makeReflection(deal: Deal, over: Partial<Reflection> = {}, at = T0): Reflection {
  return { ...emptyReflection(deal, at), ...over };
}
