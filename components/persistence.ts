/**
 * Asking the browser to keep the extension's data until the rep deletes it (persistent storage),
 * so a disk running low never clears two years of history without a word. Asked on the last
 * onboarding step and again on the options page, which show the answer.
 */
export type Persistence = 'asking' | 'granted' | 'denied' | 'unavailable';

export async function askToKeepData(nav: Navigator = navigator): Promise<Exclude<Persistence, 'asking'>> {
  const storage = (nav as Navigator & { storage?: StorageManager }).storage;
  if (!storage?.persist || !storage.persisted) return 'unavailable';
  try {
    const granted = (await storage.persisted()) || (await storage.persist());
    return granted ? 'granted' : 'denied';
  } catch {
    return 'unavailable';
  }
}

/** The answer in the rep's words. */
export function persistenceText(p: Persistence): string {
  switch (p) {
    case 'granted':
      return 'The browser keeps this data until you delete it (persistent storage granted).';
    case 'denied':
      return 'The browser did not grant persistent storage: it may clear this data when the disk runs low. Download a backup now and then.';
    case 'unavailable':
      return 'This browser cannot promise to keep the data. Download a backup now and then.';
    default:
      return 'Asking the browser to keep this data…';
  }
}
