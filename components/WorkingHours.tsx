/**
 * The working-hours form (days, start, end, time zone), shared by onboarding and the options
 * page. It only edits a draft; the caller saves it through the background, whose one settings
 * validator (lib/settings.ts) names any problem by field, shown here under the field.
 */
import type { Settings } from '../lib/model';
import type { Problem } from '../lib/settings';
import { storedCalendar, WORKING_HOURS_UNREADABLE } from '../lib/worktime';
import { ErrorLine } from './ui';

export type WorkingHoursDraft = Pick<Settings, 'workingDays' | 'workStart' | 'workEnd' | 'timeZone'>;

export const WORKING_HOURS_FIELDS = ['workingDays', 'workStart', 'workEnd', 'timeZone'] as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function FieldErrors({ problems, field }: { problems: readonly Problem[]; field: string }) {
  return (
    <>
      {problems
        .filter((p) => p.field === field)
        .map((p) => (
          <ErrorLine key={p.message} error={p.message} data-field={field} />
        ))}
    </>
  );
}

/** "Your working hours could not be read; using the defaults" when the stored ones are unusable. */
export function WorkingHoursUnreadable({ settings }: { settings: Settings }) {
  if (!storedCalendar(settings).fellBack) return null;
  return <ErrorLine error={WORKING_HOURS_UNREADABLE} testId="working-hours-unreadable" />;
}

export function WorkingHoursFields({
  value,
  onChange,
  problems,
  zonesId,
}: {
  value: WorkingHoursDraft;
  onChange: (next: WorkingHoursDraft) => void;
  problems: readonly Problem[];
  /** The id of the time-zone suggestions list (unique on the page). */
  zonesId: string;
}) {
  const set = <K extends keyof WorkingHoursDraft>(key: K, v: WorkingHoursDraft[K]) => onChange({ ...value, [key]: v });
  const text = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const days = Array.isArray(value.workingDays) ? value.workingDays : [];
  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return (
    <>
      <div role="group" aria-label="Working days" class="row">
        {DAYS.map((d, i) => (
          <label class="inline" key={d}>
            <input
              type="checkbox"
              aria-label={DAY_NAMES[i]}
              checked={days.includes(i)}
              onChange={(e) =>
                set('workingDays', (e.currentTarget as HTMLInputElement).checked ? [...days, i].sort() : days.filter((x) => x !== i))
              }
            />
            {d}
          </label>
        ))}
      </div>
      <FieldErrors problems={problems} field="workingDays" />
      <div class="row">
        <div>
          <label for="workStart">Start</label>
          <input id="workStart" type="time" value={value.workStart} onInput={(e) => set('workStart', text(e))} />
        </div>
        <div>
          <label for="workEnd">End</label>
          <input id="workEnd" type="time" value={value.workEnd} onInput={(e) => set('workEnd', text(e))} />
        </div>
        <div>
          <label for="timeZone">Time zone</label>
          <input id="timeZone" type="text" list={zonesId} value={value.timeZone} onInput={(e) => set('timeZone', text(e))} />
          <datalist id={zonesId}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </div>
      <FieldErrors problems={problems} field="workStart" />
      <FieldErrors problems={problems} field="workEnd" />
      <FieldErrors problems={problems} field="timeZone" />
    </>
  );
}
