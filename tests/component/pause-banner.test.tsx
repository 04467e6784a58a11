import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PauseBanner } from '../../components/sidebar/CaptureMenu';
import { call } from '../../lib/messaging';
import { defaultSettings } from '../../lib/model';

vi.mock('../../lib/messaging', () => ({ call: vi.fn() }));
afterEach(() => {
  cleanup();
  vi.mocked(call).mockReset();
});

describe('PauseBanner', () => {
  it('says as an alert why capture could not be resumed', async () => {
    const now = Date.UTC(2026, 11, 4, 12);
    const settings = { ...defaultSettings('UTC'), capturePausedUntil: { gmail: now + 3_600_000 } };
    vi.mocked(call).mockRejectedValue(new Error('The extension was updated: reload this page.'));
    render(<PauseBanner site="gmail" settings={settings} now={now} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resume capture' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The extension was updated: reload this page.'));
    expect(vi.mocked(call).mock.calls[0]).toEqual(['resumeCapture', { site: 'gmail' }]);
  });
});
