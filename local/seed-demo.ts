import type { LocalCloud } from './runtime';

/**
 * A small demo shop, written through the real actions (so it is what a shop owner would have made):
 * filled in as the backend grows. Returns a description of what was written, or null when the
 * database already has data.
 */
export async function seedDemo(local: LocalCloud, _adminOpenid: string): Promise<string | null> {
  const { total } = await local.db.collection('users').count();
  if (total > 0) return null;
  return null;
}
