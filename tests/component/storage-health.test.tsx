import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageHealth } from '../../components/options/StorageHealth';
import { call } from '../../lib/messaging';

vi.mock('../../lib/messaging', () => ({ call: vi.fn() }));
afterEach(() => {
  cleanup();
  vi.mocked(call).mockReset();
});

describe('the options page says what is kept because it could not be stored', () => {
  it('shows how many captured items are kept to be tried again', async () => {
    vi.mocked(call).mockResolvedValue({ problem: null, since: null, held: 2 });
    render(<StorageHealth />);
    await waitFor(() =>
      expect(screen.getByTestId('storage-held').textContent).toBe('2 items could not be stored; they are kept and tried again when Deal Debrief restarts or updates.'),
    );
    expect(screen.getByTestId('storage-status').textContent).toBe('What is captured now is being stored.');
  });

  it('says nothing of it when nothing is kept', async () => {
    vi.mocked(call).mockResolvedValue({ problem: null, since: null });
    render(<StorageHealth />);
    await waitFor(() => expect(vi.mocked(call)).toHaveBeenCalledWith('storageStatus', null));
    expect(screen.queryByTestId('storage-held')).toBeNull();
  });
});
