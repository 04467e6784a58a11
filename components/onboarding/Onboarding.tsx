/**
 * First run, opened by the background on install: four short steps a rep finishes in under a
 * minute. Settings are read live (the address detected from Gmail fills in while the page is
 * open) and written only through the background's `saveSettings`, which validates them.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { companyDomain, isFreeMailDomain } from '../../lib/addresses';
import { db, loadSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import type { Settings } from '../../lib/model';
import type { Problem } from '../../lib/settings';
import { useLive } from '../live';
import { askToKeepData, type Persistence, persistenceText } from '../persistence';
import { FieldErrors, WORKING_HOURS_FIELDS, WorkingHoursFields } from '../WorkingHours';

export const STEPS = ['Welcome', 'Your address', 'Hours and targets', 'Done'] as const;


const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'error'; problems: Problem[] };
type SaveResult = { ok: true; settings: Settings } | { ok: false; problems: Problem[] };

/** Merge `patch` into the stored settings and save through the background. */
async function savePatch(patch: Partial<Settings>): Promise<SaveResult> {
  try {
    const current = await call('getSettings', undefined);
    return await call('saveSettings', { settings: { ...current, ...patch } });
  } catch (err) {
    return { ok: false, problems: [{ field: '', message: err instanceof Error ? err.message : String(err) }] };
  }
}

export function Onboarding() {
  const settings = useLive(() => loadSettings(db()), []).value;
  const [step, setStep] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    // Keyboard and screen-reader users land on the new step's heading.
    if (moved.current) heading.current?.focus();
  }, [step]);
  const go = (to: number) => {
    moved.current = true;
    setStep(Math.max(0, Math.min(STEPS.length - 1, to)));
  };
  const next = () => go(step + 1);
  const back = () => go(step - 1);

  return (
    <main data-testid="onboarding" data-step={step + 1}>
      <h1>Welcome to Deal Debrief</h1>
      <nav aria-label="Setup steps">
        <p class="small muted" data-testid="step-indicator" aria-live="polite">
          Step {step + 1} of {STEPS.length}
        </p>
        <ol class="steps">
          {STEPS.map((name, i) => (
            <li key={name} aria-current={i === step ? 'step' : undefined} class={i === step ? 'current' : i < step ? 'done' : ''}>
              {name}
            </li>
          ))}
        </ol>
      </nav>
      <h2 ref={heading} tabIndex={-1} data-testid="step-title">
        {STEPS[step]}
      </h2>
      {!settings ? (
        <p class="muted">Loading…</p>
      ) : step === 0 ? (
        <Welcome onNext={next} />
      ) : step === 1 ? (
        <AddressStep settings={settings} onNext={next} onBack={back} />
      ) : step === 2 ? (
        <HoursStep settings={settings} onNext={next} onBack={back} />
      ) : (
        <DoneStep onBack={back} />
      )}
    </main>
  );
}

// ---------------------------------------------------------------------------------------------

function Nav({ onBack, saving, nextLabel = 'Next' }: { onBack?: () => void; saving?: boolean; nextLabel?: string }) {
  return (
    <div class="row nav">
      {onBack ? (
        <button type="button" onClick={onBack} data-testid="back">
          Back
        </button>
      ) : null}
      <button type="submit" class="primary" disabled={saving} data-testid="next">
        {saving ? 'Saving…' : nextLabel}
      </button>
    </div>
  );
}



/** Problems with fields this step does not show (say, a holiday stored earlier). */
function OtherErrors({ problems, shown }: { problems: Problem[]; shown: readonly string[] }) {
  const rest = problems.filter((p) => !shown.includes(p.field));
  if (rest.length === 0) return null;
  return (
    <div role="alert" class="error" data-testid="other-errors">
      <p>Not saved:</p>
      <ul>
        {rest.map((p) => (
          <li key={`${p.field}:${p.message}`}>{p.message}</li>
        ))}
      </ul>
      <p>
        Fix these in <a href="/options.html" target="_blank">Settings</a>.
      </p>
    </div>
  );
}

function useStepSave(onNext: () => void) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const save = async (patch: Partial<Settings>) => {
    setState({ kind: 'saving' });
    const result = await savePatch(patch);
    if (result.ok) {
      setState({ kind: 'idle' });
      onNext();
    } else setState({ kind: 'error', problems: result.problems });
  };
  return { state, problems: state.kind === 'error' ? state.problems : [], save };
}

function StepForm({ onSubmit, children, id }: { onSubmit: () => void; children: ComponentChildren; id: string }) {
  return (
    <form
      data-testid={`step-${id}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

// ---------------------------------------------------------------------------------------------

function Welcome({ onNext }: { onNext: () => void }) {
  return (
    <StepForm id="welcome" onSubmit={onNext}>
      <p>
        <strong>When you lose a deal, don't lose the lesson too.</strong> Deal Debrief quietly keeps track of your emails,
        calls and meetings while you work in Gmail and your CRM — nothing to log by hand.
      </p>
      <ul>
        <li>It tells you which prospects are waiting for your reply, and for how long.</li>
        <li>When a deal is lost, one click opens a short reflection, already filled in with the facts: what happened, how fast you replied, how many touchpoints.</li>
        <li>It reminds you to call back for a debrief, and to re-engage lost deals when their contract comes up again.</li>
        <li>It compares the deals you lost with the ones you won, so you learn what you can control.</li>
      </ul>
      <p data-testid="privacy">
        <strong>Your data stays in this browser.</strong> Nothing is sent to us or anyone else; you can export a backup at
        any time.
      </p>
      <p class="small muted">Two short questions follow: your address, and your working hours. The defaults work; you can change everything later in Settings.</p>
      <Nav />
    </StepForm>
  );
}

// ---------------------------------------------------------------------------------------------

function suggestedDomain(addresses: readonly string[]): string {
  const work = addresses.find((a) => a.includes('@') && !isFreeMailDomain(a));
  return work ? companyDomain(work) : '';
}

function AddressStep({ settings, onNext, onBack }: { settings: Settings; onNext: () => void; onBack: () => void }) {
  // `undefined` until the rep types: until then the fields follow the stored (and detected) values.
  const [ownText, setOwnText] = useState<string>();
  const [internalText, setInternalText] = useState<string>();
  const { state, problems, save } = useStepSave(onNext);
  const detected = settings.detectedAddresses;
  const own = ownText ?? settings.ownAddresses.join(', ');
  const internal =
    internalText ?? (settings.internalDomains.length ? settings.internalDomains.join(', ') : suggestedDomain([...detected, ...list(own)]));

  return (
    <StepForm id="address" onSubmit={() => void save({ ownAddresses: list(own), internalDomains: list(internal) })}>
      <p>Deal Debrief needs to know which mail is yours, so it can tell a prospect's email from your reply.</p>
      {detected.length > 0 ? (
        <p class="flag ok" data-testid="detected">
          Found in Gmail: <span data-testid="detected-address">{detected.join(', ')}</span>
        </p>
      ) : (
        <p class="empty" data-testid="not-detected">
          Not detected yet. Open{' '}
          <a href="https://mail.google.com/" target="_blank" rel="noreferrer">
            Gmail
          </a>{' '}
          in another tab and your address appears here by itself — or type it below.
        </p>
      )}
      <label for="own-addresses">{detected.length > 0 ? 'Other addresses you send from (optional)' : 'Your work email address'}</label>
      <input
        id="own-addresses"
        type="text"
        inputMode="email"
        autoComplete="email"
        value={own}
        placeholder={detected.length > 0 ? 'sales@yourcompany.com' : 'you@yourcompany.com'}
        aria-describedby="own-help"
        onInput={(e) => setOwnText((e.currentTarget as HTMLInputElement).value)}
      />
      <p id="own-help" class="small muted">
        Aliases or shared inboxes, separated by commas.
      </p>
      <FieldErrors problems={problems} field="ownAddresses" />
      <label for="internal-domains">Your team's email domains</label>
      <input
        id="internal-domains"
        type="text"
        value={internal}
        placeholder="yourcompany.com"
        aria-describedby="internal-help"
        onInput={(e) => setInternalText((e.currentTarget as HTMLInputElement).value)}
      />
      <p id="internal-help" class="small muted">
        Mail only among these domains is internal: your colleagues are never counted as prospects.
      </p>
      <FieldErrors problems={problems} field="internalDomains" />
      <OtherErrors problems={problems} shown={['ownAddresses', 'internalDomains']} />
      <Nav onBack={onBack} saving={state.kind === 'saving'} />
    </StepForm>
  );
}

// ---------------------------------------------------------------------------------------------

type Targets = Pick<Settings, 'newLeadTargetMinutes' | 'newLeadEscalateMinutes' | 'activeDealTargetMinutes' | 'activeDealEscalateMinutes'>;
type HoursDraft = Pick<Settings, 'workingDays' | 'workStart' | 'workEnd' | 'timeZone'> & Targets;

const HOURS_FIELDS = [
  ...WORKING_HOURS_FIELDS,
  'newLeadTargetMinutes',
  'newLeadEscalateMinutes',
  'activeDealTargetMinutes',
  'activeDealEscalateMinutes',
] as const;

function inWorkingTime(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '';
  if (minutes < 60) return `${minutes} working minutes`;
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} working ${h === 1 ? 'hour' : 'hours'}`;
}

function HoursStep({ settings, onNext, onBack }: { settings: Settings; onNext: () => void; onBack: () => void }) {
  const [draft, setDraft] = useState<HoursDraft>(() => ({
    workingDays: settings.workingDays,
    workStart: settings.workStart,
    workEnd: settings.workEnd,
    timeZone: settings.timeZone,
    newLeadTargetMinutes: settings.newLeadTargetMinutes,
    newLeadEscalateMinutes: settings.newLeadEscalateMinutes,
    activeDealTargetMinutes: settings.activeDealTargetMinutes,
    activeDealEscalateMinutes: settings.activeDealEscalateMinutes,
  }));
  const { state, problems, save } = useStepSave(onNext);
  const set = <K extends keyof HoursDraft>(key: K, value: HoursDraft[K]) => setDraft({ ...draft, [key]: value });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const minutesInput = (key: keyof Targets, label: string) => (
    <div>
      <label for={key}>{label}</label>
      <input
        id={key}
        type="number"
        min="1"
        step="1"
        value={Number.isFinite(draft[key]) ? draft[key] : ''}
        aria-describedby={`${key}-unit`}
        onInput={(e) => set(key, value(e) === '' ? Number.NaN : Number(value(e)))}
      />{' '}
      <span id={`${key}-unit`} class="small muted">
        min{inWorkingTime(draft[key]) ? ` (${inWorkingTime(draft[key])})` : ''}
      </span>
      <FieldErrors problems={problems} field={key} />
    </div>
  );

  return (
    <StepForm id="hours" onSubmit={() => void save({ ...draft })}>
      <p>
        Reply times count only inside your working hours, in your time zone: a prospect email that arrives on Saturday starts
        its clock on Monday morning.
      </p>
      <fieldset>
        <legend>Working hours</legend>
        <WorkingHoursFields value={draft} onChange={(hours) => setDraft({ ...draft, ...hours })} problems={problems} zonesId="onboarding-zones" />
      </fieldset>

      <fieldset>
        <legend>Response targets</legend>
        <h3>First reply to a new lead</h3>
        <p class="small" data-testid="research-new-lead">
          Default: 1 working hour, flagged red after 4. Firms that answered a web lead within an hour were about 7 times as
          likely to qualify it as those that answered an hour later, and over 60 times as likely as those that waited a day or
          more (Oldroyd, McElheran &amp; Elkington, "The Short Life of Online Sales Leads", Harvard Business Review, 2011).
        </p>
        <div class="row">
          {minutesInput('newLeadTargetMinutes', 'Target')}
          {minutesInput('newLeadEscalateMinutes', 'Escalate after')}
        </div>
        <p class="small muted">
          Want to be faster? A 2007 MIT / InsideSales study found that calling a lead within 5 rather than 30 minutes made
          reaching them 100 times more likely.{' '}
          <button
            type="button"
            data-testid="aggressive"
            onClick={() => setDraft({ ...draft, newLeadTargetMinutes: 5, newLeadEscalateMinutes: 30 })}
          >
            Use 5 minutes, escalate after 30
          </button>
        </p>
        <h3>Replies inside an active deal</h3>
        <p class="small" data-testid="research-active-deal">
          Default: 1 working day (8 working hours), flagged red after 2 days. Across a large study of email, the median reply
          came within 47 minutes and about 90% of replies within a day (Kooti et al., 2015).
        </p>
        <div class="row">
          {minutesInput('activeDealTargetMinutes', 'Target')}
          {minutesInput('activeDealEscalateMinutes', 'Escalate after')}
        </div>
        <p class="small muted" data-testid="research-caveat">
          The lead-response studies concern first contact with new leads; they do not promise that faster replies later in a
          deal win it. Treat the targets as a guide and adjust them to your market.
        </p>
      </fieldset>
      <OtherErrors problems={problems} shown={HOURS_FIELDS} />
      <Nav onBack={onBack} saving={state.kind === 'saving'} />
    </StepForm>
  );
}

// ---------------------------------------------------------------------------------------------

type DoneState = { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

function DoneStep({ onBack }: { onBack: () => void }) {
  const [state, setState] = useState<DoneState>({ kind: 'saving' });
  const [persistence, setPersistence] = useState<Persistence>('asking');
  const finish = async () => {
    setState({ kind: 'saving' });
    const result = await savePatch({ onboarded: true });
    setState(result.ok ? { kind: 'saved' } : { kind: 'error', message: result.problems.map((p) => p.message).join(' ') });
  };
  useEffect(() => {
    void finish();
    let stop = false;
    void askToKeepData().then((p) => !stop && setPersistence(p));
    return () => {
      stop = true;
    };
  }, []);

  return (
    <div data-testid="step-done">
      <p role="status" data-testid="done-status" class={state.kind === 'error' ? 'error' : 'muted'}>
        {state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? "You're set up." : `Setup not saved: ${state.message}`}
      </p>
      <p class="small muted" data-testid="persistence" data-persistence={persistence}>
        {persistenceText(persistence)}
      </p>
      {state.kind === 'error' ? (
        <button type="button" onClick={() => void finish()}>
          Try again
        </button>
      ) : null}
      <h3>What happens now</h3>
      <ul>
        <li>
          <strong>Gmail:</strong> open{' '}
          <a href="https://mail.google.com/" target="_blank" rel="noreferrer">
            Gmail
          </a>{' '}
          and work as usual. Every email in and out is recorded, and a sidebar shows who is waiting for your reply and for
          how long.
        </li>
        <li>
          <strong>Your CRM:</strong> open a deal in HubSpot, Salesforce or Pipedrive and it is linked to its emails. When a
          deal is lost, press <em>Mark lost</em> in the sidebar (or Alt+Shift+L) to reflect while it is fresh.
        </li>
        <li>
          <strong>Toolbar button:</strong> click the Deal Debrief icon in the browser toolbar (pin it from the extensions
          menu) for the follow-ups that are due; its badge counts them.
        </li>
        <li>
          <strong>Settings:</strong> holidays, debrief and re-engage timing, other CRM sites and backups are in{' '}
          <a href="/options.html" target="_blank">
            Settings
          </a>
          . Once you have lost and won a few deals, <a href="/insights.html" target="_blank">Insights</a> compares them.
        </li>
      </ul>
      <div class="row nav">
        <button type="button" onClick={onBack} data-testid="back">
          Back
        </button>
        <button type="button" class="primary" data-testid="close" onClick={() => window.close()}>
          Close this tab
        </button>
      </div>
    </div>
  );
}
