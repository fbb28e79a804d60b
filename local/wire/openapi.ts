/**
 * `wx.openApi` on the wire. The SDK (wx-server-sdk index.js:2405-2500 `callWXOpenAPI`, src/api/openapi/namespace/
 * generic.ts) sends `apiName` = the path called (`wxacode.getUnlimited`, `subscribeMessage.send`) and
 * `requestData` = a CommApiData protobuf whose pairs carry each snake_case param as JSON; it decodes
 * the answer as CommOpenApiResp (index.js:527-570, `callGeneralOpenAPI`): a JSON `respData` with a non-zero `errcode` throws
 * `{ errCode: errcode, errMsg: 'openapi.<api>:fail <errmsg>' }`, other JSON is camel-cased, anything
 * else is returned as `{ contentType, buffer }` — each with `errCode: 0`.
 */
import type { OpenApi } from '../../server/platform/cloud';
import { convertKeys, snakeToCamel } from './case';
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf';

const json = (v: unknown) => ({ respData: Buffer.from(JSON.stringify(v)), contentType: 'application/json; charset=UTF-8' });

export async function callOpenApi(openapi: OpenApi, apiName: string, requestData: Buffer): Promise<Buffer> {
  const msg = decodeCommApiData(requestData);
  const params: Record<string, unknown> = {};
  for (const { key, value } of msg.pairs) params[key] = JSON.parse(value.toString('utf8'));
  const camel = convertKeys(params, snakeToCamel) as never;
  try {
    if (apiName === 'wxacode.getUnlimited') {
      const { contentType, buffer } = await openapi.getUnlimitedWxacode(camel);
      return encodeCommOpenApiResp({ respData: buffer, contentType });
    }
    if (apiName === 'subscribeMessage.send') {
      const res = await openapi.sendSubscribeMessage(camel);
      return encodeCommOpenApiResp(json({ errcode: res.errCode, errmsg: res.errCode ? res.errMsg : 'ok' }));
    }
    return encodeCommOpenApiResp(json({ errcode: 48001, errmsg: `api unauthorized: ${apiName} is not served here` }));
  } catch (e) {
    const err = e as { errCode?: unknown; message?: string };
    const errcode = typeof err.errCode === 'number' && err.errCode !== 0 ? err.errCode : -1;
    return encodeCommOpenApiResp(json({ errcode, errmsg: err.message ?? String(e) }));
  }
}
