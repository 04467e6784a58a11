/**
 * The deal sidebar: a header naming the product and the deal with a link to the settings;
 * sections that fold, each remembering its own state; quick log and reminders folded until used;
 * counts that agree with their noun.
 */
import { signal } from '@preact/signals';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Deal, type Settings, type Touchpoint } from '../../lib/model';
import { makeDeal, makeTouchpoint, T0 } from '../unit/helpers/factories';

const data: { deal?: Deal; touchpoints: Touchpoint[]; settings?: Settings } = { touchpoints: [] };
const calls: { name: string; args: unknown }[] = [];
/** A call that the background refuses, with the words it answers. */
const refuse: { name?: string; message?: string } = {};

vi.mock('../../lib/messaging', () => ({
  call: vi.fn(async (name: string, args: { name?: string } & Record<string, unknown>) => {
    calls.push({ name, args });
    if (name === refuse.name) throw new Error(refuse.message);
    if (name !== 'read') return null;
    switch (args.name) {
      case 'settings':
        return data.settings ?? defaultSettings('Europe/Berlin');
      case 'deal':
        return data.deal ?? null;
      case 'dealTouchpoints':
        return data.touchpoints;
      case 'attentionContext':
        return { names: {}, dealStatus: {}, followUps: {} };
      default:
        return null;
    }
  }),
}));
vi.mock('../../components/sidebar/context', async () => {
  const { call } = await import('../../lib/messaging');
  return {
    // Each read is answered once, by the background's `read` above.
    pageLink: () => ({
      context: signal(undefined),
      read: (name: string, args: unknown, listener: (v: unknown) => void) => {
        let live = true;
        void (call as (n: string, a: unknown) => Promise<unknown>)('read', { name, args }).then((v) => live && listener(v));
        return () => void (live = false);
      },
      cached: () => undefined,
      dispose() {},
    }),
    inSidePanel: () => true,
  };
});

const { Header } = await import('../../components/sidebar/Header');
const { Fold, foldKey } = await import('../../components/sidebar/Fold');
const { DealPanel } = await import('../../components/sidebar/DealPanel');

beforeEach(() => {
  calls.length = 0;
  delete refuse.name;
  data.deal = undefined;
  data.touchpoints = [];
  data.settings = undefined;
});
afterEach(cleanup);

describe('the sidebar header', () => {
  it('names the product and the deal, with its status, and links to the settings', () => {
    render(<Header deal={{ name: 'Acme pilot', status: 'open' }} />);
    const header = screen.getByTestId('sidebar-header');
    expect(header.textContent).toContain('Deal Debrief');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme pilot');
    expect(screen.getByTestId('deal-name').textContent).toBe('Acme pilot');
    expect(screen.getByTestId('deal-status').textContent).toBe('Open');
    expect(screen.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/options.html');
  });

  it('without a deal, the product is the page heading', () => {
    render(<Header />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Deal Debrief');
    expect(screen.queryByTestId('deal-name')).toBeNull();
  });

  it('Settings opens the options page', async () => {
    const open = vi.fn(async () => undefined);
    (fakeBrowser.runtime as unknown as { openOptionsPage: typeof open }).openOptionsPage = open;
    render(<Header />);
    const link = screen.getByRole('link', { name: 'Settings' });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    expect(click.defaultPrevented).toBe(true);
  });
});

function fold(id: string): HTMLDetailsElement {
  return document.querySelector<HTMLDetailsElement>(`details[data-fold="${id}"]`)!;
}
/** The rep clicks the summary: the browser flips `open`, then fires `toggle`. */
function toggle(el: HTMLDetailsElement): void {
  el.open = !el.open;
  el.dispatchEvent(new Event('toggle'));
}

describe('sections that fold', () => {
  it('are open at first, remember the rep’s choice per section, and keep it on the next page', async () => {
    const { unmount } = render(
      <>
        <Fold id="a" title="First">
          <p>one</p>
        </Fold>
        <Fold id="b" title="Second">
          <p>two</p>
        </Fold>
      </>,
    );
    expect(fold('a').open).toBe(true);
    expect(fold('a').querySelector('summary h2')?.textContent).toBe('First');
    toggle(fold('a'));
    await waitFor(async () => expect(await fakeBrowser.storage.local.get(foldKey('a'))).toEqual({ [foldKey('a')]: false }));
    expect(await fakeBrowser.storage.local.get(foldKey('b'))).toEqual({});
    unmount();

    render(
      <>
        <Fold id="a" title="First">
          <p>one</p>
        </Fold>
        <Fold id="b" title="Second">
          <p>two</p>
        </Fold>
      </>,
    );
    await waitFor(() => expect(fold('a').open).toBe(false));
    expect(fold('b').open).toBe(true);
    toggle(fold('a'));
    await waitFor(async () => expect(await fakeBrowser.storage.local.get(foldKey('a'))).toEqual({ [foldKey('a')]: true }));
  });
});

describe('the deal panel', () => {
  async function panel(touchpoints: Touchpoint[]) {
    const deal = makeDeal({ id: 'hubspot:1', name: 'Acme pilot', contactEmails: ['pat@acme.example'] });
    data.deal = deal;
    data.touchpoints = touchpoints.map((t) => ({ ...t, dealId: deal.id }));
    render(<DealPanel dealId={deal.id} />);
    await screen.findByTestId('deal-panel');
    return deal;
  }

  it("gives the timeline's times in the rep's time zone, as its first touch", async () => {
    // 15:00 UTC: 10:00 for a rep in New York, 16:00 in Berlin where this browser runs.
    data.settings = defaultSettings('America/New_York');
    await panel([makeTouchpoint({ at: Date.parse('2026-03-02T15:00:00Z') })]);
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Mon, Mar 2, 2026, 10:00 AM'));
    expect(screen.getByTestId('hard-numbers').textContent).toContain('Mon, Mar 2, 2026, 10:00 AM');
  });

  it("counts days open on the rep's calendar, as the reflection does, across a change of the clocks", async () => {
    // 10:00 on Fri 20 Mar to 10:00 on Mon 30 Mar in Berlin: ten days, though the clocks went
    // forward on the 29th and only 239 hours passed.
    data.settings = defaultSettings('Europe/Berlin');
    data.deal = makeDeal({ id: 'hubspot:2', status: 'lost', openedAt: Date.parse('2026-03-20T10:00:00+01:00'), closedAt: Date.parse('2026-03-30T10:00:00+02:00') });
    render(<DealPanel dealId="hubspot:2" />);
    await waitFor(() => expect(screen.getByTestId('days-open').textContent).toBe('10'));
  });

  it("clears a field the rep empties: the edit says null, which Chrome's messaging carries (undefined it drops)", async () => {
    data.deal = makeDeal({ id: 'local:1', source: 'local', name: 'Side project', amount: 5000, currency: 'EUR', stage: 'Talks', contractTermMonths: 24, leadSource: 'referral' });
    render(<DealPanel dealId="local:1" />);
    await screen.findByTestId('local-deal-fields');
    for (const id of ['deal-amount', 'deal-currency', 'deal-stage']) fireEvent.change(document.getElementById(id)!, { target: { value: '' } });
    fireEvent.change(document.getElementById('deal-lead-source')!, { target: { value: '' } });
    await waitFor(() => expect(calls.filter((c) => c.name === 'updateDeal')).toHaveLength(4));
    const patches = calls.filter((c) => c.name === 'updateDeal').map((c) => JSON.parse(JSON.stringify((c.args as { patch: unknown }).patch)) as unknown);
    expect(patches).toEqual([{ amount: null }, { currency: null }, { stage: null }, { leadSource: null }]);
  });

  it('folds its hard numbers, next steps and timeline, and counts with the right noun', async () => {
    await panel([makeTouchpoint({ at: T0 })]);
    expect(fold('deal-hard-numbers').querySelector('summary')?.textContent).toBe('Hard numbers1 touchpoint');
    expect(fold('deal-timeline').querySelector('summary')?.textContent).toBe('Timeline1 item');
    expect(fold('deal-hard-numbers').querySelector('[data-testid=hard-numbers]')).not.toBeNull();
    expect(fold('deal-timeline').querySelector('[data-testid=timeline]')).not.toBeNull();
    cleanup();
    await panel([makeTouchpoint({ at: T0 }), makeTouchpoint({ at: T0 + 60_000, direction: 'inbound' })]);
    expect(fold('deal-hard-numbers').querySelector('summary')?.textContent).toBe('Hard numbers2 touchpoints');
    expect(fold('deal-timeline').querySelector('summary')?.textContent).toBe('Timeline2 items');
  });

  it('keeps quick log folded until used, and folds it again once logged', async () => {
    const deal = await panel([]);
    expect(screen.queryByTestId('quick-log')).toBeNull();
    const opener = screen.getByRole('button', { name: 'Log a call, meeting or note' });
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(opener);
    const form = await screen.findByTestId('quick-log');
    expect(document.activeElement).toBe(form.querySelector('input[value=call]'));
    fireEvent.input(screen.getByRole('textbox', { name: 'Note' }), { target: { value: 'Intro call' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.queryByTestId('quick-log')).toBeNull());
    expect(screen.getByTestId('quick-log-folded').textContent).toContain('Logged.');
    expect(calls.find((c) => c.name === 'logTouchpoint')?.args).toMatchObject({ channel: 'call', dealId: deal.id, note: 'Intro call' });
    // Cancel folds it without logging.
    fireEvent.click(screen.getByRole('button', { name: 'Log a call, meeting or note' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('quick-log')).toBeNull());
    expect(calls.filter((c) => c.name === 'logTouchpoint')).toHaveLength(1);
  });

  it("logs by hand in the rep's time zone, as the timeline shows it", async () => {
    // 15:00 UTC: 10:00 for a rep in New York, 16:00 in Berlin where this browser runs.
    data.settings = defaultSettings('America/New_York');
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-02T15:00:00Z'));
    await panel([]);
    fireEvent.click(screen.getByRole('button', { name: 'Log a call, meeting or note' }));
    const form = await screen.findByTestId('quick-log');
    const time = form.querySelector<HTMLInputElement>('#ql-at')!;
    expect(time.value).toBe('2026-03-02T10:00');
    fireEvent.input(time, { target: { value: '2026-03-02T09:30' } });
    fireEvent.submit(form);
    await waitFor(() => expect(calls.some((c) => c.name === 'logTouchpoint')).toBe(true));
    expect(calls.find((c) => c.name === 'logTouchpoint')?.args).toMatchObject({ at: Date.parse('2026-03-02T09:30:00-05:00') });
    vi.restoreAllMocks();
  });

  it('says why a call outcome was not saved, in words', async () => {
    await panel([makeTouchpoint({ channel: 'call', provenance: 'seen', capturedFrom: 'hubspot', at: Date.now() - 60_000 })]);
    await screen.findByTestId('call-outcome');
    refuse.name = 'logTouchpoint';
    refuse.message = 'Not saved: the browser’s storage for Deal Debrief is full — free some disk space, then try again.';
    fireEvent.click(screen.getByRole('button', { name: 'Connected' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refuse.message);
  });

  it('opens quick log to edit a logged item', async () => {
    await panel([makeTouchpoint({ channel: 'call', provenance: 'manual', capturedFrom: 'manual', note: 'First call' })]);
    expect(screen.queryByTestId('quick-log')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const form = await screen.findByTestId('quick-log');
    expect(form.getAttribute('aria-label')).toBe('Edit logged touchpoint');
    expect((screen.getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('First call');
  });

  it("sets a reminder some days ahead at the same time on the rep's clock, across a change of the clocks", async () => {
    // Friday 27 March 2026, 10:00 in Berlin; the clocks go forward on Sunday.
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-27T10:00:00+01:00'));
    await panel([]);
    fireEvent.click(screen.getByRole('button', { name: 'Remind me…' }));
    const form = await screen.findByTestId('remind-me');
    fireEvent.change(form.querySelector('select')!, { target: { value: '2' } }); // in 3 days
    fireEvent.submit(form);
    await waitFor(() => expect(calls.some((c) => c.name === 'addFollowUp')).toBe(true));
    // Monday 10:00 summer time, not 11:00 (72 hours later).
    expect(calls.find((c) => c.name === 'addFollowUp')?.args).toMatchObject({ dueAt: Date.parse('2026-03-30T10:00:00+02:00') });
    vi.restoreAllMocks();
  });

  it('keeps the reminder form folded until used, and folds it again once set', async () => {
    const deal = await panel([]);
    expect(screen.queryByTestId('remind-me')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remind me…' }));
    const form = await screen.findByTestId('remind-me');
    expect(document.activeElement).toBe(form.querySelector('select'));
    fireEvent.submit(form);
    await waitFor(() => expect(screen.queryByTestId('remind-me')).toBeNull());
    expect(screen.getByTestId('remind-me-folded').textContent).toContain('Reminder set tomorrow.');
    expect(calls.find((c) => c.name === 'addFollowUp')?.args).toMatchObject({ dealId: deal.id });
  });
});
