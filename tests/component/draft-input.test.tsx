/**
 * The note on an adjustment under review: saved when the rep leaves the field. The stored row
 * changes meanwhile when the rep has just chosen its outcome (the live read brings the row back
 * with the old note); what they typed must stay, and leaving the field must save it.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftInput } from '../../components/ui';

afterEach(cleanup);

describe('DraftInput', () => {
  it('keeps what the rep typed when the stored row comes back unchanged meanwhile, and saves it on leaving', () => {
    const saved: string[] = [];
    const onSave = (v: string) => void saved.push(v);
    const { rerender } = render(<DraftInput label="Note" stored="" onSave={onSave} />);
    const input = screen.getByLabelText('Note') as HTMLInputElement;
    input.value = 'Nobody owned it';
    fireEvent.input(input);
    // The outcome just chosen is stored; the row comes back with its old, empty note.
    rerender(<DraftInput label="Note" stored="" onSave={(v) => void saved.push(v)} />);
    expect(input.value).toBe('Nobody owned it');
    fireEvent.change(input);
    expect(saved).toEqual(['Nobody owned it']);
    // Once stored, the field follows the store again.
    rerender(<DraftInput label="Note" stored="Nobody owned it" onSave={onSave} />);
    rerender(<DraftInput label="Note" stored="Owned by Sam" onSave={onSave} />);
    expect(input.value).toBe('Owned by Sam');
  });

  it('shows the stored text when nothing was typed', () => {
    const { rerender } = render(<DraftInput label="Note" stored="first" onSave={() => undefined} />);
    const input = screen.getByLabelText('Note') as HTMLInputElement;
    expect(input.value).toBe('first');
    rerender(<DraftInput label="Note" stored="second" onSave={() => undefined} />);
    expect(input.value).toBe('second');
  });
});
