import { LocalCloud } from '../../local/runtime';
import { reserveInviteCodeInTx } from '../../server/repo/invite-codes';
import { generateInviteCode, INVITE_ALPHABET, normalizeInviteCode } from '../../miniprogram/shared/invite-code';
import { decodeScene, encodeScene, HOME_PAGE, PRODUCT_PAGE, SCENE_MAX } from '../../miniprogram/shared/scene';
import { startLocal } from '../support/local';

describe('invite codes', () => {
  it('use an alphabet without 0/O/1/I/L', () => {
    for (const ch of '0O1IL') expect(INVITE_ALPHABET).not.toContain(ch);
    expect(new Set(INVITE_ALPHABET).size).toBe(INVITE_ALPHABET.length);
    expect(INVITE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
  });

  it('are 6 symbols picked by the injected randomness', () => {
    const picks = [0, 1, 2, 3, 4, INVITE_ALPHABET.length - 1];
    let i = 0;
    expect(generateInviteCode(() => picks[i++])).toBe('23456Z');
    expect(() => generateInviteCode(() => INVITE_ALPHABET.length)).toThrow(RangeError);
  });

  it('normalise what people type (case, spaces) and refuse what cannot be one', () => {
    expect(normalizeInviteCode(' abc234 ')).toBe('ABC234');
    expect(normalizeInviteCode('ABC23O')).toBeNull();
    expect(normalizeInviteCode('ABC2345')).toBeNull();
  });

  it('are unique across 300 distributors issued through distributor.apply', async () => {
    const t = startLocal();
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 300; i++) {
        const { inviteCode } = await t.api(`user${i}`, 'distributor.apply', {});
        expect(inviteCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
        codes.add(inviteCode);
      }
      expect(codes.size).toBe(300);
    } finally {
      t.close();
    }
  });

  it('retry on collision: a taken code is skipped, never shared', async () => {
    const local = new LocalCloud();
    try {
      const zeros = () => 0; // always '222222'
      const first = await local.db.runTransaction((tx) => reserveInviteCodeInTx(tx, 'a', 1, zeros));
      expect(first).toBe('222222');
      let calls = 0;
      // The first 6 draws rebuild '222222' (taken); the next draws make '333333'.
      const collideOnce = () => (calls++ < 6 ? 0 : 1);
      const second = await local.db.runTransaction((tx) => reserveInviteCodeInTx(tx, 'b', 1, collideOnce));
      expect(second).toBe('333333');
      const { data } = await local.db.collection('invite_codes').orderBy('_id', 'asc').get();
      expect(data.map((d) => [d._id, d.openid])).toEqual([
        ['222222', 'a'],
        ['333333', 'b'],
      ]);
      await expect(local.db.runTransaction((tx) => reserveInviteCodeInTx(tx, 'c', 1, zeros))).rejects.toThrow();
    } finally {
      local.close();
    }
  });
});

describe('poster scene format', () => {
  it('carries the code, and the product when it fits in 32 characters', () => {
    expect(encodeScene('ABC234')).toEqual({ scene: 'c=ABC234', page: HOME_PAGE });
    expect(encodeScene('ABC234', 'p_123')).toEqual({ scene: 'c=ABC234&p=p_123', page: PRODUCT_PAGE });
    const long = 'x'.repeat(32);
    expect(encodeScene('ABC234', long)).toEqual({ scene: 'c=ABC234', page: HOME_PAGE });
    const fits = 'y'.repeat(SCENE_MAX - 'c=ABC234&p='.length);
    expect(encodeScene('ABC234', fits).scene).toHaveLength(SCENE_MAX);
  });

  it('decodes raw, URL-encoded and bare-code scenes', () => {
    expect(decodeScene('c=ABC234&p=p_1')).toEqual({ code: 'ABC234', productId: 'p_1' });
    expect(decodeScene(encodeURIComponent('c=ABC234&p=p_1'))).toEqual({ code: 'ABC234', productId: 'p_1' });
    expect(decodeScene('abc234')).toEqual({ code: 'ABC234', productId: null });
    expect(decodeScene('p=p_1')).toEqual({ code: null, productId: 'p_1' });
    expect(decodeScene('%E0%A4%A')).toEqual({ code: null, productId: null });
    for (const [code, product] of [['ZZZ999', undefined], ['HJK234', 'prod-9']] as const) {
      const { scene } = encodeScene(code, product);
      expect(decodeScene(scene)).toEqual({ code, productId: product ?? null });
    }
  });
});
