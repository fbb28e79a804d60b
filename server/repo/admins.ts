import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { C } from './docs';

/** Admins: the openids in ADMIN_OPENIDS plus those an admin added (`admins` collection). */
export function envAdmins(cloud: Cloud): string[] {
  return (cloud.env('ADMIN_OPENIDS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function isAdmin(cloud: Cloud, db: Db, openid: string): Promise<boolean> {
  if (!openid) return false;
  if (envAdmins(cloud).includes(openid)) return true;
  const { total } = await db.collection(C.admins).where({ _id: openid }).count();
  return total > 0;
}
