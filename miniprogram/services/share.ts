/**
 * Share cards. The path carries the sharer's invite code (`c=`) when the sharer is an active
 * distributor, so the friend who opens it is bound to them. The title sells the product; it never
 * mentions the sharer earning anything (WeChat's rule against 诱导分享, PRODUCT.md).
 */
import type { ProductView } from '../../typings/api';
import { DEFAULT_SHARE_TEMPLATE, shareTitle } from '../shared/share-title';
import { session } from './session';

/** The caller's invite code when they may share for commission; '' otherwise. */
export function inviteCode(): string {
  const d = session()?.user.distributor;
  return d && d.status === 'active' && d.inviteCode ? d.inviteCode : '';
}

export function productSharePath(productId: string, code = inviteCode()): string {
  return '/pages/product/index?id=' + encodeURIComponent(productId) + (code ? '&c=' + code : '');
}

/** The shop's template (from login; the default until login answers). */
export function productShareTitle(p: Pick<ProductView, 'title' | 'priceFen'>): string {
  return shareTitle(session()?.share.titleTemplate ?? DEFAULT_SHARE_TEMPLATE, p);
}

export function homeShare(): { title: string; path: string } {
  const code = inviteCode();
  return { title: '好物精选，品质好货等你挑', path: '/pages/index/index' + (code ? '?c=' + code : '') };
}
