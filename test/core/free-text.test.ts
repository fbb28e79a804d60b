import { z } from 'zod';
import { normalizeInviteCode } from '../../miniprogram/shared/invite-code';
import { decodeScene } from '../../miniprogram/shared/scene';
import { text } from '../../server/core/validate';
import { C, type DistributorDoc, type UserDoc } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';

/**
 * Free text people type (nicknames, names, notes) is shown to others: it must read as what it is.
 * Refused: lone surrogates, bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), text made
 * only of invisible characters, and line breaks where one line is expected. Kept: NFC-normalised.
 */
const oneLine = text(32);
const multiLine = text(200, { multiline: true });
const ok = (schema: z.ZodType, s: string) => schema.safeParse(s).success;

describe('text(): what free text may hold', () => {
  it.each([
    ['a lone high surrogate', 'ab\uD83Dcd'],
    ['a lone low surrogate', '\uDE00ab'],
    ['LRE U+202A', 'ab\u202Acd'],
    ['RLO U+202E (reverses what follows)', '\u202Egnp.exe'],
    ['PDF U+202C', 'x\u202C'],
    ['LRI U+2066', '\u2066x'],
    ['PDI U+2069', 'x\u2069'],
    ['only zero-width spaces', '\u200B\u200B'],
    ['only a word joiner and a BOM', '\u2060\uFEFF'],
    ['only format characters and spaces', ' \u200C \u200D '],
    ['only a Hangul filler', '\u3164'],
    ['a line feed in a one-line field', 'ab\ncd'],
    ['a carriage return in a one-line field', 'ab\rcd'],
    ['a line separator U+2028', 'ab\u2028cd'],
    ['a paragraph separator U+2029', 'ab\u2029cd'],
    ['a next-line U+0085', 'ab\u0085cd'],
  ])('refuses %s', (_name, s) => {
    expect(ok(oneLine, s)).toBe(false);
  });

  it.each([
    ['plain Chinese', '小美的茶铺'],
    ['an emoji (a valid surrogate pair)', '小美😀'],
    ['a family emoji (joined with ZWJ)', '👨\u200D👩\u200D👧'],
    ['Arabic (right-to-left by itself, no override)', 'مرحبا'],
    ['empty (optional fields)', ''],
  ])('keeps %s', (_name, s) => {
    expect(ok(oneLine, s)).toBe(true);
  });

  it('allows line breaks only where several lines are expected', () => {
    expect(ok(multiLine, '第一行\n第二行\r\n第三行')).toBe(true);
    expect(ok(multiLine, '第一行\u202E')).toBe(false);
  });

  it('normalises to NFC (a decomposed é is stored composed)', () => {
    expect(oneLine.parse('Cafe\u0301')).toBe('Caf\u00E9');
    expect(oneLine.parse('Cafe\u0301').length).toBe(4);
  });
});

describe('free text through the actions', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  it('a nickname with a bidi override, a line break, or only invisible characters is refused; nothing saved', async () => {
    await t.api('u1', 'user.updateProfile', { nickname: '小美' });
    for (const nickname of ['\u202E美小', '小\n美', '\u200B\u200B', 'ab\uD800']) {
      expect(await t.apiRaw('u1', 'user.updateProfile', { nickname })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    }
    const { data } = await t.db.collection<UserDoc>(C.users).where({ _id: 'u1' }).get();
    expect(data[0].nickname).toBe('小美');
  });

  it('a nickname is stored NFC-normalised', async () => {
    const res = await t.api('u1', 'user.updateProfile', { nickname: 'Jose\u0301' });
    expect(res.user.nickname).toBe('Jos\u00E9');
  });

  it('an applicant’s real name gets the same rules', async () => {
    expect(await t.apiRaw('u1', 'distributor.apply', { realName: '张\u2066三' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.apiRaw('u1', 'distributor.apply', { realName: '张\n三' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    const { data } = await t.db.collection<DistributorDoc>(C.distributors).where({ _id: 'u1' }).get();
    expect(data).toEqual([]);
  });
});

describe('invite codes: ASCII-only upper-casing, then the exact alphabet', () => {
  it('folds ASCII lower case only', () => {
    expect(normalizeInviteCode('abc234')).toBe('ABC234');
    // ſ (long s) upper-cases to S in Unicode; ﬀ to FF; neither is a code character.
    expect(normalizeInviteCode('ſbc234')).toBeNull();
    expect(normalizeInviteCode('ﬀ2345')).toBeNull();
    expect(normalizeInviteCode('ＡBC234')).toBeNull(); // full-width A
    expect(decodeScene('c=ſbc234').code).toBeNull();
  });

  it('a code spelled with ſ does not bind', async () => {
    const t = startLocal();
    try {
      await t.api('A', 'distributor.apply', {});
      // A's code is SSS234 (a second code document for A, as if issued so):
      await t.db.collection(C.inviteCodes).add({ data: { _id: 'SSS234', openid: 'A', createdAt: 0 } });
      expect((await t.api('G', 'referral.bind', { code: 'sss234' })).bound).toBe(true);
      const probe = 'ſſſ234';
      expect(await t.api('F', 'referral.bind', { code: probe })).toEqual({ bound: false, reason: 'UNKNOWN_CODE' });
      const { data } = await t.db.collection<UserDoc>(C.users).where({ _id: 'F' }).get();
      expect(data[0].referrerOpenid).toBeNull();
    } finally {
      t.close();
    }
  });
});
