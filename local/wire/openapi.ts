/**
 * `wx.openApi` on the wire. The SDK (wx-server-sdk index.js:2405-2500 `callWXOpenAPI`, src/api/openapi/namespace/
 * generic.ts) sends `apiName` = the path called (`wxacode.getUnlimited`, `subscribeMessage.send`) and
 * `requestData` = a CommApiData protobuf whose pairs carry each snake_case param as JSON; it decodes
 * the answer as CommOpenApiResp (index.js:527-570, `callGeneralOpenAPI`): a JSON `respData` with a non-zero `errcode` throws
 * `{ errCode: errcode, errMsg: 'openapi.<api>:fail <errmsg>' }`, other JSON is camel-cased, anything
 * else is returned as `{ contentType, buffer }` — each with `errCode: 0`. The shipping service
 * (`wxa.sec.order.uploadShippingInfo` / `getOrder`): a call the stand-in lost answers errcode -1, which
 * the backend treats as no answer (only errcode > 0 is WeChat's refusal).
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
    // The shipping service takes and answers WeChat's snake_case bodies as they are (server/platform/wx-cloud.ts).
    if (apiName === 'wxa.sec.order.uploadShippingInfo') {
      const res = await openapi.uploadShippingInfo(params as never);
      return encodeCommOpenApiResp(json({ errcode: res.errCode, errmsg: res.errCode ? res.errMsg : 'ok' }));
    }
    if (apiName === 'wxa.sec.order.getOrder') {
      const res = await openapi.getShippingOrder(params as never);
      if (res.errCode || !res.order) return encodeCommOpenApiResp(json({ errcode: res.errCode || 10060001, errmsg: res.errMsg }));
      const o = res.order;
      return encodeCommOpenApiResp(
        json({
          errcode: 0,
          errmsg: 'ok',
          order: {
            transaction_id: o.transactionId,
            merchant_trade_no: o.merchantTradeNo,
            openid: o.openid,
            order_state: o.orderState,
            ...(o.shipping
              ? {
                  shipping: {
                    logistics_type: o.shipping.logisticsType,
                    shipping_list: o.shipping.shippingList.map((x) => ({ tracking_no: x.trackingNo, express_company: x.expressCompany })),
                  },
                }
              : {}),
          },
        }),
      );
    }
    return encodeCommOpenApiResp(json({ errcode: 48001, errmsg: `api unauthorized: ${apiName} is not served here` }));
  } catch (e) {
    const err = e as { errCode?: unknown; message?: string };
    const errcode = typeof err.errCode === 'number' && err.errCode !== 0 ? err.errCode : -1;
    return encodeCommOpenApiResp(json({ errcode, errmsg: err.message ?? String(e) }));
  }
}
