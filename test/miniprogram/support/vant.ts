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

/** Picks the action named `name` in an open van-action-sheet. */
export async function pickAction(w: World, page: any, sheet: string, name: string): Promise<void> {
  const items = page.querySelector(sheet).querySelectorAll('.van-action-sheet__item');
  const item = items.find((n: any) => textOf(n.dom) === name);
  if (!item) throw new Error(`no action ${name} in ${sheet}: ${items.map((n: any) => textOf(n.dom)).join(' / ')}`);
  item.dispatchEvent('tap');
  await w.settle();
}

/** Taps a van-dialog's confirm button (the last of its footer buttons). */
export async function confirmDialog(w: World, page: any, dialog: string): Promise<void> {
  const buttons = page.querySelector(dialog).querySelectorAll('.van-dialog__button');
  if (!buttons.length) throw new Error(`${dialog} shows no buttons`);
  buttons[buttons.length - 1].querySelector('.van-button').dispatchEvent('tap');
  await w.settle();
}

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** Types `value` into the `at`-th van-field matching `field`. */
export async function typeInto(w: World, page: any, field: string, value: string, at = 0): Promise<void> {
  const host = page.querySelectorAll(field)[at];
  if (!host) throw new Error(`nothing matches ${field}`);
  // The native input or textarea: the last `.van-field__control` (the first is the view around the custom-input slot).
  const input = last(host.querySelectorAll('.van-field__control'));
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
