import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../local/pool/pool';
import { startWired } from '../support/wired';
import { COLLECTIONS } from '../../server/db/collections';

/**
 * What the real, unmodified wx-server-sdk hands its caller when the local cloud answers its wire
 * requests: the shapes the backend has to live with in WeChat's cloud. A probe function (run like
 * the bundles, in a function instance) makes one SDK call per invocation and returns what it got or
 * threw.
 */
const PROBE = `
const sdk = require('wx-server-sdk');
sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
const caught = (e) => ({ threw: true, errCode: e.errCode, errMsg: e.errMsg, code: e.code, message: e.message });
exports.main = async (event) => {
  const db = sdk.database(event.throwOnNotFound === undefined ? {} : { throwOnNotFound: event.throwOnNotFound });
  const _ = db.command;
  const calls = {
    docGet: () => db.collection('probe').doc(event.id).get(),
    add: () => db.collection('probe').add({ data: event.data }),
    addDated: () => db.collection('probe').add({ data: { _id: event.id, at: new Date(event.ms), n: 1, tags: ['a'] } }),
    query: () => db.collection('probe').where({ n: _.gte(1), at: _.lt(new Date(event.ms + 1)) }).orderBy('at', 'desc').limit(5).get(),
    update: () => db.collection('probe').doc(event.id).update({ data: { n: _.inc(2), tags: _.push(['b']), 'sub.x': 1 } }),
    count: () => db.collection('probe').where({ n: 3 }).count(),
    undeclared: () => db.collection('nowhere').doc('x').get(),
    txMissing: () => db.runTransaction(async (tx) => (await tx.collection('probe').doc(event.id).get()).data),
    pay: () => sdk.cloudPay[event.api](event.params),
    send: () => sdk.openapi.subscribeMessage.send({ touser: 'u1', templateId: 'T', data: { thing1: { value: '到账' } } }),
    tempUrl: () => sdk.getTempFileURL({ fileList: [event.fileID] }),
  };
  try {
    const res = await calls[event.call]();
    return JSON.parse(JSON.stringify(res, function (k, v) { return this[k] instanceof Date ? { date: this[k].getTime() } : v; }));
  } catch (e) {
    return caught(e);
  }
};
`;

describe('wx-server-sdk on the local wire', () => {
  const dir = join(projectRoot(), '.build', 'variants', 'sdk-probe');
  let t: Awaited<ReturnType<typeof startWired>>;
  const probe = (event: object) => t.local.invoke('api', event, { openid: 'u1' }) as Promise<any>;

  beforeAll(async () => {
    mkdirSync(join(dir, 'api'), { recursive: true });
    writeFileSync(join(dir, 'api', 'index.js'), PROBE);
    // `probe` exists as if the deploy had created it; every other undeclared name does not.
    t = await startWired({ functionsDir: dir, collections: [...COLLECTIONS, 'probe'] });
  });
  afterAll(() => {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('documents round-trip as EJSON: Dates stay Dates, operators apply, counts count', async () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(await probe({ call: 'addDated', id: 'd1', ms })).toMatchObject({ _id: 'd1', errMsg: 'collection.add:ok' });
    expect(await probe({ call: 'update', id: 'd1' })).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect(await probe({ call: 'query', ms })).toEqual({
      data: [{ _id: 'd1', at: { date: ms }, n: 3, tags: ['a', 'b'], sub: { x: 1 } }],
      errMsg: 'collection.get:ok',
    });
    expect(await probe({ call: 'count' })).toEqual({ total: 1, errMsg: 'collection.count:ok' });
  });

  test('a missing document: the SDK throws by default, answers null with throwOnNotFound: false, in a transaction too', async () => {
    expect(await probe({ call: 'docGet', id: 'nope' })).toMatchObject({
      threw: true,
      errCode: -1,
      errMsg: 'document.get:fail document with _id nope does not exist',
    });
    expect(await probe({ call: 'docGet', id: 'nope', throwOnNotFound: false })).toEqual({ data: null, errMsg: 'document.get:ok' });
    expect(await probe({ call: 'txMissing', id: 'nope' })).toMatchObject({ threw: true, errMsg: expect.stringMatching(/does not exist/) });
    expect(await probe({ call: 'txMissing', id: 'nope', throwOnNotFound: false })).toBeNull();
  });

  test('a duplicate _id: errCode -502001 with MongoDB E11000 text, and no code to branch on', async () => {
    await probe({ call: 'add', data: { _id: 'dup', v: 1 } });
    const res = await probe({ call: 'add', data: { _id: 'dup', v: 2 } });
    expect(res).toMatchObject({ threw: true, errCode: -502001, errMsg: expect.stringMatching(/^collection\.add:fail -502001 .*E11000 duplicate key/) });
    expect(res.code).toBeUndefined();
  });

  test('an undeclared collection fails as in the cloud (-502005), so a missing deploy step shows at once', async () => {
    expect(await probe({ call: 'undeclared' })).toMatchObject({ threw: true, errMsg: expect.stringMatching(/-502005/) });
  });

  test("cloudPay: WeChat Pay's err_code is overwritten by errCode 0; only the Chinese errCodeDes is left", async () => {
    const outTradeNo = 'PROBE0000000001';
    const order = await probe({
      call: 'pay',
      api: 'unifiedOrder',
      params: { body: 'x', outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: '1900000109', totalFee: 100, envId: 'local-dev', functionName: 'payCallback' },
    });
    expect(order).toMatchObject({ errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok', returnCode: 'SUCCESS', resultCode: 'SUCCESS', payment: { package: expect.stringMatching(/^prepay_id=/) } });
    t.local.pay.markPaid(outTradeNo);
    const closed = await probe({ call: 'pay', api: 'closeOrder', params: { outTradeNo, subMchId: '1900000109' } });
    expect(closed).toMatchObject({ errCode: 0, errMsg: 'cloudPay.closeOrder:ok', returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '订单已支付，不能关闭' });
    expect(JSON.stringify(closed)).not.toMatch(/ORDERPAID/);
    expect(await probe({ call: 'pay', api: 'queryOrder', params: { outTradeNo, subMchId: '1900000109' } })).toMatchObject({
      errCode: 0,
      tradeState: 'SUCCESS',
      totalFee: 100,
      transactionId: expect.any(String),
    });
  });

  test('openapi (protobuf both ways) and storage download URLs', async () => {
    expect(await probe({ call: 'send' })).toEqual({ errMsg: 'openapi.subscribeMessage.send:ok', errCode: 0 });
    expect(t.local.outbox.entries.at(-1)?.payload).toEqual({ touser: 'u1', templateId: 'T', data: { thing1: { value: '到账' } } });
    t.local.outbox.failNext();
    expect(await probe({ call: 'send' })).toMatchObject({ threw: true, errCode: -1, errMsg: expect.stringMatching(/^openapi\.subscribeMessage\.send:fail/) });
    expect(await probe({ call: 'tempUrl', fileID: 'cloud://local-dev.local/none.png' })).toMatchObject({
      fileList: [{ fileID: 'cloud://local-dev.local/none.png', status: -503003, tempFileURL: '' }],
    });
  });
});
