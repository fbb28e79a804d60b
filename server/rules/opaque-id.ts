import { createHash } from 'node:crypto';

/**
 * What a user's views say about another person instead of their openid (openids, phones and real
 * names of others are for admins only): a stable id for list keys and comparisons that is
 * different for every viewer (nothing to correlate across accounts) and cannot be turned back into
 * the openid. `kind` keeps ids of different uses apart (`m` a team member, `r` one's referrer). Pure.
 */
export function opaqueId(kind: 'm' | 'r', viewer: string, subject: string): string {
  const digest = createHash('sha256').update(`${kind}\u0000${viewer}\u0000${subject}`).digest('base64url');
  return `${kind}_${digest.slice(0, 22)}`;
}
