import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PageFrame, type FrameState } from '../../components/page-frame';

afterEach(cleanup);

const frame = (state: FrameState) =>
  render(
    <PageFrame heading="Debrief call" state={state} testId="page" missingTestId="page-missing" missingText="No deal with the id x is stored." name="Acme renewal" status="lost" meta="€12,000 · Proposal" title="Debrief call — Acme renewal">
      <p data-testid="body">body</p>
    </PageFrame>,
  );

describe('the shared page frame', () => {
  it('shows the heading, the deal line and the page once ready, and names the tab', () => {
    frame({ kind: 'ready' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Debrief call');
    expect(screen.getByTestId('deal-name').textContent).toBe('Acme renewal');
    expect(screen.getByTestId('deal-status').textContent).toBe('Lost');
    // The status differs by more than its word: its class gives it a colour and a mark.
    expect(screen.getByTestId('deal-status').className).toContain('is-lost');
    screen.getByText('€12,000 · Proposal'); // throws when it is not there
    expect(screen.getByTestId('page').contains(screen.getByTestId('body'))).toBe(true);
    expect(document.title).toBe('Debrief call — Acme renewal');
  });

  it('says why the data is not there instead of the page', () => {
    frame({ kind: 'error', message: 'QuotaExceededError' });
    expect(screen.getByRole('alert').textContent).toBe('Could not read the deal: QuotaExceededError');
    expect(screen.queryByTestId('body')).toBeNull();
    cleanup();
    frame({ kind: 'missing' });
    expect(screen.getByTestId('page-missing').textContent).toContain('No deal with the id x is stored.');
    cleanup();
    // Without a text of its own, the missing page names the deal id it was opened with.
    render(<PageFrame heading="Debrief call" state={{ kind: 'missing' }} testId="page" missingTestId="page-missing" dealId="hubspot:123:9" />);
    expect(screen.getByTestId('page-missing').textContent).toBe('Deal not foundNo deal with the id hubspot:123:9 is stored. It may have been removed, or replaced by a backup import.');
    cleanup();
    frame({ kind: 'loading' });
    screen.getByText('Loading…');
    expect(screen.queryByTestId('body')).toBeNull();
  });
});
