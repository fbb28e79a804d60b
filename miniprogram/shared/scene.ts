/**
 * The `scene` of a poster's mini program code (wxacode.getUnlimited): at most 32 visible characters
 * from [0-9A-Za-z!#$&'()*+,/:;=?@-._~]. Format: `c=<invite code>` and, when it fits, `&p=<product id>`.
 * A bare invite code is read too (older codes, typed links). Pure; shared with the mini program,
 * which gets the scene URL-encoded in `options.scene`.
 */
import { normalizeInviteCode } from './invite-code';
import { PAGES } from './pages';

export const SCENE_MAX = 32;
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;

export const HOME_PAGE = PAGES.home;
export const PRODUCT_PAGE = PAGES.product;

export interface SceneContent {
  code: string | null;
  productId: string | null;
}

/**
 * The scene and the page its code opens. The product rides along only when the whole scene stays
 * within 32 characters; otherwise the code opens the home page with the invite code alone (the
 * binding matters more than the landing page).
 */
export function encodeScene(code: string, productId?: string | null): { scene: string; page: string } {
  const base = `c=${code}`;
  if (productId) {
    const withProduct = `${base}&p=${productId}`;
    if (withProduct.length <= SCENE_MAX && SCENE_CHARS.test(productId) && !/[&=]/.test(productId)) {
      return { scene: withProduct, page: PRODUCT_PAGE };
    }
  }
  return { scene: base, page: HOME_PAGE };
}

/** Reads a scene (raw or URL-encoded as WeChat delivers it); unknown keys are ignored. */
export function decodeScene(raw: string): SceneContent {
  let scene = raw.trim();
  try {
    scene = decodeURIComponent(scene);
  } catch {
    // a stray `%` is not an encoding: read it as it is
  }
  if (!scene.includes('=')) return { code: normalizeInviteCode(scene), productId: null };
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
