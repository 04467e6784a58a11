import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusLine } from '../../components/sidebar/Sidebar';
import type { PageContext } from '../../lib/capture/events';
import { DROPPED_QUEUE_FULL } from '../../lib/capture/outbox';

afterEach(cleanup);

const paused: PageContext = { site: 'gmail', url: 'https://mail.google.com/mail/u/0/', view: 'other', status: 'paused', pausedReason: 'x', participants: [], captured: 0 };

describe('the status line says why capture is paused', () => {
  it('an unrecognised view', () => {
    render(<StatusLine ctx={paused} />);
    expect(screen.getByTestId('capture-status').textContent).toBe('capture paused: this Gmail view was not recognised');
  });

  it('items dropped from a full queue, in the words the content script gave', () => {
    render(<StatusLine ctx={{ ...paused, pauseMessage: DROPPED_QUEUE_FULL }} />);
    expect(screen.getByTestId('capture-status').textContent).toBe(`capture paused: ${DROPPED_QUEUE_FULL}`);
  });
});
