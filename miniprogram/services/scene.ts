/**
 * Reading the referral out of a page's query: the share path's `c=<code>` or the mini program
 * code's `scene` (`c=<code>&p=<productId>`, URL-encoded by WeChat). The mini program can't import
 * code outside its root, so this is the client twin of server/rules/scene.ts and invite-code.ts;
 * test/miniprogram/scene.test.ts checks both read every case the same way.
 */
const INVITE_RE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

export interface SceneContent {
  code: string | null;
  productId: string | null;
}

export function normalizeInviteCode(input: string): string | null {
  const code = String(input).trim().toUpperCase();
  return INVITE_RE.test(code) ? code : null;
}

export function decodeScene(raw: string): SceneContent {
  let scene = String(raw).trim();
  try {
    scene = decodeURIComponent(scene);
  } catch {
    // a stray `%` is not an encoding: read it as it is
  }
  if (scene.indexOf('=') < 0) return { code: normalizeInviteCode(scene), productId: null };
  let code: string | null = null;
  let productId: string | null = null;
  for (const part of scene.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === 'c' && code === null) code = normalizeInviteCode(value);
    else if (key === 'p' && productId === null && /^[A-Za-z0-9_\-:.]{1,64}$/.test(value)) productId = value;
  }
  return { code, productId };
}

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
