/**
 * The popup's first screen in plain DOM, painted by a small script of its own
 * (entrypoints/popup-first-screen.ts) before the Preact popup and its shared code have loaded.
 * It is the same elements with the same attributes and text as Popup.tsx renders for the same
 * view (a test keeps them equal), so when the popup then renders into the same element, Preact
 * takes these nodes over as they are: nothing flashes, no row is there twice, and the keyboard
 * stays where it was. A button clicked before that is clicked again once the popup has taken
 * over. Text is only ever set as text.
 */
import { SECTIONS } from '../../lib/followups/rows';
import { viewFromSnapshot, type PopupView } from '../../lib/followups/popup-view';
import type { FollowUp } from '../../lib/model';
import type { FirstScreenHandoff } from './handoff';
import { EMPTY_TEXT, rowText, SECTION_TITLES, showMoreText } from './row-text';

type Child = Node | string;

function el(doc: Document, tag: string, attrs: Record<string, string | undefined>, ...children: Child[]): HTMLElement {
  const e = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) e.setAttribute(name, value);
  for (const c of children) e.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

function row(doc: Document, f: FollowUp, view: PopupView): HTMLElement {
  const t = rowText(f, view);
  const main =
    t.main.kind === 'call'
      ? el(doc, 'a', { class: 'button primary fu-main', href: t.main.href, 'data-testid': 'primary-action' }, t.main.label)
      : t.main.kind === 'link'
        ? el(doc, 'a', { class: 'button primary fu-main', href: t.main.href, target: '_blank', rel: 'noreferrer', 'data-testid': 'primary-action' }, t.main.label)
        : el(doc, 'button', { type: 'button', class: 'primary fu-main', 'data-testid': 'primary-action' }, t.main.label);
  return el(
    doc,
    'li',
    { class: 'card fu-row', 'data-followup': f.id, 'data-kind': f.kind },
    el(doc, 'div', { class: 'fu-head' }, el(doc, 'strong', { class: 'fu-who' }, t.who), el(doc, 'span', { class: 'small muted fu-when', title: t.whenTitle }, t.when)),
    el(doc, 'p', { class: 'fu-why' }, el(doc, 'span', { class: 'fu-kind' }, `${t.kind}:`), ' ', t.reason),
    el(
      doc,
      'div',
      { class: 'fu-actions' },
      main,
      el(doc, 'button', { type: 'button' }, 'Done'),
      el(doc, 'button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': `menu-${f.id}` }, 'More', el(doc, 'span', { class: 'rf-sr' }, ` actions: ${t.who}`)),
    ),
  );
}

/** The first screen of `view`, as Popup.tsx renders it before anything is clicked. */
export function firstScreen(doc: Document, view: PopupView): HTMLElement {
  const total = SECTIONS.reduce((n, s) => n + view.sections[s].count, 0);
  const sections = SECTIONS.flatMap((id) => {
    const { rows, count } = view.sections[id];
    if (count === 0) return [];
    const hidden = count - rows.length;
    return [
      el(
        doc,
        'section',
        { 'data-section': id, 'aria-labelledby': `h-${id}` },
        el(doc, 'h2', { id: `h-${id}` }, SECTION_TITLES[id], ' ', el(doc, 'span', { class: 'badge', 'data-testid': `count-${id}` }, String(count))),
        el(doc, 'ul', { class: 'plain' }, ...rows.map((f) => row(doc, f, view))),
        ...(hidden > 0 ? [el(doc, 'button', { type: 'button' }, showMoreText(hidden))] : []),
      ),
    ];
  });
  return el(
    doc,
    'main',
    { 'data-view': 'first-screen' },
    el(doc, 'h1', {}, 'Follow-ups'),
    el(doc, 'div', { role: 'status', class: 'fu-undo', 'data-testid': 'undo-line', hidden: '' }),
    ...(total === 0 ? [el(doc, 'p', { class: 'empty', 'data-testid': 'popup-empty' }, EMPTY_TEXT)] : []),
    ...sections,
    el(
      doc,
      'p',
      { class: 'small muted' },
      el(doc, 'a', { href: '/insights.html', target: '_blank' }, 'Insights'),
      ' · ',
      el(doc, 'a', { href: '/options.html', target: '_blank' }, 'Settings'),
    ),
  );
}

/**
 * Read the stored first screen and paint it into `#app` while that is still empty (the popup
 * renders into it once loaded). `read` gives the stored copy (undefined when there is none or
 * no session storage), `now` the time it is checked against.
 */
export function paintFirstScreen(doc: Document, read: () => Promise<unknown>, now: () => number): FirstScreenHandoff {
  const held: HTMLButtonElement[] = [];
  let root: HTMLElement | null = null;
  let taken = false;
  const hold = (e: Event) => {
    const button = (e.target as Element | null)?.closest?.('button');
    if (!button || taken) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    held.push(button);
  };
  /** `#app`, once the page has been read that far. */
  const app = () =>
    new Promise<HTMLElement | null>((ok) => {
      const found = doc.getElementById('app');
      if (found || doc.readyState !== 'loading') return ok(found);
      doc.addEventListener('readystatechange', () => ok(doc.getElementById('app')), { once: true });
    });
  const view = read()
    .catch(() => undefined)
    .then(async (stored) => {
      const v = viewFromSnapshot(stored, now());
      const target = v ? await app() : null;
      // Only into an empty #app: the popup may have rendered first.
      if (!v || !target || target.firstChild || taken) return v;
      let screen: HTMLElement;
      try {
        screen = firstScreen(doc, v);
      } catch {
        return undefined; // a copy that cannot be shown (a time zone this browser does not know): the popup reads live
      }
      target.append(screen);
      root = target;
      root.addEventListener('click', hold, true);
      return v;
    });
  return {
    view,
    takeOver() {
      taken = true;
      root?.removeEventListener('click', hold, true);
      for (const button of held.splice(0)) if (button.isConnected) button.click();
    },
  };
}
