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

/** Apply `edits` random edits to the tree under `root` (in place). */
export function mutateDom(root: Element, rand: Rand, edits: number): void {
  const all = () => Array.from(root.querySelectorAll('*'));
  for (let i = 0; i < edits; i++) {
    const els = all();
    if (els.length === 0) return;
    const el = pick(rand, els);
    const r = rand();
    if (r < 0.2) el.remove();
    else if (r < 0.3) el.parentNode?.insertBefore(el.cloneNode(true), el);
    else if (r < 0.4) {
      const target = pick(rand, els);
      if (!el.contains(target)) target.appendChild(el);
    }
    else if (r < 0.65) {
      const attrs = Array.from(el.attributes);
      const a = attrs.length ? pick(rand, attrs).name : pick(rand, ['email', 'title', 'data-message-id', 'class', 'href', 'name']);
      const v = rand();
      if (v < 0.3) el.removeAttribute(a);
      else el.setAttribute(a, pick(rand, NASTY));
    } else if (r < 0.85) el.textContent = pick(rand, NASTY);
    else el.setAttribute('class', (el.getAttribute('class') ?? '').split(/\s+/).reverse().join(' '));
  }
}
