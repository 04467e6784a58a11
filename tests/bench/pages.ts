/**
 * Gmail-shaped pages for the page-cost benchmark, grown from the committed fixtures: a thread of
 * N expanded messages (copies of the fixture's expanded message with their own ids, senders and
 * dates) and an inbox of N rows, laid out as Gmail lays out its pages (the main pane scrolls
 * inside a window-sized document, the side-panel rail sits at the right edge). A small page
 * script plays Gmail: it switches the main view on a route change (as Gmail swaps its main
 * element) and makes unrelated DOM mutations on request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';

const FIX = join(ROOT, 'tests/fixtures/gmail');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

/** Split a fixture around its item lines (each list item / row sits on its own line). */
function around(html: string, isItem: (line: string) => boolean): { head: string; items: string[]; tail: string } {
  const lines = html.split('\n');
  const first = lines.findIndex(isItem);
  let last = first;
  while (last + 1 < lines.length && isItem(lines[last + 1] ?? '')) last++;
  return { head: lines.slice(0, first).join('\n'), items: lines.slice(first, last + 1), tail: lines.slice(last + 1).join('\n') };
}

const SENDERS = [
  { email: 'jane@acme.test', name: 'Jane Doe' },
  { email: 'raj@acme.test', name: 'Raj Patel' },
  { email: 'rep@dealdebrief.test', name: 'me' },
];

/** One expanded message with its own ids, sender and date; `i` makes it unique. */
export function threadMessage(template: string, i: number, base = Date.parse('2026-09-01T09:00:00Z')): string {
  const at = base + i * 3_600_000;
  const sender = SENDERS[i % SENDERS.length]!;
  const legacy = ((BigInt(at) << 20n) | BigInt(i)).toString(16);
  const id = sender.name === 'me' ? `#msg-a:r-${7_000_000_000 + i}` : `#msg-f:${BigInt('0x' + legacy)}`;
  const d = new Date(at);
  const title = `${d.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'Europe/Berlin' })}, ${d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Berlin' })}`;
  return template
    .replace(/data-message-id="[^"]*"/, `data-message-id="${id}"`)
    .replace(/data-legacy-message-id="[^"]*"/, `data-legacy-message-id="${legacy}"`)
    .replace(/(<span email=")jane@acme\.test(" name=")Jane Doe(" data-hovercard-id=")jane@acme\.test(" class="gD">)<span>Jane Doe<\/span>/, `$1${sender.email}$2${sender.name}$3${sender.email}$4<span>${sender.name}</span>`)
    .replace(/title="[^"]*" alt="[^"]*"/, `title="${title}" alt="${title}"`)
    .replace(/ id=":[0-9a-z]+"/g, '');
}

export function threadTemplate(): { head: string; message: string; tail: string } {
  const { head, items, tail } = around(read('thread-long-2026-11.html'), (l) => /^<div class="(h7|kv|kQ)/.test(l));
  const message = items.find((l) => l.startsWith('<div class="h7'));
  if (!message) throw new Error('The long-thread fixture has no expanded message.');
  return { head, message, tail };
}

export function threadPage(n: number): string {
  const { head, message, tail } = threadTemplate();
  return `${head}\n${Array.from({ length: n }, (_, i) => threadMessage(message, i)).join('\n')}\n${tail}`;
}

export function inboxPage(n: number): string {
  const { head, items, tail } = around(read('list-inbox-2026-11.html'), (l) => l.startsWith('<tr class="zA'));
  const rows = Array.from({ length: n }, (_, i) => {
    const row = items[i % items.length] ?? '';
    return row
      .replace(/data-thread-id="#thread-([af]):([^"|]*)/, (_m, k: string, v: string) => `data-thread-id="#thread-${k}:${v}${i}`)
      .replace(/data-legacy-thread-id="([0-9a-f]+)"/, (_m, v: string) => `data-legacy-thread-id="${v.slice(0, -3)}${(i % 4096).toString(16).padStart(3, '0')}"`)
      .replace(/ id=":[0-9a-z]+"/g, '');
  });
  return `${head}\n${rows.join('\n')}\n${tail}`;
}

/**
 * The page script: `__swap(route)` replaces the main view with the thread or the inbox (as Gmail
 * does on a route change); `__mutate(n)` makes n unrelated mutations in tasks of 50 (nodes
 * added and removed in the navigation column, attributes and text changed), resolving when done.
 */
export function pageScript(views: { thread: string; inbox: string }): string {
  return `<script>
(() => {
  const views = ${JSON.stringify(views).replace(/<\//g, '<\\/')};
  const parsed = {};
  window.__swap = (route) => {
    parsed[route] ??= new DOMParser().parseFromString(views[route], 'text/html');
    const next = document.importNode(parsed[route].querySelector('.aeF'), true);
    document.querySelector('.aeF').replaceWith(next);
  };
  window.addEventListener('hashchange', () => window.__swap(location.hash.includes('/') ? 'thread' : 'inbox'));
  window.__mutate = (n) => new Promise((done) => {
    const host = document.querySelector('[role=navigation]') || document.body;
    const pool = [];
    let made = 0;
    const step = () => {
      for (let k = 0; k < 50 && made < n; k++, made++) {
        const r = made % 4;
        if (r === 0) {
          const d = document.createElement('div');
          const s = document.createElement('span');
          s.textContent = 'status ' + made;
          d.appendChild(s);
          host.appendChild(d);
          pool.push(d);
        } else if (r === 1 && pool.length) pool.shift().remove();
        else if (r === 2) host.setAttribute('aria-label', 'Navigation ' + made);
        else { const t = pool[pool.length - 1]; if (t) t.firstChild.textContent = 'status ' + made; else host.setAttribute('data-tick', String(made)); }
      }
      if (made < n) setTimeout(step, 0); else setTimeout(done, 0);
    };
    step();
  });
})();
</script>`;
}

/**
 * Gmail's layout, from the committed layout fixture: the document fills the window and never
 * scrolls itself; a fixed top bar, the navigation column, the main pane scrolling inside, the
 * side-panel icon rail at the right edge. Without it the bench page scrolled its whole document,
 * which real Gmail never does, and the content script took a path reps never hit.
 */
export function gmailLayout(): { style: string; rail: string } {
  const html = read('layout-thread-2026-12.html');
  const style = /<style>[\s\S]*?<\/style>/.exec(html)?.[0];
  const rail = /<div class="brC-aT5"[^>]*>(?:<div [^>]*><\/div>)*<\/div>/.exec(html)?.[0];
  if (!style || !rail) throw new Error('The Gmail layout fixture has no style or no side-panel rail.');
  return { style, rail };
}

/** A page for `route` with Gmail's layout and the page script, so every scenario runs on the same kind of page. */
export function benchPage(route: 'thread' | 'inbox', views: { thread: string; inbox: string }): string {
  const html = route === 'thread' ? views.thread : views.inbox;
  const { style, rail } = gmailLayout();
  return html.replace('</head>', `${style}</head>`).replace('</body>', `${rail}\n${pageScript(views)}\n</body>`);
}
