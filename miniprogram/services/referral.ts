/**
 * Referral capture. A page hands its query to `captureReferral`; the code (share path `c`, or the
 * mini program code's `scene`) is queued in storage and bound with `referral.bind` once the user is
 * known — fire and forget, so the friend's shopping never waits on it. A refused bind is an answer
 * (done); a failed call stays queued and is retried on the next page load or launch.
 */
import { api, CallError } from './call';
import { referralFromQuery, scenePage } from './scene';

const KEY = 'referral.queue';
/** The last code seen, for the join page (prefilled invite code). */
const LAST_KEY = 'referral.last';
/** Opens of a shared card or poster code waiting to be reported (share.visit), like the codes. */
const VISITS_KEY = 'referral.visits';

interface Visit {
  code: string;
  productId?: string;
  scene: 'card' | 'poster';
}

interface Pending {
  code: string;
  scene?: string;
}

function queue(): Pending[] {
  const q = wx.getStorageSync(KEY);
  return Array.isArray(q) ? (q as Pending[]) : [];
}

export function lastInviteCode(): string {
  const c = wx.getStorageSync(LAST_KEY);
  return typeof c === 'string' ? c : '';
}

export function captureReferral(query: Record<string, string | undefined> | undefined): void {
  const found = referralFromQuery(query || {});
  if (!found) return;
  wx.setStorageSync(LAST_KEY, found.code);
  const q = queue().filter((p) => p.code !== found.code);
  q.push(found);
  wx.setStorageSync(KEY, q.slice(-5));
  queueVisit(found.code, query || {});
  if (userKnown) void flushReferrals();
}

/** 浏览: the open is reported once (the server counts one per friend, product and day). */
function queueVisit(code: string, query: Record<string, string | undefined>): void {
  const productId = query.id || scenePage(query).productId || undefined;
  const visit: Visit = { code, scene: query.c ? 'card' : 'poster', ...(productId ? { productId } : {}) };
  const same = (v: Visit) => v.code === visit.code && v.productId === visit.productId;
  wx.setStorageSync(VISITS_KEY, [...visitQueue().filter((v) => !same(v)), visit].slice(-5));
}

function visitQueue(): Visit[] {
  const q = wx.getStorageSync(VISITS_KEY);
  return Array.isArray(q) ? (q as Visit[]) : [];
}

let flushing: Promise<void> | null = null;
let userKnown = false;

/** The session calls this once `user.login` answered: from then on codes are bound at once. */
export function onUserKnown(): Promise<void> {
  userKnown = true;
  return flushReferrals();
}

export function onUserUnknown(): void {
  userKnown = false;
}

/** Binds every queued code; never throws. Codes queued while it runs are bound in the same run. */
export function flushReferrals(): Promise<void> {
  if (!flushing) {
    flushing = bindQueued().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

async function bindQueued(): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const next = queue().find((p) => !tried.has(p.code));
    if (!next) return reportVisits();
    tried.add(next.code);
    try {
      await api('referral.bind', next.scene ? { code: next.code, scene: next.scene } : { code: next.code });
      drop(next.code); // bound or refused with a reason: either way, answered
    } catch (e) {
      // Network or server trouble: keep it for the next launch or page. A request the server
      // calls invalid will never succeed: drop it.
      if (e instanceof CallError && (e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND')) drop(next.code);
    }
  }
}

/** Reports the queued opens (after the binds, so a new friend's first visit follows the binding); never throws. */
async function reportVisits(): Promise<void> {
  for (const v of visitQueue()) {
    try {
      await api('share.visit', v);
      dropVisit(v);
    } catch (e) {
      // Kept for the next page or launch, unless the server will never take it.
      if (e instanceof CallError && e.code === 'INVALID_ARGUMENT') dropVisit(v);
    }
  }
}

function dropVisit(v: Visit): void {
  wx.setStorageSync(
    VISITS_KEY,
    visitQueue().filter((x) => !(x.code === v.code && x.productId === v.productId)),
  );
}

function drop(code: string): void {
  wx.setStorageSync(
    KEY,
    queue().filter((p) => p.code !== code),
  );
}

/** Codes still waiting (for tests and the dev panel). */
export function pendingReferrals(): string[] {
  return queue().map((p) => p.code);
}
