/** The sidebar's side of live reads: one request per distinct read, shared answers, asked again after a reconnect. */
import { describe, expect, it } from 'vitest';
import { createReadBook } from '../../components/sidebar/context';
import type { SidebarReadRequest } from '../../lib/sidebar-link';

function book() {
  const sent: SidebarReadRequest[] = [];
  return { sent, book: createReadBook((r) => void sent.push(r)) };
}

describe('the sidebar’s live reads', () => {
  it('asks once for a read two parts show, and hands both every answer', () => {
    const { sent, book: b } = book();
    const header: unknown[] = [];
    const panel: unknown[] = [];
    b.read('dealForThread', { threadId: 't1' }, (v) => header.push(v));
    b.read('dealForThread', { threadId: 't1' }, (v) => panel.push(v));
    b.read('dealForThread', { threadId: 't2' }, () => undefined);
    expect(sent).toEqual([{ sub: { id: 1, name: 'dealForThread', args: { threadId: 't1' } } }, { sub: { id: 2, name: 'dealForThread', args: { threadId: 't2' } } }]);
    b.answer(1, null);
    expect(header).toEqual([null]);
    expect(panel).toEqual([null]);
  });

  it('gives a part shown later the answer already there, at once', () => {
    const { book: b } = book();
    b.read('settings', null, () => undefined);
    b.answer(1, { workStart: '09:00' });
    const later: unknown[] = [];
    b.read('settings', null, (v) => later.push(v));
    expect(later).toEqual([{ workStart: '09:00' }]);
    expect(b.cached('settings', null)).toEqual({ workStart: '09:00' });
  });

  it('stops a read when the last part showing it goes, and ignores answers to it afterwards', () => {
    const { sent, book: b } = book();
    const seen: unknown[] = [];
    const stopA = b.read('contactTimeline', { email: 'jane@acme.example' }, (v) => seen.push(v));
    const stopB = b.read('contactTimeline', { email: 'jane@acme.example' }, () => undefined);
    stopA();
    expect(sent).toHaveLength(1);
    stopB();
    expect(sent.at(-1)).toEqual({ unsub: 1 });
    b.answer(1, ['late']);
    expect(seen).toEqual([]);
    expect(b.cached('contactTimeline', { email: 'jane@acme.example' })).toBeUndefined();
    // Shown again: asked again, under a new id.
    b.read('contactTimeline', { email: 'jane@acme.example' }, () => undefined);
    expect(sent.at(-1)).toEqual({ sub: { id: 2, name: 'contactTimeline', args: { email: 'jane@acme.example' } } });
  });

  it('asks for every read still shown again after reconnecting', () => {
    const { sent, book: b } = book();
    b.read('settings', null, () => undefined);
    const stop = b.read('openDeals', null, () => undefined);
    b.read('deal', { dealId: 'd1' }, () => undefined);
    stop();
    sent.length = 0;
    b.resend();
    expect(sent).toEqual([{ sub: { id: 1, name: 'settings', args: null } }, { sub: { id: 3, name: 'deal', args: { dealId: 'd1' } } }]);
  });
});
