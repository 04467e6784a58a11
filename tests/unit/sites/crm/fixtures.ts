/**
 * Loading committed CRM fixture pages for unit tests.
 *
 * Shadow DOM: the Salesforce fixtures write their shadow roots declaratively
 * (`<template shadowrootmode="open">`). A browser attaches those while parsing (and the
 * fixture's inline script covers browsers that don't); happy-dom's DOMParser does neither and
 * runs no scripts, so `loadFixture` calls `attachDeclarativeShadowRoots`, which does exactly
 * what the fixture's inline script does: for each such template, `attachShadow({mode:'open'})`
 * on its parent, move the template's content in, remove the template, recurse into the new
 * shadow root (for nested roots).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DealSeen } from '../../../../lib/capture/events';

export interface Expected {
  url: string;
  expectedCloseDate: string | null;
  deal: DealSeen;
}

const FIXTURES = resolve(process.cwd(), 'tests/fixtures');

export function fixtureHtml(path: string): string {
  return readFileSync(resolve(FIXTURES, `${path}.html`), 'utf8');
}

export function expectedFor(path: string): Expected {
  return JSON.parse(readFileSync(resolve(FIXTURES, `${path}.expected.json`), 'utf8')) as Expected;
}

export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const t of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = t.parentElement;
    if (!host || host.shadowRoot) continue;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.appendChild((t as HTMLTemplateElement).content);
    t.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

export function parseHtml(html: string, { shadow = true } = {}): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  if (shadow) attachDeclarativeShadowRoots(doc);
  return doc;
}

export function loadFixture(path: string, opts?: { shadow?: boolean }): { doc: Document; expected: Expected } {
  return { doc: parseHtml(fixtureHtml(path), opts), expected: expectedFor(path) };
}

/** Local midnight (in the test TZ) of a `YYYY-MM-DD` date. */
export function localMidnightOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).getTime();
}

export const LOADING_SHELL =
  '<!DOCTYPE html><html lang="en"><head><title>Loading…</title></head><body><div id="app"><div class="loading-spinner" role="progressbar"></div></div></body></html>';
