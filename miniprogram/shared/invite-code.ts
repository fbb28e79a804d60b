/**
 * Invite codes: short, unique, and easy to read aloud or type from a poster. The alphabet leaves
 * out 0/O, 1/I/L so no code can be misread. Pure: randomness is passed in (tests inject their own),
 * and this module is shared with the mini program.
 */

/** 2-9 and A-Z without I, L, O: 31 symbols, 31^6 ≈ 8.9 × 10^8 codes. */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_CODE_LENGTH = 6;

const CODE_RE = new RegExp(`^[${INVITE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/** `randomInt(n)` must return an integer in [0, n). */
export type RandomInt = (n: number) => number;

export function generateInviteCode(randomInt: RandomInt): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) {
    const k = randomInt(INVITE_ALPHABET.length);
    if (!Number.isInteger(k) || k < 0 || k >= INVITE_ALPHABET.length) throw new RangeError(`randomInt gave ${k}`);
    code += INVITE_ALPHABET[k];
  }
  return code;
}

/**
 * What a person typed, as a code: trimmed, ASCII letters upper-cased, then matched exactly on the
 * alphabet; null when it cannot be one. Only a-z are folded: Unicode upper-casing would turn `ſ`
 * into `S` and `ﬀ` into `FF`, so look-alike text would bind.
 */
export function normalizeInviteCode(input: string): string | null {
  const code = input.trim().replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
  return CODE_RE.test(code) ? code : null;
}

export function isInviteCode(s: string): boolean {
  return CODE_RE.test(s);
}
