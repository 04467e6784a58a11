import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Popup, ROWS_AT_FIRST } from '../../components/popup/Popup';
import { db } from '../../lib/db';
import { makeFollowUp } from '../unit/helpers/factories';

const DAY = 86_400_000;

beforeEach(async () => {
  await db().delete();
  await db().open();
});
afterEach(() => cleanup());

describe('Popup', () => {
  it('builds the most urgent rows first and the rest on request, with every count shown', async () => {
    const now = Date.now();
    // 120 overdue, oldest first in the list; 3 upcoming.
    await db().followUps.bulkPut([
      ...Array.from({ length: 120 }, (_, i) => makeFollowUp({ id: `manual:o${i}`, reason: `Overdue ${i}`, dueAt: now - (i + 2) * DAY })),
      ...Array.from({ length: 3 }, (_, i) => makeFollowUp({ id: `manual:u${i}`, reason: `Upcoming ${i}`, dueAt: now + (i + 2) * DAY })),
    ]);
    const { container } = render(<Popup />);
    await waitFor(() => expect(screen.getByTestId('count-overdue').textContent).toBe('120'));
    const rows = (section: string) => container.querySelectorAll(`[data-section=${section}] li[data-followup]`);
    expect(rows('overdue')).toHaveLength(ROWS_AT_FIRST);
    // The most overdue first.
    expect(rows('overdue')[0]?.getAttribute('data-followup')).toBe('manual:o119');
    expect(rows('upcoming')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more of 100' }));
    await waitFor(() => expect(rows('overdue')).toHaveLength(ROWS_AT_FIRST + 50));
    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more of 50' }));
    await waitFor(() => expect(rows('overdue')).toHaveLength(120));
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });
});
