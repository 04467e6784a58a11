/** Team perspectives (docs/method.md, "Team perspectives"): who was involved, and when each felt it was won or lost, and why. */
import type { TeamPerspective } from '../../lib/model';
import { focusSoon, Sr, valueOf } from './fields';
import type { ReflectionModel } from './model';

const FIELDS: readonly { key: keyof TeamPerspective; label: string; long?: boolean; placeholder?: string }[] = [
  { key: 'person', label: 'Person', placeholder: 'Name' },
  { key: 'role', label: 'Role', placeholder: 'e.g. solutions engineer' },
  { key: 'feltWinning', label: 'When they felt it was being won', long: true, placeholder: 'e.g. after the demo on 12 March' },
  { key: 'feltLost', label: 'When they felt it was lost', long: true },
  { key: 'why', label: 'Why', long: true },
];

export function Team({ model }: { model: ReflectionModel }) {
  const team = model.draft.value!.team;
  return (
    <fieldset data-testid="team">
      <legend>Team perspectives</legend>
      <p class="small muted">
        Everyone on our side who was involved. Not a witch hunt: a timeline of when each felt it was going to be signed, when
        it was slipping, and why.
      </p>
      {team.map((member, i) => {
        const who = `team member ${i + 1}`;
        return (
          <div class="rf-item" key={i} data-testid={`team-${i}`}>
            <div class="rf-grid">
              {FIELDS.map((f) => {
                const id = `team-${i}-${f.key}`;
                const onInput = (e: Event) => model.setTeam(i, { [f.key]: valueOf(e) });
                return (
                  <div class={f.long ? 'rf-field rf-wide' : 'rf-field'} key={f.key}>
                    <label for={id}>
                      {f.label}
                      <Sr> ({who})</Sr>
                    </label>
                    {f.long ? (
                      <textarea id={id} rows={2} value={member[f.key]} placeholder={f.placeholder} onInput={onInput} />
                    ) : (
                      <input id={id} type="text" value={member[f.key]} placeholder={f.placeholder} onInput={onInput} />
                    )}
                  </div>
                );
              })}
            </div>
            <button
              type="button"
              onClick={() => {
                model.removeTeam(i);
                focusSoon('add-team');
              }}
            >
              Remove<Sr> {member.person.trim() || who}</Sr>
            </button>
          </div>
        );
      })}
      <button
        type="button"
        id="add-team"
        onClick={() => {
          const next = team.length;
          model.addTeam();
          focusSoon(`team-${next}-person`);
        }}
      >
        Add a person
      </button>
    </fieldset>
  );
}
