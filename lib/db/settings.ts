import { defaultSettings, type Settings } from '../model';
import type { DealDebriefDB } from './schema';

/** The stored settings over the defaults: a setting added in a later version gets its default. */
export async function loadSettings(db: DealDebriefDB): Promise<Settings> {
  const row = await db.settings.get('settings');
  const { id: _id, ...stored } = row ?? { id: 'settings' as const };
  return { ...defaultSettings(), ...stored };
}

export async function storeSettings(db: DealDebriefDB, settings: Settings): Promise<void> {
  await db.settings.put({ ...settings, id: 'settings' });
}
