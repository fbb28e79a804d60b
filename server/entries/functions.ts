import type { Cloud } from '../platform/cloud';
import { handleAdmin } from './admin';
import { handleApi } from './api';
import { handlePayCallback } from './pay-callback';
import { handleSettle } from './settle';

/** The four cloud functions by name: what `cloudfunctions/<name>/index.ts` deploys. */
export const FUNCTIONS = {
  api: handleApi,
  admin: handleAdmin,
  payCallback: handlePayCallback,
  settle: handleSettle,
} satisfies Record<string, (cloud: Cloud, event: unknown) => Promise<unknown>>;

export type FunctionName = keyof typeof FUNCTIONS;
