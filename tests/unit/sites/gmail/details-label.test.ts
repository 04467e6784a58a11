import { detailsLabel } from '../../../../lib/sites/gmail/thread';
import * as SEL from '../../../../lib/sites/gmail/selectors';

/** The table the thread reader built when the script started, before it looked words up instead. */
const table = new Map<string, string>(Object.entries(SEL.detailsLabels).flatMap(([key, words]) => words.map((w) => [w, key])));

describe('detailsLabel', () => {
  it('names the same label as a table of the known words, for every known word', () => {
    expect(table.size).toBe(19);
    for (const [word, key] of table) expect(detailsLabel(word)).toBe(key);
  });

  it('names no label for other words, as the table did', () => {
    const others = ['', 'from:', 'From', 'date', 'subject', 'mailed-by', 'signed-by', 'security', 'constructor', 'toString', '__proto__', 'length', 'to ', 'antwort', 'répondre', 'c', 'ccc', 'bc'];
    for (const word of others) {
      expect(table.get(word)).toBeUndefined();
      expect(detailsLabel(word)).toBeUndefined();
    }
  });

  it('has no word that names two labels (the table kept the last, the look-up the first)', () => {
    const words = Object.values(SEL.detailsLabels).flat();
    expect(new Set(words).size).toBe(words.length);
  });
});
