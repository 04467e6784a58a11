import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkingHoursFields, WorkingHoursUnreadable, type WorkingHoursDraft } from '../../components/WorkingHours';
import { defaultSettings } from '../../lib/model';
import { WORKING_HOURS_UNREADABLE } from '../../lib/worktime';

afterEach(cleanup);

describe('the shared working-hours form', () => {
  it('says when the stored working hours cannot be used', () => {
    render(<WorkingHoursUnreadable settings={{ ...defaultSettings('UTC'), workingDays: [] }} />);
    expect(screen.getByTestId('working-hours-unreadable').textContent).toBe(WORKING_HOURS_UNREADABLE);
  });

  it('says nothing when they can', () => {
    render(<WorkingHoursUnreadable settings={defaultSettings('UTC')} />);
    expect(screen.queryByTestId('working-hours-unreadable')).toBeNull();
  });

  it('edits the draft and shows each problem under its field', () => {
    let draft: WorkingHoursDraft = { workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', timeZone: 'UTC' };
    render(
      <WorkingHoursFields
        value={draft}
        onChange={(next) => (draft = next)}
        problems={[{ field: 'workEnd', message: 'The working day must end after it starts.' }]}
        zonesId="z"
      />,
    );
    fireEvent.click(screen.getByLabelText('Saturday'));
    expect(draft.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(screen.getByRole('alert').textContent).toBe('The working day must end after it starts.');
    expect(screen.getByRole('alert').getAttribute('data-field')).toBe('workEnd');
  });
});
