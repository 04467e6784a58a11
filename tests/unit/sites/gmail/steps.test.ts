import { parseThread, readPage, readPageSteps } from '../../../../lib/sites/gmail/parse';
import * as SEL from '../../../../lib/sites/gmail/selectors';
import { loadDoc, loadExpected } from './fixtures';

/** The long-thread fixture with its expanded messages repeated, each with its own id: `n` items. */
function longThread(n: number): Document {
  const doc = loadDoc('thread-long-2026-11');
  const list = doc.querySelector(SEL.messageList)!;
  const template = doc.querySelector(SEL.messageExpanded)!;
  for (const item of [...list.children]) item.remove();
  for (let i = 0; i < n; i++) {
    const item = template.cloneNode(true) as Element;
    item.querySelector('[data-message-id]')!.setAttribute('data-message-id', `#msg-a:r-${7_000_000_000 + i}`);
    item.querySelector('[data-message-id]')!.removeAttribute('data-legacy-message-id');
    list.append(item);
  }
  return doc;
}

describe('reading a long conversation in steps', () => {
  it('pauses between steps of a 60-message thread and ends with what one read gives', () => {
    const doc = longThread(60);
    const hash = loadExpected('thread-long-2026-11').hash;
    const steps = readPageSteps(doc, hash);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    expect(pauses).toBeGreaterThanOrEqual(2);
    expect(r.value).toEqual(readPage(doc, hash));
    expect(r.value.kind === 'read' && r.value.thread?.messages.length).toBe(60);
  }, 30_000);

  it('reads a short thread in one step', () => {
    const doc = longThread(5);
    const steps = readPageSteps(doc, loadExpected('thread-long-2026-11').hash);
    const r = steps.next();
    expect(r.done).toBe(true);
    expect(r.value).toMatchObject({ kind: 'read', thread: parseThread(doc) });
  });
});
