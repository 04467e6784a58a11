import { watchedRoot } from '../../../../lib/sites/gmail/mutations';
import { OBSERVER_ATTRIBUTE_FILTER, relevantMutation } from '../../../../lib/sites/gmail/parse';
import * as SEL from '../../../../lib/sites/gmail/selectors';
import { loadDoc } from './fixtures';

/** Runs `change` on `root` under a real MutationObserver and returns the records it produced. */
async function recordsOf(root: Node, change: () => void): Promise<MutationRecord[]> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((r) => records.push(...r));
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: OBSERVER_ATTRIBUTE_FILTER });
  change();
  await new Promise((r) => setTimeout(r, 0));
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records;
}

describe('relevantMutation', () => {
  it('is false for no records', () => {
    expect(relevantMutation([])).toBe(false);
  });

  it('ignores churn outside messages, rows and compose', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const nav = doc.querySelector(SEL.banner)!;
    const records = await recordsOf(doc.body, () => {
      const tip = doc.createElement('div');
      tip.className = 'tooltip';
      tip.textContent = 'Archive';
      doc.body.appendChild(tip);
      nav.setAttribute('class', 'aeN bhZ');
      nav.setAttribute('aria-label', 'changed');
    });
    expect(records.length).toBeGreaterThan(0);
    expect(relevantMutation(records)).toBe(false);
  });

  it('ignores edits inside a message body', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const body = doc.querySelector(SEL.messageBody)!;
    const records = await recordsOf(doc.body, () => {
      const span = doc.createElement('span');
      span.textContent = 'translated';
      body.appendChild(span);
    });
    expect(records.length).toBeGreaterThan(0);
    expect(relevantMutation(records)).toBe(false);
  });

  it('asks for a scan at once when a new message is appended to the open thread', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const list = doc.querySelector(SEL.messageList)!;
    const last = list.lastElementChild!;
    const records = await recordsOf(doc.body, () => {
      list.appendChild(last.cloneNode(true));
    });
    expect(relevantMutation(records)).toBe('now');
  });

  it('asks for a scan at once when the new message comes wrapped, after other relevant records', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const list = doc.querySelector(SEL.messageList)!;
    const item = doc.querySelector(SEL.messageCollapsed)!;
    const records = await recordsOf(doc.body, () => {
      item.setAttribute('class', 'h7 ie nH oy8Mbf');
      const wrap = doc.createElement('div');
      wrap.appendChild(list.lastElementChild!.cloneNode(true));
      list.appendChild(wrap);
    });
    expect(relevantMutation(records)).toBe('now');
  });

  it('coalesces a whole conversation being rendered (its list added at once): no scan at once', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const list = doc.querySelector(SEL.messageList)!;
    const host = list.parentElement!;
    const records = await recordsOf(doc.body, () => {
      list.remove();
      host.appendChild(list.cloneNode(true));
    });
    expect(relevantMutation(records)).toBe(true);
  });

  it('notices a collapsed message being expanded (class change)', async () => {
    const doc = loadDoc('thread-cc-2026-11');
    const item = doc.querySelector(SEL.messageCollapsed)!;
    const records = await recordsOf(doc.body, () => {
      item.setAttribute('class', 'h7 ie nH oy8Mbf');
    });
    expect(relevantMutation(records)).toBe(true);
  });

  it('notices a late legacy message id on a just-sent message', async () => {
    const doc = loadDoc('thread-long-2026-11');
    const msg = Array.from(doc.querySelectorAll(SEL.message)).find((m) => !m.hasAttribute('data-legacy-message-id'))!;
    expect(msg).not.toBeNull();
    const records = await recordsOf(doc.body, () => msg.setAttribute('data-legacy-message-id', '1a1c6250b98c583d'));
    expect(relevantMutation(records)).toBe(true);
  });

  it('notices list rows being replaced', async () => {
    const doc = loadDoc('list-inbox-2026-11');
    const row = doc.querySelector(SEL.listRow)!;
    const records = await recordsOf(doc.body, () => row.parentElement!.appendChild(row.cloneNode(true)));
    expect(relevantMutation(records)).toBe(true);
  });
});

describe('watchedRoot: the part of the page the watcher observes', () => {
  it.each(['thread-long-2026-11', 'list-inbox-2026-11', 'reading-pane-right-2026-12', 'reading-pane-below-2026-12', 'conversation-off-list-2026-12', 'conversation-off-message-2026-12', 'layout-thread-2026-12'])(
    '%s: holds the main view, its messages and rows, and not the navigation',
    (name) => {
      const doc = loadDoc(name);
      const root = watchedRoot(doc)!;
      expect(root).toBeTruthy();
      expect(root.contains(doc.querySelector(SEL.main))).toBe(true);
      for (const el of doc.querySelectorAll(`${SEL.message}, ${SEL.messageItem}, ${SEL.listRow}, ${SEL.messageList}`)) expect(root.contains(el)).toBe(true);
      const nav = doc.querySelector('[role=navigation]');
      if (nav) expect(root.contains(nav)).toBe(false);
    },
  );

  it('is nothing while Gmail is loading or when the main view is elsewhere: the whole page is watched then', () => {
    const doc = loadDoc('thread-long-2026-11');
    const main = doc.querySelector(SEL.main)!;
    doc.body.append(main);
    expect(watchedRoot(doc)).toBeFalsy();
    main.remove();
    expect(watchedRoot(doc)).toBeFalsy();
  });
});
