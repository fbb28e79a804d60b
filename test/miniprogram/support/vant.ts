/**
 * Driving vant components the way a finger and a keyboard do, for the page tests: taps land on the
 * component's own nodes (a stepper's plus, an action sheet's item, a dialog's confirm button), text
 * arrives as the native input's `input` event. What the page then shows is read from what vant renders.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { textOf } from './dom';
import type { World } from './harness';

/** Taps the node matching `inner` inside a component host (e.g. '.van-stepper__plus' in a van-stepper). */
export async function tapInside(w: World, host: any, inner: string): Promise<void> {
  const node = host && host.querySelector(inner);
  if (!node) throw new Error(`nothing matches ${inner}`);
  node.dispatchEvent('tap');
  await w.settle();
}

/**
 * Waits until a van-popup based component (dialog, action sheet) shows its content, and returns
 * its `inner` nodes. The component's own nodes exist before that, but a popup fills its slot only
 * once its enter transition steps (vant's requestAnimationFrame is a 33 ms timeout), which the
 * harness's settle doesn't wait for.
 */
export async function shown(w: World, page: any, selector: string, inner: string): Promise<any[]> {
  await waitFor(w, () => renderedText(page, selector) !== '', selector + ' to open');
  return page.querySelector(selector).querySelectorAll(inner);
}

/** Picks the action named `name` in an open van-action-sheet. */
export async function pickAction(w: World, page: any, sheet: string, name: string): Promise<void> {
  const items = await shown(w, page, sheet, '.van-action-sheet__item');
  const item = items.find((n: any) => textOf(n.dom) === name);
  if (!item) throw new Error(`no action ${name} in ${sheet}: ${items.map((n: any) => textOf(n.dom)).join(' / ')}`);
  item.dispatchEvent('tap');
  await w.settle();
}

/** Taps a van-dialog's confirm button (the last of its footer buttons). */
export async function confirmDialog(w: World, page: any, dialog: string): Promise<void> {
  const buttons = await shown(w, page, dialog, '.van-dialog__button');
  buttons[buttons.length - 1].querySelector('.van-button').dispatchEvent('tap');
  await w.settle();
}

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** Types `value` into the `at`-th van-field matching `field`. */
export async function typeInto(w: World, page: any, field: string, value: string, at = 0): Promise<void> {
  const host = page.querySelectorAll(field)[at];
  if (!host) throw new Error(`nothing matches ${field}`);
  // The native input or textarea: the last `.van-field__control` (the first is the view around the custom-input slot).
  const input: any = last<any>(host.querySelectorAll('.van-field__control'));
  if (!input) throw new Error(`${field} has no input`);
  input.dispatchEvent('input', { detail: { value } });
  await w.settle();
}

/**
 * Waits until `check()` holds, for chains the harness can't see end (timers between a chooser, a
 * file read and an upload); fails with `what` after ~2 s.
 */
export async function waitFor(w: World, check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await w.settle(20);
  }
  throw new Error('timed out waiting for ' + what);
}

/**
 * The text a component renders (its composed tree, as j-component's toJSON walks it: slotted
 * content included, nodes a closed popup doesn't show left out).
 */
export function renderedText(page: any, selector: string): string {
  const node = page.querySelector(selector);
  if (!node) return '';
  const out: string[] = [];
  const walk = (n: any) => {
    if (typeof n === 'string') out.push(n);
    else if (n && Array.isArray(n.children)) n.children.forEach(walk);
    else if (n && n.children && typeof n.children === 'object') Object.values(n.children).forEach(walk); // arrays across jest realms
  };
  walk(node.toJSON());
  return out.join(' ').replace(/\s+/g, ' ').trim();
}
