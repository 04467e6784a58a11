import { fakeBrowser } from 'wxt/testing/fake-browser';
import { serve } from '../../lib/messaging';
import { mayCall, PROTOCOL, type Handlers } from '../../lib/protocol';

/** Handlers that only record being called. */
function recording() {
  const called: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name: string) => async () => {
      called.push(name);
      return 'done';
    },
    has: () => true,
    getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, writable: true, value: undefined }),
  });
  return { called, handlers };
}

const origin = () => fakeBrowser.runtime.getURL('/');
const request = (name: string) => ({ dd: 1, name, args: {} });

describe('serve: who may ask for what', () => {
  it.each([
    ['importBackup'],
    ['exportBackup'],
    ['read'],
    ['saveSettings'],
    ['markLost'],
    ['tabContext'],
  ])('refuses %s from a content script on a web page', async (name) => {
    const { called, handlers } = recording();
    serve(handlers);
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(request(name), { id: fakeBrowser.runtime.id, url: 'https://mail.google.com/mail/u/0/', tab: { id: 3 } as never }, () => {});
    expect(reply).toEqual({ ok: false, error: `"${name}" is not available to page scripts.` });
    expect(called).toEqual([]);
  });

  it('lets a content script send captures', async () => {
    const { called, handlers } = recording();
    serve(handlers);
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(request('capture'), { id: fakeBrowser.runtime.id, url: 'https://app.hubspot.com/x', tab: { id: 3 } as never }, () => {});
    expect(reply).toEqual({ ok: true, value: 'done' });
    expect(called).toEqual(['capture']);
  });

  it("serves the extension's own pages (the sidebar frame inside a tab too)", async () => {
    const { called, handlers } = recording();
    serve(handlers);
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(request('importBackup'), { id: fakeBrowser.runtime.id, url: `${origin()}sidebar.html?site=gmail`, tab: { id: 3 } as never }, () => {});
    expect(reply).toEqual({ ok: true, value: 'done' });
    expect(called).toEqual(['importBackup']);
  });

  it('ignores messages from other extensions and names unknown requests', async () => {
    const handlers = { capture: async () => 'x' } as unknown as Handlers;
    serve(handlers);
    const [foreign] = await fakeBrowser.runtime.onMessage.trigger(request('capture'), { id: 'someone-else', url: `${origin()}popup.html` }, () => {});
    expect(foreign).toBeUndefined();
    const [unknown] = await fakeBrowser.runtime.onMessage.trigger(request('toString'), { id: fakeBrowser.runtime.id, url: `${origin()}popup.html` }, () => {});
    expect(unknown).toEqual({ ok: false, error: 'Unknown request "toString".' });
  });
});

describe('the contract', () => {
  it('opens only capture to content scripts; extension pages may send every request', () => {
    const names = Object.keys(PROTOCOL);
    expect(names.filter((n) => mayCall(n, 'content-script'))).toEqual(['capture']);
    expect(names.filter((n) => !mayCall(n, 'extension-page'))).toEqual([]);
    expect(mayCall('toString', 'extension-page')).toBe(false);
  });
});
