/**
 * Gmail's page watcher: one MutationObserver and the hash route, coalesced into at most one
 * scan per animation-free idle slot. A scan reads the view with the pure parsers and pushes
 * only what changed since the last scan. Send clicks and Ctrl/Cmd+Enter record the outbound
 * message at once — only when the rep did it (`isTrusted`): a page script's synthetic click or
 * key press records no send and undoes none. Everything stops when the content script's signal aborts.
 */
import type { EmailSeen, ListRowSeen, Party } from '../../capture/events';
import type { AdapterEnv } from '../adapter';
import { startScanLoop } from '../scan-loop';
import {
  detectOwnAddress,
  findComposeForElement,
  findComposeForSendTarget,
  gmailTheme,
  isSendShortcut,
  isUndoSendTarget,
  OBSERVER_ATTRIBUTE_FILTER,
  parseCompose,
  type PageRead,
  readPageSteps,
  relevantMutation,
  type ThreadParsed,
} from './parse';
import { watchedRoot } from './mutations';

/** How long Gmail may keep a view half-rendered before we call it unrecognised. */
const SETTLE_MS = 2500;
/** Coalesces one burst of Gmail rendering into one scan, short enough that a new message reaches the sidebar at once. */
const SCAN_DELAY_MS = 50;
/** A scan reads for this long at most before it lets the page run, and goes on in the next task. */
const SLICE_MS = 10;
/** Gmail's longest undo-send delay, with a margin. */
const UNDO_WINDOW_MS = 40_000;

function messageSignature(m: EmailSeen): string {
  return `${m.messageId}|${m.at}|${m.expanded ? 1 : 0}|${m.to.length + m.cc.length}|${m.threadTotal ?? ''}`;
}

function rowSignature(r: ListRowSeen): string {
  return `${r.threadId}|${r.at}|${r.latestFrom?.email ?? ''}`;
}

export function gmailAdapter(env: AdapterEnv): void {
  const { doc, win, outbox, signal } = env;
  // Every report says Gmail's theme, so the sidebar beside it matches.
  const report: AdapterEnv['report'] = (context) => env.report({ ...context, theme: gmailTheme(doc, win) });
  const sent = new Set<string>();
  const sendsRecorded = new Map<string, number>();
  let lastSend: { composeId: string; at: number } | undefined;
  let ownAddress: string | undefined;
  let unrecognisedSince: number | undefined;

  const { schedule } = startScanLoop(env, () => scan(), {
    delayMs: SCAN_DELAY_MS,
    relevant: relevantMutation,
    root: watchedRoot,
    observe: { attributes: true, attributeFilter: OBSERVER_ATTRIBUTE_FILTER },
  });

  function pushNew<T>(items: T[], signature: (t: T) => string): T[] {
    const fresh = items.filter((item) => !sent.has(signature(item)));
    for (const item of fresh) sent.add(signature(item));
    if (fresh.length) outbox.push(...(fresh as never[]));
    return fresh;
  }

  function participantsOf(messages: EmailSeen[]): Party[] {
    const seen = new Map<string, Party>();
    for (const m of messages) {
      for (const p of [m.from, ...m.to, ...m.cc]) {
        if (p.email === ownAddress) continue;
        const prior = seen.get(p.email);
        if (!prior || (!prior.name && p.name)) seen.set(p.email, p);
      }
    }
    return [...seen.values()];
  }

  /** What the sidebar says about a conversation: captured messages, and how many Gmail hides. */
  function threadContext(thread: ThreadParsed) {
    const total = thread.messages.length + thread.hiddenCount + thread.waiting;
    return {
      view: 'thread' as const,
      status: 'ok' as const,
      threadId: thread.threadId,
      subject: thread.subject,
      participants: participantsOf(thread.messages),
      captured: thread.messages.length,
      ...(total > thread.messages.length ? { total } : {}),
    };
  }

  function paused(reason: string, say = report) {
    say({ view: 'other', status: 'paused', pausedReason: reason, participants: [], captured: 0 });
  }

  // A scan in progress (it reads a long conversation across tasks), and whether another was
  // asked for meanwhile: it runs once this one is done, on the page as it is then.
  let reading: Generator<void, PageRead> | undefined;
  let readingUrl = '';
  let again = false;

  function scan(): void {
    if (reading) {
      again = true;
      return;
    }
    const address = detectOwnAddress(doc);
    if (address && address !== ownAddress) {
      ownAddress = address;
      outbox.push({ kind: 'own-address', email: address });
    }
    readingUrl = win.location.href;
    reading = readPageSteps(doc, win.location.hash);
    read();
  }

  function read(): void {
    if (!reading || signal.aborted) return;
    const until = performance.now() + SLICE_MS;
    let step = reading.next();
    while (!step.done) {
      if (performance.now() > until) {
        setTimeout(read);
        return;
      }
      step = reading.next();
    }
    reading = undefined;
    // What was read is said for the address it was read at; when the rep moved on meanwhile, the
    // next scan reads the page as it is now.
    if (win.location.href !== readingUrl) again = true;
    took(step.value);
    if (again) {
      again = false;
      schedule(0);
    }
  }

  function took(page: PageRead): void {
    const say: AdapterEnv['report'] = (context) => report({ ...context, url: readingUrl });
    if (page.kind === 'other') {
      unrecognisedSince = undefined;
      say({ view: 'other', status: 'ok', participants: [], captured: 0 });
      return;
    }
    if (page.kind === 'unrecognised') {
      // Gmail renders in steps; only a view that stays unrecognised pauses capture.
      unrecognisedSince ??= Date.now();
      if (Date.now() - unrecognisedSince >= SETTLE_MS) paused('page not recognised', say);
      else schedule(SETTLE_MS);
      return;
    }
    unrecognisedSince = undefined;
    if (page.kind === 'paused') return paused(page.reason, say);
    // Reading pane: list rows and the open thread are on screen together.
    if (page.list) pushNew(page.list.rows, rowSignature);
    const thread = page.thread;
    if (thread) {
      const fresh = pushNew(thread.messages, messageSignature);
      say(threadContext(thread));
      // New messages in the open thread go out at once (with the view): the rep is looking at this sidebar.
      if (fresh.length) void outbox.flush();
      return;
    }
    say({ view: 'list', status: 'ok', participants: [], captured: page.list?.rows.length ?? 0 });
  }

  function recordSend(compose: Element): void {
    const parsed = parseCompose(compose);
    if (!parsed.ok) return;
    const { sending } = parsed;
    const at = Date.now();
    const last = sendsRecorded.get(sending.composeId);
    // A click and the shortcut (or a double click) are one send.
    if (last !== undefined && at - last < 5000) return;
    if (sending.to.length + sending.cc.length + sending.bcc.length === 0) return;
    sendsRecorded.set(sending.composeId, at);
    lastSend = { composeId: sending.composeId, at };
    outbox.push({ ...sending, at });
    void outbox.flush();
  }

  win.addEventListener('hashchange', () => schedule(), { signal });
  // Capture phase: Gmail stops propagation on its own buttons.
  doc.addEventListener(
    'click',
    (e) => {
      if (!e.isTrusted) return;
      const target = e.target instanceof Element ? e.target : null;
      const compose = target ? findComposeForSendTarget(target) : null;
      if (compose) recordSend(compose);
      // Undo on the "Message sent" bar (Gmail offers it for up to 30 s): that send never happened.
      else if (target && lastSend && Date.now() - lastSend.at < UNDO_WINDOW_MS && isUndoSendTarget(target)) {
        outbox.push({ kind: 'send-undone', composeId: lastSend.composeId });
        lastSend = undefined;
        void outbox.flush();
      }
    },
    { capture: true, signal },
  );
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!e.isTrusted || !isSendShortcut(e)) return;
      const target = e.target instanceof Element ? e.target : null;
      const compose = target ? findComposeForElement(target) : null;
      if (compose) recordSend(compose);
    },
    { capture: true, signal },
  );
  schedule(0);
}
