import type { PayoutSecretsSet } from '../../../typings/admin';
import type { Cloud } from '../../platform/cloud';
import type { MerchantKey, WechatPayPublicKey } from './crypto';

/**
 * The merchant's WeChat Pay APIv3 secrets, from the function's environment only (never the
 * database the admin pages read, never logged). PEM values may be given with `\n` escapes, as
 * the console's one-line environment fields need.
 */
export const ENV = {
  privateKey: 'WECHATPAY_MCH_PRIVATE_KEY',
  serialNo: 'WECHATPAY_MCH_SERIAL_NO',
  apiV3Key: 'WECHATPAY_APIV3_KEY',
  publicKey: 'WECHATPAY_PUBLIC_KEY',
  publicKeyId: 'WECHATPAY_PUBLIC_KEY_ID',
  baseUrl: 'WECHATPAY_BASE_URL',
  notifyUrl: 'WECHATPAY_TRANSFER_NOTIFY_URL',
} as const;

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

export interface WechatPayConfig {
  merchant: MerchantKey;
  apiV3Key: string;
  platform: WechatPayPublicKey;
  baseUrl: string;
  notifyUrl: string | undefined;
}

const pem = (v: string | undefined) => v?.replace(/\\n/g, '\n');

export function secretsSet(cloud: Cloud): PayoutSecretsSet {
  const has = (n: string) => Boolean(cloud.env(n)?.trim());
  return {
    privateKey: has(ENV.privateKey),
    serialNo: has(ENV.serialNo),
    apiV3Key: has(ENV.apiV3Key),
    publicKey: has(ENV.publicKey),
    publicKeyId: has(ENV.publicKeyId),
  };
}

/** The config for merchant `mchId`, or null when a secret is missing (the caller says so in Chinese). */
export function wechatPayConfig(cloud: Cloud, mchId: string): WechatPayConfig | null {
  const privateKeyPem = pem(cloud.env(ENV.privateKey));
  const serialNo = cloud.env(ENV.serialNo);
  const apiV3Key = cloud.env(ENV.apiV3Key);
  const publicKey = pem(cloud.env(ENV.publicKey));
  const publicKeyId = cloud.env(ENV.publicKeyId);
  if (!privateKeyPem || !serialNo || !apiV3Key || !publicKey || !publicKeyId || !mchId) return null;
  return {
    merchant: { mchId, serialNo, privateKeyPem },
    apiV3Key,
    platform: { id: publicKeyId, pem: publicKey },
    baseUrl: (cloud.env(ENV.baseUrl) || DEFAULT_BASE_URL).replace(/\/+$/, ''),
    notifyUrl: cloud.env(ENV.notifyUrl) || undefined,
  };
}
