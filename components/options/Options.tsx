import { useEffect, useState } from 'preact/hooks';
import { call } from '../../lib/messaging';
import type { Settings } from '../../lib/model';
import type { Problem } from '../../lib/settings';
import { Backup } from './Backup';
import { CaptureControl } from './CaptureControl';
import { CustomHosts } from './CustomHosts';
import { SidebarPlace } from './SidebarPlace';
import { StorageHealth } from './StorageHealth';
import { WorkingHoursFields, WorkingHoursUnreadable } from '../WorkingHours';
import { ErrorLine } from '../ui';

const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; problems: Problem[] };

/** The settings form. Also used by onboarding (with `fields` limiting what it shows). */
export function SettingsForm({ onSaved, compact = false }: { onSaved?: (s: Settings) => void; compact?: boolean }) {
  const [settings, setSettings] = useState<Settings>();
  const [text, setText] = useState({ own: '', internal: '', holidays: '' });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  useEffect(() => {
    void call('getSettings', undefined).then((s) => {
      setSettings(s);
      setText({ own: s.ownAddresses.join(', '), internal: s.internalDomains.join(', '), holidays: s.holidays.join(', ') });
    });
  }, []);
  if (!settings) return <p class="muted">Loading settings…</p>;
  const problems = status.kind === 'error' ? status.problems : [];
  const errorFor = (field: string) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => (
        <ErrorLine key={p.message} error={p.message} />
      ));
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setSettings({ ...settings, [key]: value });
  const num = (key: keyof Settings) => (e: Event) => set(key, Number((e.currentTarget as HTMLInputElement).value) as never);
  const hours = (key: 'newLeadTargetMinutes' | 'newLeadEscalateMinutes' | 'activeDealTargetMinutes' | 'activeDealEscalateMinutes') => (
    <input
      id={key}
      type="number"
      min="1"
      step="1"
      value={settings[key]}
      onInput={num(key)}
      aria-describedby={`${key}-unit`}
    />
  );

  const save = async (e: Event) => {
    e.preventDefault();
    setStatus({ kind: 'saving' });
    const next: Settings = { ...settings, ownAddresses: list(text.own), internalDomains: list(text.internal), holidays: list(text.holidays) };
    try {
      const result = await call('saveSettings', { settings: next });
      if (result.ok) {
        setSettings(result.settings);
        setStatus({ kind: 'saved' });
        onSaved?.(result.settings);
      } else setStatus({ kind: 'error', problems: result.problems });
    } catch (err) {
      setStatus({ kind: 'error', problems: [{ field: '', message: err instanceof Error ? err.message : String(err) }] });
    }
  };

  return (
    <form onSubmit={save} noValidate data-testid="settings-form">
      <fieldset>
        <legend>You and your team</legend>
        <p class="small muted">
          Detected from Gmail: {settings.detectedAddresses.length ? settings.detectedAddresses.join(', ') : 'nothing yet — open Gmail once'}
        </p>
        <label for="own">Your other addresses (aliases, delegated inboxes)</label>
        <input id="own" type="text" value={text.own} onInput={(e) => setText({ ...text, own: (e.currentTarget as HTMLInputElement).value })} placeholder="sales@yourcompany.com" />
        {errorFor('ownAddresses')}
        <label for="internal">Your team's internal domains</label>
        <input id="internal" type="text" value={text.internal} onInput={(e) => setText({ ...text, internal: (e.currentTarget as HTMLInputElement).value })} placeholder="yourcompany.com" />
        <p class="small muted">Mail only among these domains is internal, never a prospect.</p>
        {errorFor('internalDomains')}
      </fieldset>
      <fieldset>
        <legend>Working hours</legend>
        <WorkingHoursUnreadable settings={settings} />
        <WorkingHoursFields value={settings} onChange={(hours) => setSettings({ ...settings, ...hours })} problems={problems} zonesId="zones" />
        {compact ? null : (
          <>
            <label for="holidays">Holidays (YYYY-MM-DD, comma-separated)</label>
            <input id="holidays" type="text" value={text.holidays} onInput={(e) => setText({ ...text, holidays: (e.currentTarget as HTMLInputElement).value })} placeholder="2026-12-25, 2026-12-26" />
            {errorFor('holidays')}
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Response targets (working minutes)</legend>
        <p class="small muted">
          New leads: 1 working hour by default — firms answering a web lead within an hour were about 7 times as likely to qualify
          it (Oldroyd et al., HBR 2011). Active deals: 1 working day — about 90% of email replies come within a day (Kooti et al.,
          2015). These figures concern first contact with new leads; treat them as a guide, not a law.
        </p>
        <div class="row">
          <div>
            <label for="newLeadTargetMinutes">New lead: target</label>
            {hours('newLeadTargetMinutes')} <span id="newLeadTargetMinutes-unit" class="small muted">min</span>
          </div>
          <div>
            <label for="newLeadEscalateMinutes">New lead: escalate</label>
            {hours('newLeadEscalateMinutes')} <span id="newLeadEscalateMinutes-unit" class="small muted">min</span>
          </div>
          <div>
            <label for="activeDealTargetMinutes">Active deal: target</label>
            {hours('activeDealTargetMinutes')} <span id="activeDealTargetMinutes-unit" class="small muted">min</span>
          </div>
          <div>
            <label for="activeDealEscalateMinutes">Active deal: escalate</label>
            {hours('activeDealEscalateMinutes')} <span id="activeDealEscalateMinutes-unit" class="small muted">min</span>
          </div>
        </div>
        {errorFor('newLeadTargetMinutes')}
        {errorFor('newLeadEscalateMinutes')}
        {errorFor('activeDealTargetMinutes')}
        {errorFor('activeDealEscalateMinutes')}
      </fieldset>
      {compact ? null : (
        <fieldset>
          <legend>After a loss</legend>
          <div class="row">
            <div>
              <label for="debriefCoolOffDays">Debrief call after (days)</label>
              <input id="debriefCoolOffDays" type="number" min="0" value={settings.debriefCoolOffDays} onInput={num('debriefCoolOffDays')} />
            </div>
            <div>
              <label for="reengageRatio">Re-engage at (share of the contract term)</label>
              <input id="reengageRatio" type="number" min="0.05" max="1" step="0.05" value={settings.reengageRatio} onInput={num('reengageRatio')} />
            </div>
            <div>
              <label for="retrospectiveEveryDays">Loss retrospective every (days, 0 = off)</label>
              <input id="retrospectiveEveryDays" type="number" min="0" value={settings.retrospectiveEveryDays} onInput={num('retrospectiveEveryDays')} />
            </div>
          </div>
          {errorFor('debriefCoolOffDays')}
          {errorFor('reengageRatio')}
          {errorFor('retrospectiveEveryDays')}
          <label class="inline">
            <input type="checkbox" checked={settings.notifications} onChange={(e) => set('notifications', (e.currentTarget as HTMLInputElement).checked)} />
            Notify me when a follow-up comes due
          </label>
        </fieldset>
      )}
      {errorFor('')}
      <div class="row">
        <button type="submit" class="primary" disabled={status.kind === 'saving'}>
          Save settings
        </button>
        <span role="status" data-testid="settings-status">
          {status.kind === 'saved' ? 'Saved.' : status.kind === 'error' ? 'Not saved: fix the fields marked above.' : ''}
        </span>
      </div>
    </form>
  );
}

export function Options() {
  return (
    <main>
      <h1>Deal Debrief — Settings</h1>
      <p class="muted">Everything stays in this browser. Nothing is sent anywhere.</p>
      <StorageHealth />
      <SettingsForm />
      <SidebarPlace />
      <CaptureControl />
      <CustomHosts />
      <Backup />
    </main>
  );
}
