import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  authorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  requestMessage,
  rsaVerify,
  signedHeaders,
  verifySigned,
} from '../../server/payments/wechatpay-v3/crypto';

/** Test keys made for these tests only (openssl genpkey, RSA 2048); never a real merchant's. */
const pem = (name: string) => readFileSync(join(__dirname, '../fixtures/wechatpay', name), 'utf8');
const merchantKey = pem('merchant.key.pem');
const merchantPub = pem('merchant.pub.pem');
const platformKey = pem('platform.key.pem');
const platformPub = pem('platform.pub.pem');
const platform = { id: 'PUB_KEY_ID_0114232134912410000000000000', pem: platformPub };

// Vectors computed outside this code: `openssl dgst -sha256 -sign` for the signatures and Python's
// `cryptography` AESGCM for the ciphertext, so the module is checked against other implementations.
const REQUEST_SIGNATURE =
  'PCbysTuDs1QP1UsGJWEqwTEmtBR7N9NznXEhyijdPcqn3amPBCXYWNQFAo32ZHThFzQZUNcximZZpFeZ9CCULHTX2xbr2j/uL2RsMWW5dPBeTr9Iuvve2WSqzD+equzsvQxpilzDveBqOczffKhWAw+Yvh5a+M/azAD+5PHUR+p1XZXIuGy9U6HSmYWx4Hx62muOr4wj362NbDwLcS0/Haz0++t7z4rTxU0ryS9DqnddZWNX4Wck4KQ/G32ZXJ+RYBUh9IVLCINNzGA8sn5fcfapnKqviGzHROuztuKkT+5EgLNPq0XVHr6987E0AakbZHoTHEC8Ib1yRR0F9f8KXw==';
const ANSWER_SIGNATURE =
  'Met7/xYIhzShdIgxzaXXOILa/j2Tt9nWzEuUu6ktYLGWvQ9qVASxUFd5AYqV2a22/cFTS2HKN83EMO1OORQwezahHPJbplekOqIhCI6NtxbDr3W5xJGk0aRMi8R3lRnDnRqlRNgj1zr8fU7wbfkw8hAsgxgh3uSZR8GthgyzY3+9yfOpOL2BEX/GEd7smpsZKPSj2gaxZ6sJho60sWcT88OeMoSJXOPxBShmfQuZRs0SYa0YXy+wEav6cWaGkSQ3UUixAHbN1bQLcoRiRNDjJ+Hih2210rMhLyoG15YRE5bdRAlHIHpByubmFcHkfxV9x2wUI0vdEK2T6dQjaUnu1Q==';
const APIV3_KEY = '0123456789abcdef0123456789abcdef';
const CIPHERTEXT = 'HxayICOjZWVjT6WWgcTUJvYA5JZYd0tLRgPbZjEZS7RIhqJGW/Gt9/dfOpiblOAVsUWSzYoY';

describe('WeChat Pay APIv3 signing, verification and decryption', () => {
  test('the request signature over METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n matches the fixed vector, in a complete Authorization header', () => {
    const body = '{"appid":"wx8888888888888888"}';
    const h = authorization(
      { mchId: '1900000109', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKeyPem: merchantKey },
      { method: 'post', url: '/v3/fund-app/mch-transfer/transfer-bills', body, timestamp: '1764669600', nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' },
    );
    expect(h).toBe(
      `WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="5K8264ILTKCH16CQ2502SI8ZNMTM67VS",signature="${REQUEST_SIGNATURE}",timestamp="1764669600",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"`,
    );
    const f = parseAuthorization(h)!;
    expect(f.mchid).toBe('1900000109');
    expect(rsaVerify(merchantPub, requestMessage('POST', '/v3/fund-app/mch-transfer/transfer-bills', f.timestamp, f.nonce_str, body), f.signature)).toBe(true);
    expect(parseAuthorization('Bearer x')).toBeNull();
  });

  const body = '{"state":"SUCCESS"}';
  const good = {
    'Wechatpay-Timestamp': '1764669600',
    'Wechatpay-Nonce': 'a1b2c3',
    'Wechatpay-Serial': platform.id,
    'Wechatpay-Signature': ANSWER_SIGNATURE,
  };

  test('an answer signed by WeChat Pay verifies (fixed vector, header names in any case); our own signing gives the same bytes', () => {
    expect(verifySigned(good, body, platform, 1764669600 + 299)).toEqual({ ok: true });
    const lower = Object.fromEntries(Object.entries(good).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifySigned(lower, body, platform, 1764669600)).toEqual({ ok: true });
    expect(signedHeaders(platformKey, platform.id, body, '1764669600', 'a1b2c3')['Wechatpay-Signature']).toBe(ANSWER_SIGNATURE);
  });

  test('forged, altered, replayed or foreign messages are refused', () => {
    const now = 1764669600;
    // a changed body
    expect(verifySigned(good, '{"state":"FAIL"}', platform, now)).toEqual({ ok: false, reason: 'bad-signature' });
    // signed with the merchant's key instead of WeChat Pay's (a forger holding some other key)
    const forged = signedHeaders(merchantKey, platform.id, body, '1764669600', 'a1b2c3');
    expect(verifySigned(forged, body, platform, now)).toEqual({ ok: false, reason: 'bad-signature' });
    // garbage signature
    expect(verifySigned({ ...good, 'Wechatpay-Signature': 'bm90IGEgc2lnbmF0dXJl' }, body, platform, now)).toEqual({ ok: false, reason: 'bad-signature' });
    // replayed more than 5 minutes later, or from the future
    expect(verifySigned(good, body, platform, now + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySigned(good, body, platform, now - 301)).toEqual({ ok: false, reason: 'stale' });
    // a key we do not hold
    expect(verifySigned({ ...good, 'Wechatpay-Serial': 'PUB_KEY_ID_OTHER' }, body, platform, now)).toEqual({ ok: false, reason: 'unknown-serial' });
    // headers missing
    const { ['Wechatpay-Nonce']: _n, ...noNonce } = good;
    expect(verifySigned(noNonce, body, platform, now)).toEqual({ ok: false, reason: 'missing-header' });
  });

  test('AEAD_AES_256_GCM: the fixed ciphertext decrypts; a wrong key, changed associated_data or changed byte throws', () => {
    const r = { algorithm: 'AEAD_AES_256_GCM' as const, ciphertext: CIPHERTEXT, nonce: 'fedcba987654', associated_data: 'mch_payment' };
    expect(decryptResource(APIV3_KEY, r)).toBe('{"out_bill_no":"W1","state":"SUCCESS"}');
    expect(encryptResource(APIV3_KEY, '{"out_bill_no":"W1","state":"SUCCESS"}', 'fedcba987654', 'mch_payment').ciphertext).toBe(CIPHERTEXT);
    expect(() => decryptResource('fedcba9876543210fedcba9876543210', r)).toThrow();
    expect(() => decryptResource(APIV3_KEY, { ...r, associated_data: 'transfer' })).toThrow();
    const bytes = Buffer.from(CIPHERTEXT, 'base64');
    bytes[0] ^= 1;
    expect(() => decryptResource(APIV3_KEY, { ...r, ciphertext: bytes.toString('base64') })).toThrow();
    expect(() => decryptResource('short', r)).toThrow('32 bytes');
  });
});
