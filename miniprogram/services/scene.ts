/**
 * Reading the referral out of a page's query: the share path's `c=<code>` or the mini program
 * code's `scene` (`c=<code>&p=<productId>`, URL-encoded by WeChat), decoded by the same module the
 * server encodes it with (shared/scene.ts).
 */
import { normalizeInviteCode } from '../shared/invite-code';
import { decodeScene, type SceneContent } from '../shared/scene';

export { decodeScene, normalizeInviteCode, type SceneContent };

/** What a page's query says about the referral: `c` (share path) wins over `scene` (code scan). */
export function referralFromQuery(query: Record<string, string | undefined>): { code: string; scene?: string } | null {
  if (query.c) {
    const code = normalizeInviteCode(query.c);
    if (code) return { code };
  }
  if (query.scene) {
    const s = decodeScene(query.scene);
    if (s.code) return { code: s.code, scene: safeDecode(query.scene) };
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The product a code scan opens (`p` in the scene), for the product page. */
export function scenePage(query: Record<string, string | undefined>): SceneContent {
  return query.scene ? decodeScene(query.scene) : { code: null, productId: null };
}
