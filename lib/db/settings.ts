import { defaultSettings, type Settings } from '../model';
import type { DealDebriefDB, SettingsRow } from './schema';

let defaults: Settings | undefined;

/** The stored settings over the defaults: a setting added in a later version gets its default. */
export async function loadSettings(db: DealDebriefDB): Promise<Settings> {
  return settingsFrom(await db.settings.get('settings'));
}

/** The settings from their stored row (`undefined`: none stored), over the defaults. */
export function settingsFrom(row: SettingsRow | undefined): Settings {
  const { id: _id, ...stored } = row ?? { id: 'settings' as const };
  // Built once: defaultSettings() asks Intl for the browser's zone, which is not free.
  defaults ??= defaultSettings();
  // A copy, so a caller changing an array never changes the shared defaults.
  return { ...structuredClone(defaults), ...stored };
}

export async function storeSettings(db: DealDebriefDB, settings: Settings): Promise<void> {
  await db.settings.put({ ...settings, id: 'settings' });
}
