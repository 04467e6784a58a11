/**
 * Direction-changing characters in page text cannot reach past their own field in exports.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { flagText, type Attention } from '../../lib/attention';
import { mdInline, retrospectiveCsv } from '../../lib/retrospective-export';
import { escapeBidiInJson, hasBidiControls, isolateBidi } from '../../lib/bidi';
import type { Deal } from '../../lib/model';
import { emptyReflection } from '../../lib/reflection/model';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202e';
const PDF = '\u202c';
const RLI = '\u2067';

/** Whether every opener is closed, in order, and no closer ends something outside the text. */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if ('\u202a\u202b\u202d\u202e'.includes(ch)) open.push(PDF);
    else if ('\u2066\u2067\u2068'.includes(ch)) open.push(PDI);
    else if (ch === PDF) {
      if (open.pop() !== PDF) return false;
    } else if (ch === PDI) {
      while (open.length && open.at(-1) === PDF) open.pop();
      if (open.pop() !== PDI) return false;
    }
  }
  return open.length === 0;
}

describe('isolateBidi', () => {
  it('leaves text without direction controls as it is, right-to-left scripts included', () => {
    for (const t of ['', 'Acme renewal', 'שלום עולם', 'مرحبا', 'Jane "JD" Doe, =cmd|']) expect(isolateBidi(t)).toBe(t);
    expect(hasBidiControls('Acme')).toBe(false);
  });

  it('wraps a right-to-left override in an isolate and closes it', () => {
    expect(isolateBidi(`Invoice ${RLO}fdp.exe`)).toBe(`${FSI}Invoice ${RLO}fdp.exe${PDF}${PDI}`);
    expect(hasBidiControls(`Invoice ${RLO}fdp.exe`)).toBe(true);
  });

  it('drops closers that would end an isolate or embedding outside the text', () => {
    // A stray PDI would close our own isolate and let the override after it leak.
    expect(isolateBidi(`a${PDI}${RLO}b`)).toBe(`${FSI}a${RLO}b${PDF}${PDI}`);
    expect(isolateBidi(`a${PDF}b`)).toBe(`${FSI}ab${PDI}`);
  });

  it('keeps pairs the text closes itself, and closes embeddings left open inside an isolate', () => {
    expect(isolateBidi(`x${RLI}y${PDI}z`)).toBe(`${FSI}x${RLI}y${PDI}z${PDI}`);
    expect(isolateBidi(`${RLI}${RLO}y${PDI}z`)).toBe(`${FSI}${RLI}${RLO}y${PDF}${PDI}z${PDI}`);
  });

  it('is balanced for any mix of controls (seeded)', () => {
    let seed = 20261204;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', ' ', 'ש', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: Math.floor(rand() * 20) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const out = isolateBidi(text);
      expect(balanced(out), JSON.stringify(text)).toBe(true);
      // Nothing but controls was added or removed.
      expect(out.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')).toBe(text.replace(/[\u202a-\u202e\u2066-\u2069]/g, ''));
    }
  });
});

describe('escapeBidiInJson', () => {
  it('writes direction controls as escapes, and JSON reads back the very same strings', () => {
    const data = { name: `Invoice ${RLO}fdp.exe`, list: [`a${PDI}b`, 'plain'] };
    const json = escapeBidiInJson(JSON.stringify(data, null, 2));
    expect(hasBidiControls(json)).toBe(false);
    expect(json).toContain('Invoice \\u202efdp.exe');
    expect(JSON.parse(json)).toEqual(data);
  });
});

describe('exports and sentences isolate page text', () => {
  const deal: Deal = {
    id: 'pipedrive:acme:42',
    source: 'pipedrive',
    name: `Acme ${RLO}lawener`,
    status: 'lost',
    contractTermMonths: 12,
    contactEmails: [],
    threadIds: [],
    openedAt: 0,
    updatedAt: 0,
  };

  it('CSV cells with direction controls are isolated; other cells are as they were', () => {
    const r = { ...emptyReflection(deal, 0), differently: `Call sooner${PDI}${RLO}` };
    const [, row] = Papa.parse<string[]>(retrospectiveCsv([r], [deal]), { skipEmptyLines: true }).data;
    expect(row![0]).toBe(`${FSI}Acme ${RLO}lawener${PDF}${PDI}`);
    expect(row![1]).toBe('pipedrive:acme:42');
    expect(row!.every((cell) => !hasBidiControls(cell) || cell.startsWith(FSI))).toBe(true);
    expect(row).toContain(`${FSI}Call sooner${RLO}${PDF}${PDI}`);
  });

  it('Markdown inline text is isolated', () => {
    expect(mdInline(`Acme ${RLO}lawener`)).toBe(`${FSI}Acme ${RLO}lawener${PDF}${PDI}`);
    expect(mdInline('Acme *renewal*')).toBe('Acme \\*renewal\\*');
  });

  it("a flag's sentence keeps a hostile name to itself", () => {
    const text = flagText({ contactEmail: 'jane@acme.test', elapsedMs: 3_600_000, targetMs: 60_000, targetKind: 'new-lead' } as Attention, 8 * 3_600_000, `Jane${RLO}`);
    expect(text.startsWith(`${FSI}Jane${RLO}${PDF}${PDI} has waited`)).toBe(true);
  });
});
