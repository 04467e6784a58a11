import * as SEL from './selectors';

/**
 * Gmail's theme: the colour of the first theme surface that is painted (a transparent one shows
 * what lies under it), dark when its luma is under half. Unpainted everywhere: light.
 */
export function gmailTheme(doc: Document, win: Window): 'light' | 'dark' {
  for (const sel of SEL.themeSurface) {
    const el = doc.querySelector(sel);
    const [r, g, b, a = 1] = (el ? win.getComputedStyle(el).backgroundColor.match(/[\d.]+/g) ?? [] : []).map(Number);
    if (b !== undefined && a > 0) return r! * 0.3 + g! * 0.6 + b * 0.1 < 128 ? 'dark' : 'light';
  }
  return 'light';
}
