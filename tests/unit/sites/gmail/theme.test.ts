import { describe, expect, it } from 'vitest';
import { gmailTheme } from '../../../../lib/sites/gmail/parse';
import * as SEL from '../../../../lib/sites/gmail/selectors';

/** A page whose theme surfaces (by selector) are painted as given; missing ones are absent. */
function pageWith(painted: Partial<Record<(typeof SEL.themeSurface)[number], string>>) {
  const els = new Map<Element, string>();
  const doc = {
    querySelector: (sel: string) => {
      if (!(sel in painted)) return null;
      const el = { sel } as unknown as Element;
      els.set(el, painted[sel as keyof typeof painted]!);
      return el;
    },
  } as unknown as Document;
  const win = { getComputedStyle: (el: Element) => ({ backgroundColor: els.get(el) }) } as unknown as Window;
  return [doc, win] as const;
}

describe("Gmail's theme, from the colour of its main surface", () => {
  it.each([
    ['Gmail dark: main surface painted dark', { '.bkK > .nH': 'rgb(31, 31, 31)', body: 'rgb(255, 255, 255)' }, 'dark'],
    ['Gmail default: main surface white', { '.bkK > .nH': 'rgb(255, 255, 255)', body: 'rgb(246, 248, 252)' }, 'light'],
    ['a transparent surface shows the page under it (dark)', { '.bkK > .nH': 'rgba(0, 0, 0, 0)', '.bkK': 'rgba(0, 0, 0, 0)', body: 'rgb(27, 27, 27)' }, 'dark'],
    ['a transparent surface shows the page under it (light)', { '.bkK > .nH': 'rgba(0, 0, 0, 0)', body: 'rgb(255, 255, 255)' }, 'light'],
    ['no main surface yet: the page', { body: 'rgb(32, 33, 36)' }, 'dark'],
    ['a half-transparent dark surface counts', { '.bkK': 'rgba(32, 33, 36, 0.9)', body: 'rgb(255, 255, 255)' }, 'dark'],
    ['a dark picture theme with a mid-grey surface', { '.bkK > .nH': 'rgb(60, 64, 67)' }, 'dark'],
    ['a light picture theme with a pale surface', { '.bkK > .nH': 'rgb(200, 210, 220)' }, 'light'],
    ['nothing painted anywhere: the browser default, light', { '.bkK > .nH': 'rgba(0, 0, 0, 0)', body: 'rgba(0, 0, 0, 0)', html: 'rgba(0, 0, 0, 0)' }, 'light'],
    ['nothing found at all', {}, 'light'],
  ] as const)('%s', (_what, painted, want) => {
    expect(gmailTheme(...pageWith(painted))).toBe(want);
  });
});
