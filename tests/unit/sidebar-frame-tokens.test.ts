/**
 * The sidebar frame's strip and handle live in the page's shadow root, which cannot read the
 * extension's stylesheet: the colours they use are repeated in lib/content/sidebar-frame.ts. They
 * must stay the design tokens' colours, light and dark, and the handle must stay readable in both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKENS } from '../../lib/content/sidebar-frame';

type Pair = { light: string; dark: string };

function pairs(css: string): Record<string, Pair> {
  const out: Record<string, Pair> = {};
  for (const m of css.matchAll(/(--[\w-]+)\s*:\s*light-dark\(\s*(#[0-9a-f]{3,6})\s*,\s*(#[0-9a-f]{3,6})\s*\)/gi)) out[m[1]!] = { light: m[2]!.toLowerCase(), dark: m[3]!.toLowerCase() };
  return out;
}

const designTokens = pairs(readFileSync(join(__dirname, '../../components/ui/tokens.css'), 'utf8'));
const frameTokens = pairs(TOKENS);

/** WCAG 2 contrast ratio of two #rgb / #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
    const [r, g, bl] = [0, 2, 4].map((i) => {
      const c = Number.parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the sidebar frame and its handle use the design tokens', () => {
  it('repeats only tokens that exist, with their light and dark colours', () => {
    expect(Object.keys(frameTokens).sort()).toEqual(['--accent', '--bad', '--bg', '--fg', '--line', '--on-accent']);
    for (const [name, pair] of Object.entries(frameTokens)) expect({ name, ...pair }).toEqual({ name, ...designTokens[name] });
  });

  it('names no colour of its own outside the tokens', () => {
    const css = readFileSync(join(__dirname, '../../lib/content/sidebar-frame.ts'), 'utf8');
    const rules = css.slice(css.indexOf('const CSS ='));
    expect(rules.slice(0, rules.indexOf('`;')).match(/#[0-9a-f]{3,6}\b|rgb\(/gi) ?? []).toEqual([]);
  });

  it.each(['light', 'dark'] as const)('keeps the handle readable (%s): its text and its count at 4.5:1 or more', (theme) => {
    const t = (name: string) => frameTokens[name]![theme];
    expect(contrast(t('--on-accent'), t('--accent'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(t('--bad'), t('--bg'))).toBeGreaterThanOrEqual(4.5);
  });
});
