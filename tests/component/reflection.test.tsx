/**
 * The reflection page against fake-indexeddb. `call` is replaced by the real background API
 * (lib/background/api.ts) over the same database, so saves land where the page reads them.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { createApi, type Effects } from '../../lib/background/api';
import { db, storeSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import { defaultSettings, type Channel, type Deal, type Direction, type Reflection as ReflectionRow, type Touchpoint } from '../../lib/model';
import { Reflection } from '../../components/reflection/Reflection';
import { AUTOSAVE_DELAY_MS } from '../../components/autosave';
import { makeDeal, makeReflection, makeTouchpoint } from '../unit/helpers/factories';
import { quietEffects } from '../unit/helpers/effects';

vi.mock('../../lib/messaging', () => ({ call: vi.fn() }));

const H = 3_600_000;
const DAY = 24 * H;
const OPENED = Date.UTC(2026, 2, 2, 9); // Mon 2 March 2026, 10:00 Berlin
const CLOSED = OPENED + 30 * DAY;
const DEAL_ID = 'hubspot:901';
const WON_ID = 'hubspot:777';
const PROSPECT = 'ana@acme.example';

const effects: Effects = quietEffects();

function deal(over: Partial<Deal> = {}): Deal {
  return makeDeal({
    id: DEAL_ID,
    name: 'Acme — analytics rollout',
    amount: 24_000,
    currency: 'EUR',
    stage: 'Proposal',
    stages: ['Discovery', 'Demo', 'Proposal', 'Negotiation'],
    status: 'lost',
    leadSource: 'Warm Intro',
    contractTermMonths: 12,
    contactEmails: [PROSPECT],
    threadIds: ['t1'],
    openedAt: OPENED,
    closedAt: CLOSED,
    updatedAt: CLOSED,
    ...over,
  });
}

function tp(dealId: string, at: number, channel: Channel, direction: Direction, subject?: string): Touchpoint {
  return makeTouchpoint({
    channel,
    direction,
    at,
    contactEmails: direction === 'internal' ? [] : [PROSPECT],
    from: direction === 'inbound' ? PROSPECT : 'rep@ours.example',
    threadId: 't1',
    subject,
    dealId,
    capturedFrom: channel === 'email' ? 'gmail' : 'manual',
  });
}

/** 8 touchpoints: 5 email (2 in, 3 out), 1 call, 1 meeting, 1 internal note. */
const LOST_TOUCHES = (): Touchpoint[] => [
  tp(DEAL_ID, OPENED + 1 * H, 'email', 'outbound', 'Intro from Jo'),
  tp(DEAL_ID, OPENED + 1 * DAY, 'email', 'inbound', 'Re: Intro from Jo'),
  tp(DEAL_ID, OPENED + 1 * DAY + 2 * H, 'email', 'outbound', 'Re: Intro from Jo'),
  tp(DEAL_ID, OPENED + 3 * DAY, 'call', 'outbound'),
  tp(DEAL_ID, OPENED + 7 * DAY, 'meeting', 'outbound', 'Demo'),
  tp(DEAL_ID, OPENED + 8 * DAY, 'note', 'internal'),
  tp(DEAL_ID, OPENED + 20 * DAY, 'email', 'inbound', '<b>Pricing?</b>'),
  tp(DEAL_ID, OPENED + 24 * DAY, 'email', 'outbound', 'Re: Pricing?'),
];

async function seed(reflection?: Partial<ReflectionRow> | null) {
  const d = db();
  await storeSettings(d, { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@ours.example'], internalDomains: ['ours.example'] });
  await d.deals.bulkPut([
    deal(),
    deal({ id: WON_ID, name: 'Globex — pilot', status: 'won', stages: undefined, amount: 20_000, contactEmails: ['bo@globex.example'], threadIds: [] }),
  ]);
  await d.touchpoints.bulkPut([...LOST_TOUCHES(), tp(WON_ID, OPENED + DAY, 'email', 'outbound'), tp(WON_ID, OPENED + 2 * DAY, 'call', 'outbound')]);
  // Another deal's reflection names a competitor: the datalist remembers it.
  await d.reflections.put(makeReflection(deal({ id: 'hubspot:555' }), { outcome: 'competitor', competitor: 'Initech' }, OPENED));
  if (reflection !== null) await d.reflections.put(makeReflection(deal(), reflection, CLOSED));
}

const saves = () =>
  vi
    .mocked(call)
    .mock.calls.filter(([name]) => name === 'saveReflection')
    .map(([, args]) => args as { reflection: ReflectionRow; finish?: boolean });

function renderPage(search = `?deal=${encodeURIComponent(DEAL_ID)}`) {
  return render(<Reflection search={search} />);
}

/** Background work started by a test; awaited before the next test clears the database. */
let pending: Promise<unknown>[] = [];

beforeEach(async () => {
  await Promise.all(db().tables.map((t) => t.clear()));
  const api = createApi(db(), { now: () => Date.now() }, effects, Math.random);
  vi.mocked(call).mockReset();
  vi.mocked(call).mockImplementation(((name: keyof typeof api, args: unknown) => {
    const p = (api[name] as (a: unknown, s: object) => Promise<unknown>)(args, {});
    pending.push(p.catch(() => undefined));
    return p;
  }) as typeof call);
});

afterEach(async () => {
  vi.useRealTimers();
  cleanup(); // unmounting flushes unsaved edits
  await Promise.all(pending);
  pending = [];
});

describe('reflection page', () => {
  it('is pre-filled with hard data counted from the stored touchpoints', async () => {
    await seed();
    renderPage();
    expect(await screen.findByTestId('hard-total')).toHaveProperty('textContent', '8');
    const counts = { email: '5', call: '1', meeting: '1', note: '1', inbound: '2', outbound: '5', internal: '1', 'days-open': '30' };
    for (const [id, value] of Object.entries(counts)) expect(screen.getByTestId(`hard-${id}`).textContent).toBe(value);
    expect(screen.getByTestId('hard-lead-source').textContent).toBe('Warm introduction');
    expect(screen.getByTestId('hard-email').getAttribute('href')).toBe('#timeline-email');
    // Working time as people say it ("5 h 12 m", "2 working days"), never "232h".
    expect(screen.getByTestId('hard-median').textContent).toMatch(/^(\d+ h( \d+ m)?|\d+ m|less than a minute|1 working day( \d+ h)?|\d+ working days)$/);
    // The form starts from the deal: stage, lead source, contract term.
    expect((screen.getByLabelText('Stage where it was lost') as HTMLSelectElement).value).toBe('Proposal');
    expect((screen.getByLabelText('Lead source') as HTMLSelectElement).value).toBe('warm-introduction');
    expect((screen.getByLabelText('Contract term offered (months)') as HTMLInputElement).value).toBe('12');
    // The deal's own stage list, not the standard one.
    const stages = [...(screen.getByLabelText('Stage where it was lost') as HTMLSelectElement).options].map((o) => o.value);
    expect(stages).toEqual(['', 'Discovery', 'Demo', 'Proposal', 'Negotiation']);
  });

  it('links each figure to a filtered timeline that renders subjects as text', async () => {
    await seed();
    renderPage();
    fireEvent.click(await screen.findByTestId('hard-inbound'));
    await waitFor(() => expect(screen.getByTestId('timeline-list').getAttribute('data-filter')).toBe('inbound'));
    const items = within(screen.getByTestId('timeline-list')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items.every((li) => li.getAttribute('data-direction') === 'inbound')).toBe(true);
    // Newest first; markup in a subject stays text.
    expect(items[0]!.textContent).toContain('<b>Pricing?</b>');
    expect(screen.getByTestId('timeline').querySelector('b')).toBeNull();
    expect((screen.getByTestId('timeline') as HTMLDetailsElement).open).toBe(true);
  });

  it("names the deal in the tab's title with its direction controls isolated", async () => {
    await seed();
    await db().deals.update(DEAL_ID, { name: 'Acme \u202etuollor' });
    renderPage();
    await waitFor(() => expect(document.title).toBe('Reflection — \u2068Acme \u202etuollor\u202c\u2069'));
  });

  it('autosaves what is typed, debounced, and restores it on reopening', async () => {
    await seed();
    const { unmount } = renderPage();
    const box = await screen.findByLabelText('What will you do differently next time?');
    // The autosave's debounce runs on fake time: the test moves it instead of waiting for it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const text of ['Reach', 'Reach the CFO', 'Reach the CFO before the demo.']) fireEvent.input(box, { target: { value: text } });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(saves()).toHaveLength(0); // not yet: debounced
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    expect(saves()).toHaveLength(1);
    expect(saves()[0]!.reflection.differently).toBe('Reach the CFO before the demo.');
    expect(saves()[0]!.finish).toBeUndefined();
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toMatch(/^Draft — saved \d\d:\d\d$/));
    expect((await db().reflections.get(DEAL_ID))?.differently).toBe('Reach the CFO before the demo.');

    unmount();
    renderPage();
    const again = await screen.findByLabelText('What will you do differently next time?');
    expect((again as HTMLTextAreaElement).value).toBe('Reach the CFO before the demo.');
  });

  it('saves at once when the page is hidden or closed', async () => {
    await seed();
    renderPage();
    const box = await screen.findByLabelText('What did not fit');
    fireEvent.input(box, { target: { value: 'Too small a team' } });
    window.dispatchEvent(new Event('pagehide'));
    expect(saves()).toHaveLength(1);
    expect(saves()[0]!.reflection.icpMisfit).toBe('Too small a team');
  });

  it('will not finish without outcome, reason and ownership, and says so beside each field', async () => {
    await seed();
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Finish reflection' }));
    await screen.findByText('Choose how the deal ended.', {}, { timeout: 3000 });
    screen.getByText('Choose the primary reason the deal was lost.');
    screen.getByText('Write one thing you will do differently next time.');
    expect(screen.getByTestId('finish-problems').textContent).toContain('3 fields need attention');
    // Each message is tied to its control, and focus moves to the first invalid one.
    expect(screen.getByLabelText('What will you do differently next time?').getAttribute('aria-describedby')).toContain('differently-error');
    await waitFor(() => expect(document.activeElement?.id).toBe('outcome-competitor'));
    expect(saves().at(-1)?.finish).toBe(true);
    expect((await db().reflections.get(DEAL_ID))?.state).toBe('draft');

    // Putting a field right clears its message.
    fireEvent.click(screen.getByLabelText('Went dark'));
    await waitFor(() => expect(screen.queryByText('Choose how the deal ended.')).toBeNull());
    screen.getByText('Choose the primary reason the deal was lost.');
  });

  it('asks for the competitor only when the deal went to a competitor, suggesting names used before', async () => {
    await seed();
    renderPage();
    await screen.findByTestId('hard-total');
    expect(screen.queryByLabelText('Competitor who won')).toBeNull();
    fireEvent.click(screen.getByLabelText('Lost to a competitor'));
    const input = await screen.findByLabelText('Competitor who won');
    const list = document.getElementById(input.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(['Initech']);
    fireEvent.click(screen.getByLabelText('No decision / status quo'));
    await waitFor(() => expect(screen.queryByLabelText('Competitor who won')).toBeNull());
  });

  it('labels every field', async () => {
    await seed({
      primaryReason: { category: 'sales-process', detail: 'slow responses', controllability: 'controllable' },
      secondaryReasons: [{ category: 'price', detail: 'too expensive', controllability: 'partly' }],
      team: [{ person: 'Sam', role: 'SE', feltWinning: 'after the demo', feltLost: 'pricing call', why: 'silence' }],
      outcome: 'competitor',
      competitor: 'Initech',
    });
    renderPage();
    await screen.findByTestId('hard-total');
    const labels = [
      'Lost to a competitor',
      'No decision / status quo',
      'We disqualified it (poor fit)',
      'Went dark',
      'Unknown',
      'Competitor who won',
      'Lost — worth trying again later',
      'Dead — no more time on it',
      'Stage where it was lost',
      'Primary reason',
      'In your words — primary reason',
      'Was it in your control? — primary reason',
      'Secondary reason 1',
      'In your words — secondary reason 1',
      'Was it in your control? — secondary reason 1',
      'Lead source',
      'Personal connection on our side',
      'Fit with the ideal customer profile (1–5)',
      'What did not fit',
      'What was prepared',
      'What was missing',
      'Person (team member 1)',
      'Role (team member 1)',
      'When they felt it was being won (team member 1)',
      'When they felt it was lost (team member 1)',
      'Why (team member 1)',
      'Your own stated reason',
      'What they said mattered',
      'What we could have changed, offered or done',
      'What will you do differently next time?',
      'Ideal-customer profile change',
      'Process or timing change',
      'Other adjustment',
      'Contract term offered (months)',
      'Offer summary',
      'Compare with a won deal',
    ];
    for (const label of labels) screen.getByLabelText(label);
    // Controllability defaults come from the taxonomy and can be flipped.
    const control = screen.getByLabelText('Was it in your control? — secondary reason 1') as HTMLSelectElement;
    expect(control.value).toBe('partly');
    fireEvent.change(screen.getByLabelText('Secondary reason 1'), { target: { value: 'timing' } });
    await waitFor(() => expect((screen.getByLabelText('Was it in your control? — secondary reason 1') as HTMLSelectElement).value).toBe('not-controllable'));
    fireEvent.change(screen.getByLabelText('Was it in your control? — secondary reason 1'), { target: { value: 'controllable' } });
    await waitFor(() => expect(saves().at(-1)?.reflection.secondaryReasons[0]).toEqual({ category: 'timing', detail: 'too expensive', controllability: 'controllable' }));
    // The won deal is compared side by side.
    const table = screen.getByTestId('compare-touchpoints').closest('table')!;
    expect(table.querySelector('thead')!.textContent).toContain('Globex — pilot (won)');
    expect(screen.getByTestId('compare-touchpoints').textContent).toContain('2 (1 email, 1 call)');
  });

  it('adds and removes secondary reasons and team members', async () => {
    await seed();
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Add a secondary reason' }));
    await screen.findByLabelText('Secondary reason 1');
    // The autosave's debounce runs on fake time: the test moves it instead of waiting for it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.click(screen.getByRole('button', { name: 'Add a person' }));
    fireEvent.input(await screen.findByLabelText('Person (team member 1)'), { target: { value: 'Sam' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove secondary reason 1' }));
    await waitFor(() => expect(screen.queryByLabelText('Secondary reason 1')).toBeNull());
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    vi.useRealTimers();
    await waitFor(() => expect(saves().at(-1)?.reflection.team).toEqual([{ person: 'Sam', role: '', feltWinning: '', feltLost: '', why: '' }]));
    expect(saves().at(-1)?.reflection.secondaryReasons).toEqual([]);
  });

  it('finishes, shows the scheduled follow-ups, and reopens the deal', async () => {
    await seed({ outcome: 'went-dark', differently: 'Multi-thread early.' });
    renderPage();
    fireEvent.change(await screen.findByLabelText('Primary reason'), { target: { value: 'sales-process' } });
    fireEvent.click(screen.getByRole('button', { name: 'Finish reflection' }));
    // Finishing first saves what is pending, then asks the background to finish: allow for both.
    await screen.findByTestId('finish-result', {}, { timeout: 3000 });
    await screen.findByTestId('followup-debrief', {}, { timeout: 3000 });
    await screen.findByTestId('followup-re-engage', {}, { timeout: 3000 });
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toMatch(/^Finished/));
    const stored = await db().reflections.get(DEAL_ID);
    expect(stored?.state).toBe('final');
    expect(stored?.primaryReason).toEqual({ category: 'sales-process', detail: '', controllability: 'controllable' });

    fireEvent.click(screen.getByRole('button', { name: 'Reopen deal (it came back)' }));
    await screen.findByTestId('reopened', {}, { timeout: 3000 });
    expect((await db().deals.get(DEAL_ID))?.status).toBe('open');
    await waitFor(() => expect(screen.getByTestId('followup-debrief').getAttribute('data-state')).toBe('done'));
    // An open deal's reflection is kept but not editable until it is marked lost again.
    expect(screen.getByLabelText('What will you do differently next time?').closest('fieldset[disabled]')).not.toBeNull();
    screen.getByTestId('mark-lost-again');
  });

  it('never stores an invalid contract term, and says what a term must be', async () => {
    await seed();
    renderPage();
    const term = (await screen.findByLabelText('Contract term offered (months)')) as HTMLInputElement;
    // The autosave's debounce runs on fake time: the test moves it instead of waiting for it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.input(term, { target: { value: '0' } });
    screen.getByText('A whole number of months from 1 to 120.');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    vi.useRealTimers();
    expect(saves()).toHaveLength(1);
    expect(saves()[0]!.reflection).not.toHaveProperty('contractTermMonths');
    expect(term.value).toBe('0'); // what the rep typed stays while they fix it
    await Promise.all(pending); // the first save has landed: the next one is not queued behind it
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.input(term, { target: { value: '24' } });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    vi.useRealTimers();
    expect(saves()).toHaveLength(2);
    expect(saves()[1]!.reflection.contractTermMonths).toBe(24);
    expect(screen.queryByText('A whole number of months from 1 to 120.')).toBeNull();
    screen.getByText('The re-engage call comes 18 months after the decline, with the same terms.');
  });

  it('starts a fresh reflection when none is stored', async () => {
    await seed(null);
    renderPage();
    expect(((await screen.findByLabelText('What will you do differently next time?')) as HTMLTextAreaElement).value).toBe('');
    expect(screen.getByTestId('save-status').textContent).toBe('Draft');
  });

  it('explains what to do when no deal was found for the shortcut', () => {
    renderPage('?missing=1');
    const box = screen.getByTestId('reflection-missing');
    expect(box.textContent).toContain('Open a Gmail thread linked to a deal');
    expect(box.textContent).toContain('Alt+Shift+L');
  });

  it('says so when the deal id is unknown', async () => {
    renderPage('?deal=nope');
    await screen.findByTestId('reflection-not-found');
  });
});
