import { startScanLoop } from '../../../lib/sites/scan-loop';



beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('the scan loop', () => {
  it('turns a burst of DOM changes into one scan after the delay', async () => {
    const life = new AbortController();
    let scans = 0;
    startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 100 });
    for (let i = 0; i < 20; i++) document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0); // the observer's records arrive
    expect(scans).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(scans).toBe(1);
    life.abort();
  });

  it('asks only about the changes it is told are relevant', async () => {
    const life = new AbortController();
    let scans = 0;
    startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 10, relevant: (rs) => rs.some((r) => [...r.addedNodes].some((n) => n.nodeName === 'TABLE')) });
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(0);
    document.body.append(document.createElement('table'));
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(1);
    life.abort();
  });

  it('stops for good when its signal aborts: no pending scan runs, no change asks again', async () => {
    const life = new AbortController();
    let scans = 0;
    const loop = startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 10 });
    loop.schedule();
    life.abort();
    document.body.append(document.createElement('div'));
    loop.schedule();
    await vi.advanceTimersByTimeAsync(100);
    expect(scans).toBe(0);
  });
});

describe('the scan loop while a scan is due', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('does not look at new records once a scan is due at once: the scan reads the whole view anyway', async () => {
    const life = new AbortController();
    let looks = 0;
    let scans = 0;
    const loop = startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 100, relevant: () => (looks++, true) });
    loop.schedule(0);
    document.body.append(document.createElement('div'));
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(looks).toBe(0);
    expect(scans).toBe(1);
    life.abort();
  });

  it('scans at once for a change that asks for it, even while a scan waits out the delay, and scans once', async () => {
    const life = new AbortController();
    let scans = 0;
    const relevant = (rs: MutationRecord[]) => (rs.some((r) => [...r.addedNodes].some((n) => n.nodeName === 'ARTICLE')) ? ('now' as const) : true);
    startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 100, relevant });
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(10);
    expect(scans).toBe(0);
    document.body.append(document.createElement('article'));
    await vi.advanceTimersByTimeAsync(1);
    expect(scans).toBe(1);
    // The delayed scan it replaced does not run on top of it.
    await vi.advanceTimersByTimeAsync(200);
    expect(scans).toBe(1);
    life.abort();
  });
});

describe('the scan loop with a root', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  /** body > nav + shell > views; the root is `#views` while it is in the page. */
  function page() {
    const nav = document.createElement('nav');
    const shell = document.createElement('div');
    const views = document.createElement('section');
    views.id = 'views';
    shell.append(views);
    document.body.append(nav, shell);
    return { nav, shell, views };
  }

  it('does not hear changes outside its root, and hears those inside', async () => {
    const { nav, views } = page();
    const life = new AbortController();
    let looks = 0;
    let scans = 0;
    startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 10, relevant: () => (looks++, true), root: (doc) => doc.getElementById('views') });
    for (let i = 0; i < 50; i++) nav.append(document.createElement('div'));
    nav.setAttribute('aria-label', 'changed');
    await vi.advanceTimersByTimeAsync(50);
    expect(looks).toBe(0);
    expect(scans).toBe(0);
    views.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(50);
    expect(looks).toBe(1);
    expect(scans).toBe(1);
    life.abort();
  });

  it('follows its root when the page replaces it, and hears changes in the new one', async () => {
    const { views } = page();
    const life = new AbortController();
    let scans = 0;
    const relevant = (rs: MutationRecord[]) => rs.some((r) => [...r.addedNodes].some((n) => n.nodeName === 'ARTICLE'));
    startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 10, relevant, root: (doc) => doc.getElementById('views') });
    const next = document.createElement('section');
    next.id = 'views';
    views.replaceWith(next);
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(0);
    next.append(document.createElement('article'));
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(1);
    life.abort();
  });

  it('watches the whole page while there is no root, and only the root once a scan finds it', async () => {
    const life = new AbortController();
    let scans = 0;
    const loop = startScanLoop({ doc: document, signal: life.signal }, () => scans++, { delayMs: 10, root: (doc) => doc.getElementById('views') });
    const { nav } = page();
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(1);
    nav.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(1);
    loop.schedule();
    await vi.advanceTimersByTimeAsync(50);
    expect(scans).toBe(2);
    life.abort();
  });
});
