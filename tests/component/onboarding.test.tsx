import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Onboarding } from '../../components/onboarding/Onboarding';
import { createApi, type Effects } from '../../lib/background/api';
import { db, loadSettings, storeSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import { defaultSettings, type Settings } from '../../lib/model';

// The page talks to the background through `call`; here the real background actions answer,
// against the same fake-indexeddb database the page reads live.
vi.mock('../../lib/messaging', () => ({ call: vi.fn() }));

// Onboarding needs no effects; every one is a no-op (a Proxy, so new effects need no edit here).
const effects = new Proxy({}, { get: () => async () => undefined }) as Effects;

beforeEach(async () => {
  await db().delete();
  await db().open();
  const api = createApi(db(), { now: () => Date.UTC(2026, 4, 4, 8) }, effects, Math.random);
  vi.mocked(call).mockImplementation(((name: keyof typeof api, args: never) =>
    (api[name] as (a: never, s: object) => Promise<unknown>)(args, {})) as typeof call);
});
afterEach(() => {
  cleanup();
  vi.mocked(call).mockReset();
});

const stored = () => loadSettings(db());
const seedSettings = (over: Partial<Settings>) => storeSettings(db(), { ...defaultSettings('Europe/Berlin'), ...over });
const indicator = () => screen.getByTestId('step-indicator').textContent;
const type = (label: string | RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

async function toStep(n: 2 | 3) {
  fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
  await waitFor(() => expect(indicator()).toBe('Step 2 of 4'));
  if (n === 3) {
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(indicator()).toBe('Step 3 of 4'));
  }
}

describe('Onboarding', () => {
  it('welcomes the rep and says the data stays in the browser', async () => {
    render(<Onboarding />);
    expect(indicator()).toBe('Step 1 of 4');
    expect((await screen.findByTestId('privacy')).textContent).toContain('stays in this browser');
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
  });

  it('shows the address detected from Gmail and suggests its domain as internal', async () => {
    await seedSettings({ detectedAddresses: ['rep@acme.example'] });
    render(<Onboarding />);
    await toStep(2);
    expect(screen.getByTestId('detected-address').textContent).toBe('rep@acme.example');
    expect((screen.getByLabelText("Your team's email domains") as HTMLInputElement).value).toBe('acme.example');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(indicator()).toBe('Step 3 of 4'));
    expect((await stored()).internalDomains).toEqual(['acme.example']);
  });

  it('fills in the detected address live once Gmail reports it', async () => {
    render(<Onboarding />);
    await toStep(2);
    screen.getByTestId('not-detected');
    screen.getByLabelText('Your work email address');
    // The background stores what the Gmail tab detected while the page is open.
    await seedSettings({ detectedAddresses: ['jo@globex.example'] });
    await waitFor(() => expect(screen.getByTestId('detected-address').textContent).toBe('jo@globex.example'));
    expect(screen.queryByTestId('not-detected')).toBeNull();
  });

  it('saves a typed address; a bad one shows its error and does not advance', async () => {
    render(<Onboarding />);
    await toStep(2);
    type('Your work email address', 'not-an-address');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findByRole('alert')).textContent).toContain('"not-an-address" is not an email address.');
    expect(indicator()).toBe('Step 2 of 4');
    expect((await stored()).ownAddresses).toEqual([]);

    type('Your work email address', 'Me@Initech.example');
    // A free-mail address never becomes an internal domain; a company one is suggested.
    expect((screen.getByLabelText("Your team's email domains") as HTMLInputElement).value).toBe('initech.example');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(indicator()).toBe('Step 3 of 4'));
    const s = await stored();
    expect(s.ownAddresses).toEqual(['me@initech.example']);
    expect(s.internalDomains).toEqual(['initech.example']);
  });

  it('does not suggest a free-mail domain as internal', async () => {
    await seedSettings({ detectedAddresses: ['someone@gmail.com'] });
    render(<Onboarding />);
    await toStep(2);
    expect((screen.getByLabelText("Your team's email domains") as HTMLInputElement).value).toBe('');
  });

  it('shows the working hours and targets with their defaults and the research behind them', async () => {
    await seedSettings({});
    render(<Onboarding />);
    await toStep(3);
    expect((screen.getByLabelText('Start') as HTMLInputElement).value).toBe('09:00');
    expect((screen.getByLabelText('End') as HTMLInputElement).value).toBe('17:00');
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('Europe/Berlin');
    expect((screen.getByLabelText('Monday') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Saturday') as HTMLInputElement).checked).toBe(false);
    expect((document.getElementById('newLeadTargetMinutes') as HTMLInputElement).value).toBe('60');
    expect((document.getElementById('activeDealTargetMinutes') as HTMLInputElement).value).toBe('480');
    expect(screen.getByTestId('research-new-lead').textContent).toContain('Harvard Business Review');
    expect(screen.getByTestId('research-active-deal').textContent).toContain('Kooti');
    expect(screen.getByTestId('research-caveat').textContent).toContain('first contact with new leads');
  });

  it('an invalid time zone shows the error and does not advance', async () => {
    await seedSettings({});
    render(<Onboarding />);
    await toStep(3);
    type('Time zone', 'Mars/Olympus_Mons');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Unknown time zone "Mars/Olympus_Mons".');
    expect(alert.getAttribute('data-field')).toBe('timeZone');
    expect(indicator()).toBe('Step 3 of 4');
    screen.getByTestId('step-hours');
    expect((await stored()).timeZone).toBe('Europe/Berlin');
  });

  it('saves hours and targets, then marks the rep onboarded', async () => {
    await seedSettings({});
    render(<Onboarding />);
    await toStep(3);
    type('Time zone', 'America/New_York');
    fireEvent.click(screen.getByRole('button', { name: 'Use 5 minutes, escalate after 30' }));
    fireEvent.click(screen.getByLabelText('Saturday'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(indicator()).toBe('Step 4 of 4'));
    await waitFor(() => expect(screen.getByTestId('done-status').textContent).toBe("You're set up."));
    // The last step asks the browser to keep the data and says what it answered.
    await waitFor(() => expect(screen.getByTestId('persistence').getAttribute('data-persistence')).not.toBe('asking'));
    const s = await stored();
    expect(s.onboarded).toBe(true);
    expect(s.timeZone).toBe('America/New_York');
    expect(s.newLeadTargetMinutes).toBe(5);
    expect(s.newLeadEscalateMinutes).toBe(30);
    expect(s.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toEqual(expect.arrayContaining(['https://mail.google.com/', '/options.html']));
  });

  it('goes back without losing what was saved, and moves focus to the step heading', async () => {
    render(<Onboarding />);
    await toStep(3);
    expect(document.activeElement).toBe(screen.getByTestId('step-title'));
    expect(screen.getByTestId('step-title').textContent).toBe('Hours and targets');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(indicator()).toBe('Step 2 of 4'));
    screen.getByRole('link', { name: 'Gmail' });
    screen.getByText('Your address', { selector: 'li[aria-current="step"]' });
  });

  it('says so when the background cannot be reached', async () => {
    await seedSettings({});
    render(<Onboarding />);
    await toStep(2);
    vi.mocked(call).mockRejectedValue(new Error('No answer from the background for "getSettings".'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findByTestId('other-errors')).textContent).toContain('No answer from the background');
    expect(indicator()).toBe('Step 2 of 4');
  });
});
