/**
 * The share card's title from the shop's template (settings.share.titleTemplate): `{title}` is the
 * product's name, `{price}` its price. The template is checked on save never to promise the sharer
 * a reward (诱导分享); the card sells the product.
 */
import { yuan } from './money';

export const DEFAULT_SHARE_TEMPLATE = '{title}，仅需 {price}';

export function shareTitle(template: string, product: { title: string; priceFen: number }): string {
  return (template || DEFAULT_SHARE_TEMPLATE)
    .split('{title}')
    .join(product.title)
    .split('{price}')
    .join(yuan(product.priceFen));
}
