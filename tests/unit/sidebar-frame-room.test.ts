import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Gmail's pages may come laid out narrow from their start (the style sheet the background keeps
 * registered while the sidebar is expanded). A sidebar mounted collapsed gives the page its width
 * back; one mounted expanded adopts the narrowing and sets nothing on the page.
 */
describe('the sidebar frame on a page laid out narrow from its start', () => {
  const g = globalThis as { browser?: unknown };
  const before = g.browser;
  const root = document.documentElement;
  const mount = async (collapsed: boolean) => {
    g.browser = {
      runtime: { id: 'deal-debrief-test', getURL: (p: string) => `chrome-extension://x${p}`, onMessage: { addListener() {}, removeListener() {} } },
      storage: { local: { get: async () => ({ 'sidebarCollapsed:gmail': collapsed }), set: async () => undefined } },
    };
    const sheet = document.createElement('style');
    sheet.textContent = readFileSync(join(__dirname, '../../public/room.css'), 'utf8');
    document.head.append(sheet);
    document.body.style.overflow = 'hidden';
    const { mountSidebar } = await import('../../lib/content/sidebar-frame');
    return mountSidebar(document, 'gmail');
  };
  afterEach(() => {
    g.browser = before;
    vi.resetModules();
    document.body.replaceChildren();
    document.head.replaceChildren();
    document.body.removeAttribute('style');
    root.removeAttribute('style');
    root.removeAttribute('data-deal-debrief-full');
  });

  it('collapsed: turns the early narrowing off', async () => {
    const frame = await mount(true);
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(true);
    expect(root.getAttribute('style')).toBeNull();
    frame.remove();
  });

  it('expanded: keeps it, sets nothing on the page, and turns it off when removed', async () => {
    const frame = await mount(false);
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(false);
    expect(root.getAttribute('style')).toBeNull();
    frame.remove();
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(true);
  });
});
