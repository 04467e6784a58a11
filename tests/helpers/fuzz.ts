/**
 * Hostile page variations for parser fuzzing: each DOM is a fixture page with a few random
 * edits of the kinds real pages throw at a parser — elements removed, duplicated or moved,
 * attributes emptied, garbled or made huge, text replaced with long, bidi or control-character
 * strings, classes shuffled. Deterministic for a seed; works on any DOM implementation
 * (Chromium in the benchmark, happy-dom in unit tests), so tests can share it.
 */
export type Rand = () => number;

const NASTY = [
  '',
  ' ',
  '\u202e\u2066evil\u2069',
  'x'.repeat(5000),
  '<img src=x onerror=alert(1)>',
  '\u0000\u0001\u001f',
  'not-an-email@',
  '#msg-f:',
  'thread-f:99999999999999999999999999',
  'Mon, Foo 99, 99999, 99:99 XM',
  'undefined',
  'null',
  '🙂'.repeat(100),
];

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/**
 * Apply `edits` random edits to the tree under `root` (in place). Each edit draws from the
 * DOM's own list of the elements (`getElementsByTagName('*')`), which hands out only the
 * elements drawn: copying every element into an array for each edit made the mutations cost
 * more than the parses they feed. The draws and edits are those of a copied list.
 */
export function mutateDom(root: Element, rand: Rand, edits: number): void {
  for (let i = 0; i < edits; i++) {
    const els = root.getElementsByTagName('*');
    const n = els.length;
    if (n === 0) return;
    const el = els[Math.floor(rand() * n)]!;
    const r = rand();
    if (r < 0.2) el.remove();
    else if (r < 0.3) el.parentNode?.insertBefore(el.cloneNode(true), el);
    else if (r < 0.4) {
      const target = els[Math.floor(rand() * n)]!;
      if (!el.contains(target)) target.appendChild(el);
    }
    else if (r < 0.65) {
      const attrs = el.attributes;
      const a = attrs.length ? attrs[Math.floor(rand() * attrs.length)]!.name : pick(rand, ['email', 'title', 'data-message-id', 'class', 'href', 'name']);
      const v = rand();
      if (v < 0.3) el.removeAttribute(a);
      else el.setAttribute(a, pick(rand, NASTY));
    } else if (r < 0.85) el.textContent = pick(rand, NASTY);
    else el.setAttribute('class', (el.getAttribute('class') ?? '').split(/\s+/).reverse().join(' '));
  }
}

/**
 * `edits` random edits spread over the page and the shadow roots inside it (Salesforce renders
 * in shadow DOM, which `querySelectorAll` does not enter).
 */
export function mutateTree(doc: Document, rand: Rand, edits: number): void {
  const roots: Element[] = [doc.documentElement];
  const visit = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!el.shadowRoot) continue;
      roots.push(...Array.from(el.shadowRoot.children));
      visit(el.shadowRoot);
    }
  };
  visit(doc);
  for (let i = 0; i < edits; i++) mutateDom(pick(rand, roots), rand, 1);
}

/**
 * Everything a page shows that a parser may read — attribute values and text, shadow roots
 * included — lower-cased and without white space (a parser may join the text of neighbouring
 * elements with or without a space): what an event's anchor must be found in.
 */
export function pageHaystack(doc: Document): string {
  const parts: string[] = [];
  const visit = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) parts.push(a.value);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
    // A document's own textContent is null: read its root element's.
    parts.push(((root as Node).nodeType === 9 ? (root as Document).documentElement : (root as Node)).textContent ?? '');
  };
  visit(doc);
  return squash(parts.join('\n'));
}

export function squash(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}
