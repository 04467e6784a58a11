/**
 * A hand-made set of closed deals whose insights are worked out by hand in the tests that use it
 * (tests/unit/insights-charts.test.ts, tests/unit/insights-filter.test.ts). Time zone: Berlin.
 *
 * | deal | status | closed (Berlin)   | lead source | stage lost | competitor            | reasons                                         |
 * |------|--------|-------------------|-------------|------------|-----------------------|-------------------------------------------------|
 * | w1   | won    | 2026-01-15        | Referral    |            | beat "initrode"       |                                                 |
 * | w2   | won    | 2026-05-20        | Referral    |            | beat "Initrode"       |                                                 |
 * | w3   | won    | 2026-05-05        | Inbound     |            | (draft: Contoso)      |                                                 |
 * | l1   | lost   | 2026-03-20        | Cold call   | Discovery  | lost to "initrode "   | price (partly), slow responses (controllable)  |
 * | l2   | dead   | 2026-05-02        | Cold call   |            | lost to Contoso       | product fit (not)                               |
 * | l3   | lost   | 2026-05-28        | Inbound     | Proposal   | (no decision)         | slow responses (controllable)                   |
 * | l4   | lost   | 2026-04-01 00:30  | Referral    |            | (draft: Initrode)     | draft: does not count                           |
 * | o1   | open   |                   | Event       |            | (re-opened: Initrode) | its old final reflection does not count         |
 *
 * l4 closed on 2026-03-31 22:30 UTC, which is already April in Berlin.
 */
import type { Deal, Reflection, Touchpoint, WinReflection } from '../../../lib/model';
import { emptyReflection } from '../../../lib/reflection/model';
import { emptyWinReflection } from '../../../lib/reflection/win';
import { lossReason } from '../../../lib/reflection/taxonomy';
import { makeDeal, makeTouchpoint } from './factories';

export const TZ = 'Europe/Berlin';
export const H = 3_600_000;
/** Noon UTC of a day in 2026 (month 1–12). */
export const day = (month: number, d: number) => Date.UTC(2026, month - 1, d, 12);

const deal = (id: string, status: Deal['status'], closedAt: number | undefined, leadSource: string): Deal =>
  makeDeal({ id, name: `Deal ${id}`, status, leadSource, openedAt: day(1, 1), ...(closedAt === undefined ? {} : { closedAt }), updatedAt: closedAt ?? day(1, 1) });

export const deals: Deal[] = [
  deal('w1', 'won', day(1, 15), 'Referral'),
  deal('w2', 'won', day(5, 20), 'Referral'),
  deal('w3', 'won', day(5, 5), 'Inbound'),
  deal('l1', 'lost', day(3, 20), 'Cold call'),
  deal('l2', 'dead', day(5, 2), 'Cold call'),
  deal('l3', 'lost', day(5, 28), 'Inbound'),
  deal('l4', 'lost', Date.UTC(2026, 2, 31, 22, 30), 'Referral'),
  deal('o1', 'open', undefined, 'Event'),
];
const byId = (id: string) => deals.find((d) => d.id === id)!;

const reflection = (id: string, over: Partial<Reflection>): Reflection => {
  const d = byId(id);
  return { ...emptyReflection(d, d.closedAt ?? day(2, 1)), state: 'final', differently: 'Answer the same day.', ...over };
};

export const reflections: Reflection[] = [
  reflection('l1', {
    outcome: 'competitor',
    competitor: 'initrode ',
    stageLost: 'Discovery',
    primaryReason: lossReason('price', 'too expensive'),
    secondaryReasons: [lossReason('sales-process', 'Slow responses')],
  }),
  reflection('l2', { outcome: 'competitor', competitor: 'Contoso', primaryReason: lossReason('product-fit', 'no SSO') }),
  reflection('l3', { outcome: 'no-decision', stageLost: 'Proposal', primaryReason: lossReason('sales-process', 'slow responses') }),
  reflection('l4', { state: 'draft', outcome: 'competitor', competitor: 'Initrode', primaryReason: lossReason('price', 'too expensive') }),
  reflection('o1', { outcome: 'competitor', competitor: 'Initrode', primaryReason: lossReason('timing', 'project shelved'), lostAt: day(2, 10) }),
];

const win = (id: string, over: Partial<WinReflection>): WinReflection => {
  const d = byId(id);
  return { ...emptyWinReflection(d, d.closedAt!), state: 'final', whyCategory: 'sales-process', updatedAt: d.closedAt!, ...over };
};

export const winReflections: WinReflection[] = [
  win('w1', { competitorBeaten: 'initrode' }),
  win('w2', { competitorBeaten: 'Initrode' }),
  win('w3', { state: 'draft', competitorBeaten: 'Contoso' }),
];

const touches = (dealId: string, channel: Touchpoint['channel'], n: number): Touchpoint[] =>
  Array.from({ length: n }, () => makeTouchpoint({ dealId, channel }));

/** Lost: l1 2 emails, l2 1 email + 1 call, l3 and l4 none. Won: w1 3 emails + 1 meeting + 1 note, w2 5 emails + 1 call + 2 meetings, w3 none. */
export const touchpointsByDeal = new Map<string, Touchpoint[]>([
  ['l1', touches('l1', 'email', 2)],
  ['l2', [...touches('l2', 'email', 1), ...touches('l2', 'call', 1)]],
  ['w1', [...touches('w1', 'email', 3), ...touches('w1', 'meeting', 1), ...touches('w1', 'note', 1)]],
  ['w2', [...touches('w2', 'email', 5), ...touches('w2', 'call', 1), ...touches('w2', 'meeting', 2)]],
]);

/** Median reply times: lost l1 2 h, l2 4 h; won w1 30 min, w2 1 h. */
export const responseByDeal = new Map<string, { median?: number }>([
  ['l1', { median: 2 * H }],
  ['l2', { median: 4 * H }],
  ['w1', { median: H / 2 }],
  ['w2', { median: H }],
]);
