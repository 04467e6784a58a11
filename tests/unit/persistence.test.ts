import { describe, expect, it, vi } from 'vitest';
import { askToKeepData, persistenceText } from '../../components/persistence';

const nav = (storage: Partial<StorageManager> | undefined) => ({ storage }) as unknown as Navigator;

describe('asking the browser to keep the data', () => {
  it('asks only when the data is not kept yet, and reports the answer', async () => {
    const persist = vi.fn(async () => true);
    expect(await askToKeepData(nav({ persisted: async () => false, persist }))).toBe('granted');
    expect(persist).toHaveBeenCalledTimes(1);

    const never = vi.fn(async () => false);
    expect(await askToKeepData(nav({ persisted: async () => true, persist: never }))).toBe('granted');
    expect(never).not.toHaveBeenCalled();

    expect(await askToKeepData(nav({ persisted: async () => false, persist: async () => false }))).toBe('denied');
  });

  it('a browser without the API, or one that throws, cannot promise to keep it', async () => {
    expect(await askToKeepData(nav(undefined))).toBe('unavailable');
    expect(
      await askToKeepData(
        nav({
          persisted: async () => false,
          persist: async () => {
            throw new Error('not allowed');
          },
        }),
      ),
    ).toBe('unavailable');
    expect(persistenceText('denied')).toMatch(/Download a backup/);
  });
});
