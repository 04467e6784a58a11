/**
 * Finding the events of a batch that cannot be stored: halves, recursively, in order; a storage
 * problem or a batch where everything fails is thrown as before.
 */
import { MAX_ISOLATED_EVENTS, storeIsolating } from '../../lib/capture/isolate';
import { isEnvironmentalFailure } from '../../lib/db/health';

class Defect extends TypeError {}
const full = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** A store that refuses any batch holding one of `bad`, and records every batch it was given. */
function fakeStore(bad: Set<number>, failWith: (n: number) => Error = (n) => new Defect(`event ${n}`)) {
  const calls: number[][] = [];
  const stored: number[] = [];
  const store = async (events: number[]) => {
    calls.push(events);
    const hit = events.find((e) => bad.has(e));
    if (hit !== undefined) throw failWith(hit);
    stored.push(...events);
    return { stored: events.length };
  };
  return { store, calls, stored };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('storeIsolating', () => {
  it('stores a batch that works in one call', async () => {
    const f = fakeStore(new Set());
    const out = await storeIsolating(range(5), f.store);
    expect(out).toEqual({ results: [{ stored: 5 }], failed: [] });
    expect(f.calls).toEqual([range(5)]);
  });

  it('stores everything but the one bad event, in halves and in the original order', async () => {
    const f = fakeStore(new Set([5]));
    const out = await storeIsolating(range(8), f.store);
    expect(f.stored).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(out.failed.map((x) => x.event)).toEqual([5]);
    expect(out.failed[0]!.error).toBeInstanceOf(Defect);
    expect(out.results.reduce((n, r) => n + r.stored, 0)).toBe(7);
    // whole, [0-3], [4-7], [4,5], [4], [5], [6,7]: 1 + 2·log2(8) = 7 calls.
    expect(f.calls).toEqual([range(8), [0, 1, 2, 3], [4, 5, 6, 7], [4, 5], [4], [5], [6, 7]]);
  });

  it('finds several bad events, each with its own error', async () => {
    const f = fakeStore(new Set([0, 6, 9]));
    const out = await storeIsolating(range(10), f.store);
    expect(out.failed.map((x) => [x.event, (x.error as Error).message])).toEqual([
      [0, 'event 0'],
      [6, 'event 6'],
      [9, 'event 9'],
    ]);
    expect(f.stored).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it('one bad event in the outbox largest batch (200) costs about 2·log2(n) calls', async () => {
    const f = fakeStore(new Set([137]));
    const out = await storeIsolating(range(200), f.store);
    expect(out.failed.map((x) => x.event)).toEqual([137]);
    expect(f.stored).toEqual(range(200).filter((n) => n !== 137));
    expect(f.calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(200)));
  });

  it('a storage problem on the first try is thrown at once, without splitting', async () => {
    const f = fakeStore(new Set([3]), () => full());
    await expect(storeIsolating(range(8), f.store)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(f.calls).toEqual([range(8)]);
  });

  it('a storage problem met while splitting is thrown (what stored before it stays stored)', async () => {
    let n = 0;
    const f = fakeStore(new Set([1, 6]), () => (n++ === 0 ? new Defect('first') : full()));
    await expect(storeIsolating(range(8), f.store)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(f.calls).toEqual([range(8), [0, 1, 2, 3]]);
  });

  it('a batch whose every event fails alone is thrown with its first error, as a storage problem', async () => {
    const f = fakeStore(new Set(range(4)));
    await expect(storeIsolating(range(4), f.store)).rejects.toThrow('event 0');
    expect(f.calls).toHaveLength(7);
  });

  it('a single event that fails is thrown (the outbox sends it again with what follows it)', async () => {
    const f = fakeStore(new Set([0]));
    await expect(storeIsolating([0], f.store)).rejects.toThrow('event 0');
    expect(f.calls).toEqual([[0]]);
  });

  it('a batch larger than the bound is not split', async () => {
    const f = fakeStore(new Set([1]));
    await expect(storeIsolating(range(MAX_ISOLATED_EVENTS + 1), f.store)).rejects.toThrow('event 1');
    expect(f.calls).toHaveLength(1);
  });
});

describe('isEnvironmentalFailure', () => {
  it.each([
    ['a quota error', full(), true],
    ['a quota error inside an aborted transaction', Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: full() }), true],
    ['a database that cannot be opened', Object.assign(new Error('x'), { name: 'OpenFailedError' }), true],
    ['a closed database', Object.assign(new Error('x'), { name: 'DatabaseClosedError' }), true],
    ["the browser's backing store failing", Object.assign(new Error('x'), { name: 'AbortError', inner: new DOMException('io', 'UnknownError') }), true],
    ['an error of our own code', new TypeError("Cannot read properties of undefined (reading 'at')"), false],
    ['a constraint error', new DOMException('key exists', 'ConstraintError'), false],
    ['a data error', new DOMException('bad key', 'DataError'), false],
  ])('%s: %s', (_name, error, expected) => {
    expect(isEnvironmentalFailure(error)).toBe(expected);
  });
});
