import type { Settings } from '../../typings/api';
import type { Db } from '../db/types';
import { withDefaults } from '../rules/settings';
import { C, type SettingsDoc } from './docs';

export async function loadSettings(db: Db): Promise<Settings> {
  const { data } = await db.collection<SettingsDoc>(C.settings).where({ _id: 'global' }).get();
  return withDefaults(data[0] ?? null);
}

export async function saveSettings(db: Db, settings: Settings, now: number): Promise<void> {
  await db.collection(C.settings).doc('global').set({ data: { ...settings, updatedAt: now } });
}
