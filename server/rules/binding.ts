import type { Settings } from '../../typings/api';
import { DAY_MS } from '../core/time';

/**
 * Whether a binding is in force: ONE rule, read the same way by the bind rules, the chain fixed on
 * an order, the team views and the admin tree (PRODUCT.md "Binding in force"). It depends only on
 * when the binding was made and the shop's CURRENT mode and window — never on an expiry fixed at
 * bind time — so a change of mode changes the answer for every existing binding at once. Pure.
 */
export type BindingRules = Pick<Settings['binding'], 'mode' | 'windowDays'>;

/**
 * In `window` mode, bindings made at or before this instant have lapsed; null: none lapse
 * (`permanent`, `last_click`). The one place the window is turned into a time.
 */
export function lapsedUpTo(rules: BindingRules, now: number): number | null {
  return rules.mode === 'window' ? now - rules.windowDays * DAY_MS : null;
}

/** A user's binding as stored: who they are bound to (null: nobody) and when it was made. */
export interface Binding {
  referrerOpenid: string | null;
  boundAt: number | null;
}

/** No referrer: nothing in force. In window mode a binding with no time cannot be held. */
export function bindingInForce(b: Binding, rules: BindingRules, now: number): boolean {
  if (!b.referrerOpenid) return false;
  const cut = lapsedUpTo(rules, now);
  return cut === null || (b.boundAt !== null && b.boundAt > cut);
}

/** A bind may replace the user's current binding: last click always; otherwise once it is not in force. */
export function bindingReplaceable(b: Binding, rules: BindingRules, now: number): boolean {
  return rules.mode === 'last_click' || !bindingInForce(b, rules, now);
}

/**
 * Who earns on an order, decided once when it is created (a later rebind never moves it). Each link
 * pays only while its binding is in force, and a lapsed link pays no one above it either: the buyer's
 * referrer earns level 1 through the buyer's binding, the referrer's referrer level 2 only when the
 * referrer's own binding holds too. With self-purchase on, an active distributor buying is their own
 * level 1 and their referrer (through their own binding) level 2.
 */
export function orderChain(
  buyer: Binding & { openid: string },
  referrer: Binding | null,
  opts: { selfPurchase: boolean; buyerIsActiveDistributor: boolean; rules: BindingRules; now: number },
): { level1: string | null; level2: string | null } {
  const holds = (b: Binding | null) => (b && bindingInForce(b, opts.rules, opts.now) ? b.referrerOpenid : null);
  const up1 = holds(buyer);
  if (opts.selfPurchase && opts.buyerIsActiveDistributor) return { level1: buyer.openid, level2: up1 };
  if (!up1) return { level1: null, level2: null };
  return { level1: up1, level2: holds(referrer) };
}
