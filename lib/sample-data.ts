/**
 * Sample data for a first look at the insights on an empty install: a quarter of made-up deals —
 * won, lost and dead, a few still open — with their emails, calls and meetings, finished
 * reflections, win reflections and debrief calls. Every sample record is marked: deal ids and
 * touchpoint keys start with `sample:`, contacts are at `.sample` domains (a name no real domain
 * has), and everything keyed by a deal follows its deal. "Remove sample data" deletes exactly
 * these; backups and exports leave them out unless asked.
 *
 * Pure: `now` and the randomness come in as arguments (`seededRandom` gives the same quarter for
 * the same seed).
 */
import type { Channel, Contact, Deal, Debrief, LossOutcome, LossReason, ReasonCategory, Reflection, Touchpoint, WinReflection } from './model';
import { emptyDebrief } from './reflection/debrief';
import { emptyReflection } from './reflection/model';
import { lossReason, STANDARD_STAGES } from './reflection/taxonomy';
import { emptyWinReflection } from './reflection/win';

export const SAMPLE_PREFIX = 'sample:';
export const SAMPLE_DOMAIN_SUFFIX = '.sample';
/** The seed "Load sample data" uses, so every install sees the same quarter. */
export const SAMPLE_SEED = 20_261_204;

export const isSampleId = (id: string | undefined): boolean => id !== undefined && id.startsWith(SAMPLE_PREFIX);
export const isSampleEmail = (email: string): boolean => (email.split('@')[1] ?? '').endsWith(SAMPLE_DOMAIN_SUFFIX);

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SampleData {
  contacts: Contact[];
  deals: Deal[];
  touchpoints: Touchpoint[];
  reflections: Reflection[];
  winReflections: WinReflection[];
  debriefs: Debrief[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const COMPANIES = [
  ['Northwind Freight', 'dana.kim'],
  ['Blue Harbor Foods', 'luis.ortega'],
  ['Meridian Clinics', 'ana.patel'],
  ['Alder & Finch Law', 'tom.becker'],
  ['Quarry Lane Builders', 'maya.cohen'],
  ['Sable Energy', 'jon.ito'],
  ['Tidewater Schools', 'eva.novak'],
  ['Kestrel Logistics', 'omar.haddad'],
  ['Brightline Dental', 'sara.lind'],
  ['Copperleaf Hotels', 'raj.mehta'],
  ['Juniper Analytics', 'lena.fischer'],
  ['Oakridge Manufacturing', 'paul.martin'],
  ['Silverpine Insurance', 'mia.rossi'],
  ['Harbor & Vine Retail', 'ben.okafor'],
] as const;

type Plan =
  | { status: 'won'; source: string; why: ReasonCategory; almost?: ReasonCategory; beat?: string }
  | { status: 'lost' | 'dead'; source: string; outcome: LossOutcome; competitor?: string; reason: [ReasonCategory, string]; also?: [ReasonCategory, string]; stage: number; buyer?: ReasonCategory }
  | { status: 'open'; source: string };

/** Who won, who lost and why: a quarter shaped like many reps' (slow replies and price come back). */
const PLANS: Plan[] = [
  { status: 'won', source: 'referral', why: 'sales-process', almost: 'price', beat: 'Initrode' },
  { status: 'lost', source: 'cold-call', outcome: 'competitor', competitor: 'Initrode', reason: ['price', 'too expensive'], also: ['sales-process', 'slow responses'], stage: 4, buyer: 'sales-process' },
  { status: 'won', source: 'warm-introduction', why: 'trust-risk', beat: 'Contoso' },
  { status: 'lost', source: 'inbound', outcome: 'no-decision', reason: ['sales-process', 'slow responses'], stage: 2, buyer: 'sales-process' },
  { status: 'dead', source: 'cold-call', outcome: 'disqualified', reason: ['icp-fit', 'wrong size'], stage: 1 },
  { status: 'won', source: 'inbound', why: 'product-fit', almost: 'sales-process' },
  { status: 'lost', source: 'event', outcome: 'competitor', competitor: 'Contoso', reason: ['competitor-strength', 'incumbent relationship'], stage: 5, buyer: 'price' },
  { status: 'lost', source: 'cold-call', outcome: 'went-dark', reason: ['sales-process', 'never reached the decision-maker'], stage: 1 },
  { status: 'won', source: 'referral', why: 'sales-process', beat: 'Initrode' },
  { status: 'lost', source: 'partner', outcome: 'competitor', competitor: 'Initrode', reason: ['price', 'budget cut'], also: ['timing', 'budget moved'], stage: 4, buyer: 'price' },
  { status: 'dead', source: 'inbound', outcome: 'no-decision', reason: ['timing', 'project shelved'], stage: 3 },
  { status: 'won', source: 'event', why: 'price', almost: 'trust-risk', beat: 'Contoso' },
  { status: 'open', source: 'referral' },
  { status: 'open', source: 'inbound' },
];

const LESSONS: Partial<Record<ReasonCategory, string>> = {
  price: 'Show the return on the investment before the price comes up.',
  'sales-process': 'Answer every question from a live deal the same morning.',
  'icp-fit': 'Check the company size on the first call before a demo.',
  'competitor-strength': 'Ask early who else they talk to, and meet their champion.',
  timing: 'Ask when the budget is decided, and who can move it.',
};

export function generateSampleData(now: number, random: () => number): SampleData {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const out: SampleData = { contacts: [], deals: [], touchpoints: [], reflections: [], winReflections: [], debriefs: [] };

  PLANS.forEach((plan, i) => {
    const [company, person] = COMPANIES[i % COMPANIES.length]!;
    const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}${SAMPLE_DOMAIN_SUFFIX}`;
    const email = `${person}@${domain}`;
    const name = person
      .split('.')
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join(' ');
    const id = `${SAMPLE_PREFIX}deal-${String(i + 1).padStart(2, '0')}`;
    // Spread over the last 90 days: opened 20–50 days before it closed.
    const closedAt = Math.round(now - between(3, 88) * DAY);
    const openedAt = Math.round(closedAt - between(20, 50) * DAY);
    const closed = plan.status !== 'open';
    const lastAt = closed ? closedAt : now - DAY;
    const amount = Math.round(between(6, 60)) * 1_000;
    const stageIdx = plan.status === 'lost' || plan.status === 'dead' ? plan.stage : plan.status === 'won' ? STANDARD_STAGES.length - 1 : 2;
    const deal: Deal = {
      id,
      source: 'local',
      name: `${company} — ${pick(['fleet rollout', 'pilot', 'annual licence', 'expansion', 'renewal'])}`,
      amount,
      currency: 'EUR',
      stage: STANDARD_STAGES[stageIdx],
      status: plan.status,
      leadSource: plan.source,
      contractTermMonths: pick([12, 12, 24]),
      contactEmails: [email],
      threadIds: [`${SAMPLE_PREFIX}thread-${i + 1}`],
      openedAt,
      firstSeenAt: openedAt,
      updatedAt: lastAt,
    };
    if (closed) deal.closedAt = closedAt;
    out.deals.push(deal);
    out.contacts.push({ email, name, domain, phones: [`+49 30 5550 ${String(1000 + i * 37).slice(-4)}`], firstSeen: openedAt, lastSeen: lastAt });

    // The conversation: they write, we answer (quickly on deals we won), calls and meetings between.
    const won = plan.status === 'won';
    const count = Math.round(won ? between(8, 14) : between(4, 9));
    const step = (lastAt - openedAt) / (count + 1);
    let n = 0;
    const touch = (channel: Channel, direction: 'inbound' | 'outbound', at: number, extra: Partial<Touchpoint> = {}) => {
      n += 1;
      const t: Touchpoint = {
        key: `${SAMPLE_PREFIX}${i + 1}-${n}`,
        channel,
        direction,
        at: Math.round(at),
        contactEmails: [email],
        from: direction === 'inbound' ? email : 'me',
        to: direction === 'inbound' ? [] : [email],
        cc: [],
        dealId: id,
        capturedFrom: channel === 'email' ? 'gmail' : 'manual',
        provenance: channel === 'email' ? 'seen' : 'manual',
        createdAt: Math.round(at),
        updatedAt: Math.round(at),
        ...extra,
      };
      if (channel === 'email') {
        t.threadId = deal.threadIds[0];
        t.subject = `${company}: ${pick(['pricing question', 'next steps', 'security review', 'pilot scope', 'contract draft'])}`;
      }
      out.touchpoints.push(t);
    };
    // Prospects write on weekdays during office hours (08:00–14:00 UTC), as real ones mostly do.
    const officeHours = (ms: number) => {
      const day = Math.floor(ms / DAY);
      const weekday = new Date(day * DAY).getUTCDay();
      const shift = weekday === 6 ? 2 : weekday === 0 ? 1 : 0;
      return (day + shift) * DAY + 8 * HOUR + between(0, 6 * HOUR);
    };
    for (let k = 1; k <= count; k++) {
      const at = Math.min(officeHours(openedAt + k * step), lastAt - 2 * HOUR);
      const kind = random();
      if (kind < 0.6) {
        touch('email', 'inbound', at);
        const delay = won ? between(20 * MIN, 3 * HOUR) : between(3 * HOUR, 30 * HOUR);
        touch('email', 'outbound', Math.min(at + delay, lastAt));
      } else if (kind < 0.85) touch('call', 'outbound', at, { durationMinutes: Math.round(between(5, 40)), outcome: pick(['connected', 'connected', 'voicemail'] as const) });
      else touch('meeting', 'outbound', at, { durationMinutes: pick([30, 45, 60]) });
    }

    if (plan.status === 'won') {
      out.winReflections.push({
        ...emptyWinReflection(deal, closedAt),
        state: 'final',
        whyCategory: plan.why,
        whyChoseUs: plan.why === 'sales-process' ? 'We answered every question the same day.' : 'They trusted the plan we showed them.',
        ...(plan.almost ? { almostLostCategory: plan.almost, almostLost: 'Procurement asked for a second quote.' } : {}),
        whoDecided: `${name}, operations director`,
        repeat: 'Same-day answers while they evaluate.',
        ...(plan.beat ? { competitorBeaten: plan.beat } : {}),
        finishedAt: closedAt + DAY,
        updatedAt: closedAt + DAY,
      });
    } else if (plan.status === 'lost' || plan.status === 'dead') {
      const primary: LossReason = lossReason(plan.reason[0], plan.reason[1]);
      const r: Reflection = {
        ...emptyReflection(deal, closedAt),
        state: 'final',
        disposition: plan.status,
        outcome: plan.outcome,
        primaryReason: primary,
        secondaryReasons: plan.also ? [lossReason(plan.also[0], plan.also[1])] : [],
        stageLost: STANDARD_STAGES[plan.stage],
        personalConnection: random() < 0.3,
        icpFit: Math.round(between(2, 5)),
        differently: LESSONS[plan.reason[0]] ?? 'Find the decision-maker in the first two weeks.',
        repStatedReason: plan.reason[1],
        finishedAt: closedAt + DAY,
        updatedAt: closedAt + DAY,
      };
      if (plan.competitor) r.competitor = plan.competitor;
      out.reflections.push(r);
      if (plan.buyer) {
        const heldAt = Math.min(closedAt + 6 * DAY, now - HOUR);
        const d = emptyDebrief(deal.id, r.outcome, heldAt);
        d.answers = d.answers.map((a, k) => ({ ...a, answer: k === 0 ? 'Getting answers quickly while we compared.' : a.answer }));
        out.debriefs.push({ ...d, buyerReason: plan.buyer, buyerReasonDetail: plan.buyer === plan.reason[0] ? plan.reason[1] : 'You took days to answer our questions', spokeWith: name, heldAt, updatedAt: heldAt });
      }
    }
  });
  return out;
}

/** The same records without the sample ones (a backup or an export the rep did not ask to include them in). */
export function withoutSample<
  T extends {
    contacts?: Contact[];
    deals: Deal[];
    touchpoints?: Touchpoint[];
    reflections?: Reflection[];
    winReflections?: WinReflection[];
    debriefs?: Debrief[];
    followUps?: { dealId?: string }[];
  },
>(data: T): T {
  const out = { ...data, deals: data.deals.filter((d) => !isSampleId(d.id)) };
  if (data.contacts) out.contacts = data.contacts.filter((c) => !isSampleEmail(c.email));
  if (data.touchpoints) out.touchpoints = data.touchpoints.filter((t) => !isSampleId(t.key) && !isSampleId(t.dealId));
  if (data.reflections) out.reflections = data.reflections.filter((r) => !isSampleId(r.dealId));
  if (data.winReflections) out.winReflections = data.winReflections.filter((r) => !isSampleId(r.dealId));
  if (data.debriefs) out.debriefs = data.debriefs.filter((r) => !isSampleId(r.dealId));
  if (data.followUps) out.followUps = data.followUps.filter((f) => !isSampleId(f.dealId)) as T['followUps'];
  return out;
}
