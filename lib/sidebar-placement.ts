/**
 * Where the sidebar shows: beside the page (an injected frame, the default) or in the
 * browser's own side panel (Chrome's side panel, Firefox's sidebar), which lays itself beside
 * the page. A display preference like the collapsed state: kept in `storage.local`, which the
 * content scripts read without asking the background, and not part of the backup.
 */

/** The parts of `browser.storage` used here (passed in: this module stays free of browser APIs). */
export interface PlacementStorage {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  onChanged: {
    addListener(fn: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    removeListener(fn: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  };
}

export type SidebarPlacement = 'page' | 'panel';
export const PLACEMENT_KEY = 'sidebarPlacement';

/** Anything but an explicit 'panel' (missing, old or tampered values) means the default. */
export function parsePlacement(value: unknown): SidebarPlacement {
  return value === 'panel' ? 'panel' : 'page';
}

export async function readPlacement(store: PlacementStorage): Promise<SidebarPlacement> {
  return parsePlacement((await store.local.get(PLACEMENT_KEY))[PLACEMENT_KEY]);
}

export async function savePlacement(store: PlacementStorage, placement: SidebarPlacement): Promise<void> {
  await store.local.set({ [PLACEMENT_KEY]: placement });
}

/** Calls `onChange` whenever the rep changes the choice, until `signal` aborts. */
export function watchPlacement(store: PlacementStorage, onChange: (placement: SidebarPlacement) => void, signal: AbortSignal): void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && PLACEMENT_KEY in changes) onChange(parsePlacement(changes[PLACEMENT_KEY]?.newValue));
  };
  store.onChanged.addListener(listener);
  signal.addEventListener('abort', () => store.onChanged.removeListener(listener), { once: true });
}

/** The browser's own side panel, as this browser offers it. */
export type PanelKind = 'chrome-side-panel' | 'firefox-sidebar' | undefined;

export function panelKind(manifest: { optional_permissions?: unknown[]; permissions?: unknown[]; sidebar_action?: unknown }): PanelKind {
  if (manifest.sidebar_action) return 'firefox-sidebar';
  if ([...(manifest.optional_permissions ?? []), ...(manifest.permissions ?? [])].includes('sidePanel')) return 'chrome-side-panel';
  return undefined;
}
