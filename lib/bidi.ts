/**
 * Text from pages and emails may carry characters that change the direction of what follows
 * them (U+202E RIGHT-TO-LEFT OVERRIDE and friends): a subject or a name could make the words
 * around it read differently ("Invoice ‮fdp.exe" shows as "Invoice exe.pdf", and an unclosed
 * override reverses the rest of the line). On screen every element showing page text isolates
 * it (`unicode-bidi: isolate`, components/base.css); in text exports (CSV, Markdown, JSON text
 * fields) `isolateBidi` does the same with characters: it closes what the text leaves open,
 * drops closers that would end something outside it, and wraps it in FIRST STRONG ISOLATE …
 * POP DIRECTIONAL ISOLATE, so it cannot reach past its own field. Text without such characters
 * is returned unchanged.
 */

const LRE = '\u202a';
const RLE = '\u202b';
const PDF = '\u202c';
const LRO = '\u202d';
const RLO = '\u202e';
const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

/** Embeddings, overrides and isolates: the characters that open or close a directional run. */
const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

export function hasBidiControls(text: string): boolean {
  return CONTROLS.test(text);
}

export function isolateBidi(text: string): string {
  if (!CONTROLS.test(text)) return text;
  /** What is open, innermost last: PDF closes an embedding or override, PDI an isolate. */
  const open: (typeof PDF | typeof PDI)[] = [];
  let out = '';
  for (const ch of text) {
    if (ch === LRE || ch === RLE || ch === LRO || ch === RLO) {
      open.push(PDF);
      out += ch;
    } else if (ch === LRI || ch === RLI || ch === FSI) {
      open.push(PDI);
      out += ch;
    } else if (ch === PDF) {
      // Closes the innermost embedding, only inside the current isolate; otherwise it is stray.
      if (open.at(-1) === PDF) {
        open.pop();
        out += ch;
      }
    } else if (ch === PDI) {
      // Closes the innermost isolate (and the embeddings inside it); stray when none is open.
      const at = open.lastIndexOf(PDI);
      if (at >= 0) {
        while (open.length > at + 1) out += open.pop();
        open.pop();
        out += ch;
      }
    } else out += ch;
  }
  while (open.length) out += open.pop();
  return `${FSI}${out}${PDI}`;
}

/**
 * JSON text with every direction control written as its `\uXXXX` escape: a backup file opened
 * in an editor shows no reordered text, and reading it back gives exactly the same strings.
 * (These characters can only stand inside JSON strings, where the escape means the same.)
 */
export function escapeBidiInJson(json: string): string {
  return json.replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
