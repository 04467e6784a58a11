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

  it('does not look at new records: the scan reads the whole view anyway', async () => {
    const life = new AbortController();
    let looks = 0;
    startScanLoop({ doc: document, signal: life.signal }, () => undefined, { delayMs: 100, relevant: () => (looks++, true) });
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0);
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0);
    expect(looks).toBe(1);
    life.abort();
  });
});
