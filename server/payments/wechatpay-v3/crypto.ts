import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

/**
 * WeChat Pay APIv3's three cryptographic steps on `node:crypto` alone (no SDK to vet, nothing to
 * install in the cloud): request signing (WECHATPAY2-SHA256-RSA2048 with the merchant's private
 * key), verification of answers and notifications with WeChat Pay's public key, and decryption of a
 * notification's `resource` (AEAD_AES_256_GCM with the APIv3 key). Names as WeChat Pay documents them
 * (签名认证 / 验签 / 回调报文解密). Keys are PEM strings handed in by the caller; nothing here logs.
 */

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** A signed answer or notification older (or newer) than this is refused as a replay. */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/** The string signed for a request: "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" (URL = path + query). */
export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The string signed for an answer or a notification: "TIMESTAMP\nNONCE\nBODY\n". */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64');
}

export function rsaVerify(publicKeyPem: string, message: string, signatureB64: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signatureB64, 'base64');
  } catch {
    return false; // a malformed signature or key is simply not a valid signature
  }
}

export interface MerchantKey {
  mchId: string;
  /** The merchant API certificate's serial number. */
  serialNo: string;
  privateKeyPem: string;
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The Authorization header for one request. `timestamp` in seconds; `nonce` fresh per request. */
export function authorization(
  key: MerchantKey,
  req: { method: string; url: string; body: string; timestamp: string; nonce: string },
): string {
  const signature = rsaSign(key.privateKeyPem, requestMessage(req.method, req.url, req.timestamp, req.nonce, req.body));
  return `${AUTH_SCHEMA} mchid="${key.mchId}",nonce_str="${req.nonce}",signature="${signature}",timestamp="${req.timestamp}",serial_no="${key.serialNo}"`;
}

/** An Authorization header's fields (the stand-in checks our requests with it). */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  return fields;
}

export type SignedHeaders = Record<string, string | string[] | undefined>;

function header(h: SignedHeaders, name: string): string {
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : h[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export interface WechatPayPublicKey {
  /** 微信支付公钥ID (`PUB_KEY_ID_…`), sent back as Wechatpay-Serial. */
  id: string;
  pem: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing-header' | 'unknown-serial' | 'stale' | 'bad-signature' };

/**
 * An answer's or a notification's signature: Wechatpay-Timestamp within 5 minutes of `nowS`
 * (a replay is refused), Wechatpay-Serial naming the key we hold, Wechatpay-Signature over
 * "TIMESTAMP\nNONCE\nBODY\n" with WeChat Pay's public key. `body` exactly as received.
 */
export function verifySigned(h: SignedHeaders, body: string, key: WechatPayPublicKey, nowS: number): VerifyResult {
  const timestamp = header(h, 'Wechatpay-Timestamp');
  const nonce = header(h, 'Wechatpay-Nonce');
  const signature = header(h, 'Wechatpay-Signature');
  const serial = header(h, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: 'missing-header' };
  if (serial !== key.id) return { ok: false, reason: 'unknown-serial' };
  const ts = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowS - ts) > MAX_CLOCK_SKEW_S) return { ok: false, reason: 'stale' };
  if (!rsaVerify(key.pem, responseMessage(timestamp, nonce, body), signature)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}

/** The headers WeChat Pay signs an answer or notification with (the stand-in's side). */
export function signedHeaders(privateKeyPem: string, keyId: string, body: string, timestamp: string, nonce: string): Record<string, string> {
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': keyId,
    'Wechatpay-Signature': rsaSign(privateKeyPem, responseMessage(timestamp, nonce, body)),
    'Wechatpay-Signature-Type': AUTH_SCHEMA,
  };
}

/** A notification's `resource` (回调报文 resource 对象). */
export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

const TAG_BYTES = 16;

/**
 * AEAD_AES_256_GCM with the 32-byte APIv3 key: `ciphertext` is base64 of the encrypted bytes followed
 * by the 16-byte tag; `nonce` (12 chars) and `associated_data` are UTF-8 strings. A wrong key, a
 * changed byte or a changed associated_data throws (the tag does not match).
 */
export function decryptResource(apiV3Key: string, r: EncryptedResource): string {
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${String(r.algorithm)}`);
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length <= TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(r.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** The inverse, for the stand-in and the tests. */
export function encryptResource(apiV3Key: string, plaintext: string, nonce: string, associatedData: string): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const enc = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: enc.toString('base64'), associated_data: associatedData, nonce, original_type: 'mch_payment' };
}
