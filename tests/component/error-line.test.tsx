import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorLine } from '../../components/ui';

afterEach(cleanup);

describe('ErrorLine', () => {
  it('renders nothing when there is no error', () => {
    for (const error of [undefined, null, '']) {
      const { container } = render(<ErrorLine error={error} />);
      expect(container.innerHTML).toBe('');
      cleanup();
    }
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the error as an alert, with its test id and attributes', () => {
    render(<ErrorLine error="Could not save the deal" testId="save-error" data-field="name" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Could not save the deal');
    expect(alert.tagName).toBe('P');
    expect(alert.className).toBe('error');
    expect(alert.getAttribute('data-testid')).toBe('save-error');
    expect(alert.getAttribute('data-field')).toBe('name');
  });
});
