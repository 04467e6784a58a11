/**
 * The sidebar's timeline: newest first, each item redrawn only when what it shows changed, and
 * its buttons acting on the touchpoint as it is now.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { HOUR, makeTouchpoint, T0 } from '../unit/helpers/factories';

const drawn = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../components/format', async (original) => {
  const real = await original<typeof import('../../components/format')>();
  // Every item formats its date when it is drawn: counting calls counts items drawn.
  return { ...real, formatDateTime: (ms: number, zone?: string) => (drawn.count++, real.formatDateTime(ms, zone)) };
});

const { Timeline } = await import('../../components/sidebar/Timeline');

afterEach(cleanup);

/** What a read answers: the same records as new objects. */
const fresh = (items: Touchpoint[]) => items.map((t) => structuredClone(t));
const keysShown = () => [...document.querySelectorAll('[data-testid=timeline] > li')].map((li) => li.getAttribute('data-key'));
const itemsDrawn = () => drawn.count / 2; // the date is written twice per item

describe('the sidebar timeline', () => {
  const older = makeTouchpoint({ at: T0 - 3 * HOUR, subject: 'First' });
  const middle = makeTouchpoint({ at: T0 - 2 * HOUR, subject: 'Second', channel: 'call', provenance: 'manual', capturedFrom: 'manual' });

  it('draws only the new touchpoint when one arrives, and shows it first', () => {
    const now = T0;
    const { rerender } = render(<Timeline items={[older, middle]} now={now} empty="none" />);
    expect(keysShown()).toEqual([middle.key, older.key]);
    drawn.count = 0;
    const added = makeTouchpoint({ at: T0 - HOUR, subject: 'Third' });
    rerender(<Timeline items={[...fresh([older, middle]), added]} now={now} empty="none" />);
    expect(keysShown()).toEqual([added.key, middle.key, older.key]);
    expect(itemsDrawn()).toBe(1);
  });

  it('redraws an item whose note, outcome or age changed', () => {
    const { rerender } = render(<Timeline items={[older, middle]} now={T0} empty="none" />);
    drawn.count = 0;
    rerender(<Timeline items={[older, { ...middle, outcome: 'voicemail', note: 'Left a message' }]} now={T0} empty="none" />);
    expect(itemsDrawn()).toBe(1);
    expect(screen.getByText('Outcome: voicemail')).toBeTruthy();
    expect(screen.getByText('Left a message')).toBeTruthy();
    drawn.count = 0;
    rerender(<Timeline items={[older, { ...middle, outcome: 'voicemail', note: 'Left a message' }]} now={T0 + 24 * HOUR} empty="none" />);
    expect(itemsDrawn()).toBe(2);
    expect(screen.getAllByText('1d ago')).toHaveLength(2);
  });

  it('edits and deletes the touchpoint as it is now, through the latest handlers', () => {
    const first = { edit: vi.fn(), remove: vi.fn() };
    const then = { edit: vi.fn(), remove: vi.fn() };
    const { rerender } = render(<Timeline items={[middle]} now={T0} empty="none" onEdit={first.edit} onDelete={first.remove} />);
    // Linked to a deal meanwhile: nothing shown changed, so the item was not drawn again.
    const linked = { ...middle, dealId: 'hubspot:acme' };
    rerender(<Timeline items={[linked]} now={T0} empty="none" onEdit={then.edit} onDelete={then.remove} />);
    fireEvent.click(screen.getByText('Edit'));
    fireEvent.click(screen.getByText('Delete'));
    expect(first.edit).not.toHaveBeenCalled();
    expect(first.remove).not.toHaveBeenCalled();
    expect(then.edit).toHaveBeenCalledWith(linked);
    expect(then.remove).toHaveBeenCalledWith(linked);
  });

  it('says what will appear when there is nothing yet', () => {
    render(<Timeline items={[]} now={T0} empty="Nothing yet." />);
    expect(screen.getByText('Nothing yet.')).toBeTruthy();
  });

  it("gives each item's time in the rep's time zone, as the rest of the sidebar does", () => {
    // 15:00 UTC is 10:00 in New York and 16:00 in Berlin, where this browser runs.
    const item = makeTouchpoint({ at: Date.parse('2026-03-02T15:00:00Z'), subject: 'Pricing' });
    render(<Timeline items={[item]} now={T0} empty="none" timeZone="America/New_York" />);
    const li = document.querySelector('[data-testid=timeline] > li')!;
    expect(li.textContent).toContain('Mon, Mar 2, 2026, 10:00 AM');
    expect(li.querySelector('time')?.getAttribute('title')).toBe('Mon, Mar 2, 2026, 10:00 AM');
  });

  it('draws an item again when the time zone changes', () => {
    const item = makeTouchpoint({ at: Date.parse('2026-03-02T15:00:00Z'), subject: 'Pricing' });
    const { rerender } = render(<Timeline items={[item]} now={T0} empty="none" timeZone="America/New_York" />);
    rerender(<Timeline items={fresh([item])} now={T0} empty="none" timeZone="Asia/Tokyo" />);
    expect(document.querySelector('[data-testid=timeline] > li')?.textContent).toContain('Tue, Mar 3, 2026, 12:00 AM');
  });
});
