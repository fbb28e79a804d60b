/**
 * Who is using the mini program: `user.login` once per launch (and again after the dev identity
 * changes), shared by every page. Login never blocks shopping: pages that don't need the user
 * don't wait for it, and a pending referral is bound as soon as it resolves.
 */
import type { UserView } from '../../typings/api';
import { api, setDevOpenid } from './call';
import { onUserKnown, onUserUnknown } from './referral';

export interface Session {
  user: UserView;
  isAdmin: boolean;
  share: { titleTemplate: string };
}

let current: Promise<Session> | null = null;
let known: Session | null = null;

export function login(): Promise<Session> {
  if (!current) {
    current = api('user.login', {}).then(
      (s) => {
        known = s;
        void onUserKnown();
        return s;
      },
      (e) => {
        current = null; // the next page tries again
        throw e;
      },
    );
  }
  return current;
}

/** The session if login already finished (no waiting). */
export function session(): Session | null {
  return known;
}

/** Forgets the session (the next `login()` asks the server again). */
export function logout(): void {
  current = null;
  known = null;
  onUserUnknown();
}

/** Logs in again (after a profile change, joining, or switching the dev identity). */
export function relogin(): Promise<Session> {
  logout();
  return login();
}

export function switchIdentity(openid: string): Promise<Session> {
  setDevOpenid(openid);
  return relogin();
}
