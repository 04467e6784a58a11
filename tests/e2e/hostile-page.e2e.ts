import { describe, expect, it } from 'vitest';
import { expected, HOSTS, sidebarFrame, sidebarHandle, type Session, withSession } from './harness';

/** What a hostile host page can try against the sidebar frame and the content script. */
describe('a hostile host page', () => {
  let s: Session;
  withSession({}, (session) => {
    s = session;
    s.server.route({ host: HOSTS.other, path: '/', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.pipedrive, path: '/pipeline/1', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/thread-cc-2026-11.html' });
  });

  it('cannot fetch or frame the sidebar page at its fixed address (no fingerprinting)', async () => {
    const page = await s.page(`https://${HOSTS.other}/`);
    const fetched = await page.evaluate(async (id) => {
      try {
        return (await fetch(`chrome-extension://${id}/sidebar.html`)).status;
      } catch {
        return 'refused';
      }
    }, s.extensionId);
    expect(fetched).toBe('refused');
    await page.close();
  });

  it('cannot reach into the frame host nor make it see-through', async () => {
    const page = await s.page(`https://${HOSTS.pipedrive}/pipeline/1`);
    await sidebarFrame(page, s.extensionId);
    const seen = await page.evaluate(() => {
      const host = document.querySelector('deal-debrief-sidebar') as HTMLElement;
      const style = document.createElement('style');
      style.textContent = 'deal-debrief-sidebar { opacity: 0.01 !important; filter: opacity(0) !important; display: none !important; }';
      document.head.append(style);
      host.style.setProperty('opacity', '0.01', 'important');
      const computed = getComputedStyle(host);
      return { shadowRoot: host.shadowRoot === null ? 'none' : 'open', iframes: document.querySelectorAll('iframe').length, opacity: computed.opacity, filter: computed.filter, display: computed.display };
    });
    expect(seen).toEqual({ shadowRoot: 'none', iframes: 0, opacity: '1', filter: 'none', display: 'inline' });
    // The rep still reaches the handle.
    const handle = await sidebarHandle(page);
    await handle.click();
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed')).toBe('true');
    await handle.click();
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed')).toBe('false');
    await page.close();
  });

  it("cannot stop the content script by dispatching the framework's start event", async () => {
    const exp = expected<{ hash: string; thread: { threadId: string; messages: unknown[] } }>('gmail/thread-cc-2026-11.html');
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    await s.waitForRows<{ threadId: string }>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length === exp.thread.messages.length);
    await page.evaluate((id) => {
      for (const name of ['gmail', 'hubspot', 'pipedrive', 'salesforce', 'custom']) {
        const type = `${id}:${name}:wxt:content-script-started`;
        document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: name, messageId: 'forged' } }));
        window.postMessage({ type, contentScriptName: name, messageId: 'forged' }, '*');
      }
    }, s.extensionId);
    // Still mounted, still capturing: a message that appears afterwards is stored.
    await page.evaluate(() => {
      const items = document.querySelectorAll('[role=list] > [role=listitem]');
      const clone = items[items.length - 1]!.cloneNode(true) as Element;
      const msg = clone.querySelector('[data-message-id]')!;
      msg.setAttribute('data-message-id', '#msg-f:1881300000000000077');
      msg.removeAttribute('data-legacy-message-id');
      items[items.length - 1]!.parentElement!.append(clone);
    });
    await s.waitForRows<{ key: string }>('touchpoints', (r) => r.some((t) => t.key === 'gmail:msg-f:1881300000000000077'));
    expect(await page.locator('deal-debrief-sidebar').count()).toBe(1);
    await page.close();
  });
});
