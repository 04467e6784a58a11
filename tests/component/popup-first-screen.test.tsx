/**
 * The popup's plain first screen (components/popup/first-screen.ts): the same page as the Preact
 * popup renders for the same view, taken over by it node for node, and a button clicked before
 * that is clicked again once it has.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { firstScreen, paintFirstScreen } from '../../components/popup/first-screen';
import { call } from '../../lib/messaging';
import { SHOWN_AT_FIRST, snapshotOf, type PopupView } from '../../lib/followups/popup-view';
import type { Contact } from '../../lib/model';
import { makeDeal, makeFollowUp } from '../unit/helpers/factories';

vi.mock('../../lib/messaging', () => ({ call: vi.fn(async () => null) }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-04T12:00:00+01:00');

const person = (email: string, name: string, phones: string[] = []): Contact => ({ email, name, domain: email.split('@')[1]!, phones, firstSeen: NOW, lastSeen: NOW });

/** Every kind of row: a call with a phone, a deal link, a deal without a web address, a reply, a snoozed reminder, more rows than shown. */
function fullView(): PopupView {
  const acme = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', url: 'https://app.hubspot.com/contacts/1/deal/7', contactEmails: ['dana@acme.example'] });
  const globex = makeDeal({ id: 'local:g', name: 'Globex \u202eexe.pdf', url: 'javascript:alert(1)', contactEmails: ['pat@globex.example'] });
  return {
    now: NOW,
    timeZone: 'Europe/Berlin',
    sections: {
      overdue: {
        rows: [
          makeFollowUp({ id: 'debrief:hubspot:1:7', kind: 'debrief', dealId: acme.id, dueAt: NOW - 2 * DAY, reason: 'Debrief call — ask what decided it' }),
          makeFollowUp({ id: 're-engage:local:g', kind: 're-engage', dealId: globex.id, dueAt: NOW - HOUR, reason: 'Re-engage <b>Globex</b>' }),
          makeFollowUp({ id: 'reply:x', kind: 'reply', contactEmail: 'pat@globex.example', dueAt: NOW - 3 * HOUR, reason: 'Pat waits for a reply' }),
        ],
        count: 14,
      },
      today: { rows: [makeFollowUp({ id: 'manual:s', state: 'snoozed', snoozedUntil: NOW + 2 * HOUR, dueAt: NOW - DAY, dealId: acme.id, reason: 'Send the order form' })], count: 1 },
      upcoming: { rows: [makeFollowUp({ id: 'retrospective:1', kind: 'retrospective', dueAt: NOW + 3 * DAY, reason: 'Loss retrospective' })], count: 1 },
    },
    deals: new Map([
      [acme.id, acme],
      [globex.id, globex],
    ]),
    contacts: new Map([
      ['dana@acme.example', person('dana@acme.example', 'Dana Buyer', ['+1 (555) 010-2030'])],
      ['pat@globex.example', person('pat@globex.example', 'Pat <i>Smith</i>')],
    ]),
    changesAt: NOW + 2 * HOUR,
  };
}

const emptyView = (): PopupView => ({ ...fullView(), sections: { overdue: { rows: [], count: 0 }, today: { rows: [], count: 0 }, upcoming: { rows: [], count: 0 } } });

/** A DOM tree as text: attributes sorted, neighbouring text joined (Preact keeps JSX's text pieces apart). */
function shape(node: Node): string {
  if (node.nodeType === 3) return JSON.stringify(node.textContent);
  const e = node as Element;
  const attrs = [...e.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
  const children: string[] = [];
  let text = '';
  for (const c of e.childNodes) {
    if (c.nodeType === 3) text += c.textContent;
    else {
      if (text) children.push(JSON.stringify(text));
      text = '';
      children.push(shape(c));
    }
  }
  if (text) children.push(JSON.stringify(text));
  return `<${e.localName} ${attrs.join(' ')}>${children.join('')}</${e.localName}>`;
}

let app: HTMLElement;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  app = document.createElement('div');
  app.id = 'app';
  document.body.append(app);
});
afterEach(() => {
  render(null, app);
  app.remove();
  vi.useRealTimers();
  vi.mocked(call).mockClear();
});

describe('the popup first screen in plain DOM', () => {
  it.each([
    ['rows of every kind', fullView],
    ['nothing due', emptyView],
  ])('is what the popup renders for the same view: %s', (_, make) => {
    const plain = firstScreen(document, make());
    render(<Popup first={make()} />, app);
    expect(shape(plain)).toBe(shape(app.firstElementChild!));
  });

  it('puts text from pages in as text only', () => {
    const plain = firstScreen(document, fullView());
    expect(plain.querySelector('b, i')).toBeNull();
    expect(plain.textContent).toContain('Re-engage <b>Globex</b>');
    expect(plain.textContent).toContain('Pat <i>Smith</i>');
    // A deal address that is not a web address is no link.
    expect(plain.querySelector('[href^="javascript"]')).toBeNull();
  });

  it('is taken over by the popup node for node: nothing twice, the focus where it was', () => {
    app.append(firstScreen(document, fullView()));
    const rows = [...app.querySelectorAll('li[data-followup]')];
    const done = app.querySelector<HTMLButtonElement>('li[data-followup="reply:x"] .fu-actions > button:nth-of-type(2)')!;
    done.focus();
    render(<Popup first={fullView()} />, app);
    expect(app.children).toHaveLength(1);
    expect([...app.querySelectorAll('li[data-followup]')]).toEqual(rows);
    expect(document.activeElement).toBe(done);
    expect(app.querySelector('main')?.getAttribute('data-view')).toBe('first-screen');
  });
});

describe('paintFirstScreen', () => {
  const stored = (v: PopupView) => JSON.parse(JSON.stringify(snapshotOf(v, SHOWN_AT_FIRST))) as unknown;

  it('paints the stored copy into the empty #app and hands over its view', async () => {
    const handoff = paintFirstScreen(document, async () => stored(fullView()), () => NOW + 60_000);
    const view = await handoff.view;
    expect(view?.now).toBe(NOW + 60_000);
    expect(app.querySelectorAll('li[data-followup]')).toHaveLength(5);
    expect(app.querySelector('main')?.getAttribute('data-view')).toBe('first-screen');
  });

  it('paints nothing from a copy time has moved past, none at all, or one it cannot read', async () => {
    for (const read of [async () => stored(fullView()), async () => undefined, () => Promise.reject(new Error('no session storage'))]) {
      const handoff = paintFirstScreen(document, read, () => NOW + 3 * HOUR);
      expect(await handoff.view).toBeUndefined();
      expect(app.firstChild).toBeNull();
    }
  });

  it('leaves #app alone once the popup has rendered into it', async () => {
    render(<Popup />, app);
    const before = app.innerHTML;
    const handoff = paintFirstScreen(document, async () => stored(fullView()), () => NOW);
    await handoff.view;
    expect(app.innerHTML).toBe(before);
    expect(app.querySelector('li[data-followup]')).toBeNull();
  });

  it('clicks a button clicked before the popup took over again once it has', async () => {
    const handoff = paintFirstScreen(document, async () => stored(fullView()), () => NOW);
    const view = await handoff.view;
    const done = () => app.querySelector<HTMLButtonElement>('li[data-followup="reply:x"] .fu-actions > button:nth-of-type(2)')!;
    expect(done().textContent).toBe('Done');
    done().click();
    expect(call).not.toHaveBeenCalled();
    render(<Popup first={view} />, app);
    handoff.takeOver();
    expect(call).toHaveBeenCalledWith('followUpDone', { id: 'reply:x' });
    // Once only, and from then on straight to the popup.
    done().click();
    expect(call).toHaveBeenCalledTimes(2);
  });
});
