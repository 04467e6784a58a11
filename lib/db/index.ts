export { db, openDatabase, DB_NAME, type DealDebriefDB } from './schema';
export { loadSettings, storeSettings } from './settings';
