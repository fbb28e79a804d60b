import type { ApiResult } from '../../typings/api';
import { adminActions } from '../../server/entries/admin-actions';
import { C, type AuditDoc, type CommissionDoc } from '../../server/repo/docs';
import { ADMIN } from '../support/local';
import { DAY_MS } from '../support/shop';
import { rawTables } from '../support/snapshot';
import { validParams } from './generate';
import { all } from './invariants';
import { seededShop, type World } from './world';
import { ADDRESS, SHIP } from '../support/delivery';

const CHINESE = /[\u4e00-\u9fff]/;

let w: World;
beforeAll(async () => {
  w = await seededShop();
});
afterAll(() => w.close());

/** Runs `fn` and asserts that no table changed (all of them: the app's and WeChat Pay's), except `exclude`. */
async function unchanged<T>(fn: () => Promise<T>, exclude: string[] = []): Promise<T> {
  await w.local.pay.idle();
  const before = rawTables(w.local, exclude);
  const out = await fn();
  await w.local.pay.idle();
  expect(rawTables(w.local, exclude)).toEqual(before);
  return out;
}

describe('the system functions refuse a mini program', () => {
  test('payCallback called by a client with a real, WeChat-confirmed notification: refused, nothing changed', async () => {
    const { outTradeNo } = await w.api('carol', 'order.create', { items: [{ productId: w.ids.product, quantity: 1 }], address: ADDRESS });
    const { event } = w.local.pay.markPaid(outTradeNo); // WeChat's side really is paid
    const refundShaped = { returnCode: 'SUCCESS', refundStatus: 'SUCCESS', outTradeNo: w.ids.paid, outRefundNo: `${w.ids.paid}-R9`, totalFee: 10_000, refundFee: 10_000 };
    for (const [ctx, ev] of [
      [{ openid: 'carol', source: 'wx_client' }, event],
      [{ source: 'wx_client' }, event],
      [{ openid: 'carol', source: 'wx_client' }, refundShaped],
      [{ openid: 'carol', source: 'wx_http' }, event],
    ] as const) {
      const res = await unchanged(() => w.local.invoke('payCallback', { ...ev }, ctx));
      expect(res).toEqual({ errcode: 1, errmsg: expect.stringMatching(/FORBIDDEN/) });
    }
    // The real notification still pays it afterwards: the refusal was about the caller only.
    expect(await w.local.invoke('payCallback', { ...event }, { source: 'wx_paycallback' })).toEqual({ errcode: 0, errmsg: 'paid' });
  });

  test('settle called by a client while work is due: refused, nothing changed', async () => {
    await w.buyReceived(1);
    w.local.clock.advance(8 * DAY_MS); // unfreeze, close and auto-confirm are all due now
    for (const ctx of [{ openid: 'carol', source: 'wx_client' }, { source: 'wx_client' }, { openid: 'carol', source: 'wx_trigger' }]) {
      const res = await unchanged(() => w.local.invoke('settle', {}, ctx));
      expect(res).toEqual({ ok: false, code: 'FORBIDDEN', message: expect.stringMatching(CHINESE) });
    }
  });
});

describe('non-admins calling every admin action', () => {
  const names = Object.keys(adminActions);
  test.each(names)('%s: FORBIDDEN for a distributor, a buyer and a stranger; nothing changed but the audit line', async (name) => {
    const real = { orderId: w.ids.paid, productId: w.ids.product, id: w.ids.product, openid: 'dave', referrerOpenid: 'alice', withdrawalId: w.ids.withdrawal, actor: ADMIN };
    const params = validParams(adminActions[name].schema as Parameters<typeof validParams>[0], real);
    expect(params).not.toBeNull();
    for (const caller of ['bob', 'carol', 'stranger']) {
      const auditBefore = all<AuditDoc>(w.local, C.audit).length;
      for (const extra of [{}, { userInfo: { openId: ADMIN } }]) {
        // The refusal is recorded in `audit` (who tried what); every other table stays as it was.
        const res = (await unchanged(() => w.local.call(caller, 'admin', { action: name, ...params, ...extra }), [C.audit])) as ApiResult<unknown>;
        expect({ caller, res }).toEqual({ caller, res: { ok: false, code: 'FORBIDDEN', message: expect.stringMatching(CHINESE) } });
      }
      const entries = all<AuditDoc>(w.local, C.audit).sort((a, b) => a.createdAt - b.createdAt).slice(auditBefore);
      expect(entries.map((e) => [e.actor, e.action, e.ok, e.code])).toEqual([
        [caller, name, false, 'FORBIDDEN'],
        [caller, name, false, 'FORBIDDEN'],
      ]);
    }
  });
});

describe("one user never reaches another's records", () => {
  test("order.get / confirmReceipt / pay on another's order: NOT_FOUND, no data, nothing changed", async () => {
    await w.admin('order.ship', { orderId: w.ids.paid, ...SHIP });
    for (const [caller, orderId] of [
      ['bob', w.ids.paid],
      ['carol', w.ids.bobOrder],
      ['dave', w.ids.pending],
      ['stranger', w.ids.received],
    ]) {
      for (const action of ['order.get', 'order.confirmReceipt', 'order.pay']) {
        const res = await unchanged(() => w.apiRaw(caller, action, { orderId }), [C.users]);
        expect({ caller, action, res }).toEqual({ caller, action, res: { ok: false, code: 'NOT_FOUND', message: expect.stringMatching(CHINESE) } });
      }
    }
    // The owner does see it.
    expect(await w.api('carol', 'order.get', { orderId: w.ids.paid })).toMatchObject({ status: 'shipped' });
  });

  test('order.list, withdrawal.list, distributor.commissions and distributor.orders show only the caller’s own', async () => {
    const carolOrders = (await w.api('carol', 'order.list')).items.map((o: { orderId: string }) => o.orderId);
    expect(carolOrders).toEqual(expect.arrayContaining([w.ids.paid, w.ids.received]));
    expect(carolOrders).not.toContain(w.ids.bobOrder);
    expect((await w.api('bob', 'order.list')).items.map((o: { orderId: string }) => o.orderId).sort()).toEqual([w.ids.bobOrder, w.ids.bobOrder2].sort());

    // bob's after-sales request: his list has it; carol can neither see nor cancel it.
    expect((await w.api('bob', 'afterSale.list')).items.map((x: { afterSaleId: string }) => x.afterSaleId)).toEqual([w.ids.afterSale]);
    expect((await w.api('carol', 'afterSale.list')).items).toEqual([]);
    expect(await w.apiRaw('carol', 'afterSale.cancel', { afterSaleId: w.ids.afterSale })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await w.apiRaw('carol', 'afterSale.request', { orderId: w.ids.bobOrder2, lines: [{ productId: w.ids.product, quantity: 1 }], reason: '质量问题' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await w.apiRaw('bob', 'afterSale.approve', { afterSaleId: w.ids.afterSale })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await w.adminRaw('afterSale.approve', { afterSaleId: w.ids.afterSale }, 'bob')).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // bob's withdrawal: his list has it; nobody else's does.
    expect((await w.api('bob', 'withdrawal.list')).items.map((x: { withdrawalId: string }) => x.withdrawalId)).toEqual([w.ids.withdrawal]);
    for (const other of ['alice', 'dave', 'carol']) {
      const res = await w.apiRaw(other, 'withdrawal.list');
      const ids = res.ok ? (res.data as { items: Array<{ withdrawalId: string }> }).items.map((x) => x.withdrawalId) : [];
      expect({ other, ids }).toEqual({ other, ids: [] });
    }

    // Commissions: each distributor sees exactly the records paid to them.
    const records = all<CommissionDoc>(w.local, C.commissions);
    for (const who of ['alice', 'bob', 'dave']) {
      const seen = (await w.api(who, 'distributor.commissions')).items.map((c: { id: string }) => c.id).sort();
      const mine = records.filter((c) => c.beneficiaryOpenid === who).map((c) => c._id).sort();
      expect({ who, seen }).toEqual({ who, seen: mine });
    }
    const carol = await w.apiRaw('carol', 'distributor.commissions');
    expect(carol.ok ? (carol.data as { items: unknown[] }).items : []).toEqual([]);
    expect((await w.api('dave', 'distributor.orders')).items).toEqual([]);
  });
});

describe('identity only from the WeChat context', () => {
  test('openid / _openid params are refused; a userInfo param is stripped and never taken as the caller', async () => {
    for (const key of ['openid', '_openid', 'OPENID']) {
      for (const [action, params] of [
        ['order.get', { orderId: w.ids.bobOrder }],
        ['withdrawal.list', {}],
        ['withdrawal.request', { amountFen: 100, channel: 'wechat' }],
        ['distributor.summary', {}],
      ] as const) {
        const res = await unchanged(() => w.apiRaw('carol', action, { ...params, [key]: 'bob' }));
        expect({ key, action, code: res.ok ? 'ok' : res.code }).toEqual({ key, action, code: 'INVALID_ARGUMENT' });
      }
    }
    const asBob = { userInfo: { openId: 'bob', appId: 'wxlocalappid' } };
    // carol claiming to be bob reads carol's own (empty) withdrawals and cannot see bob's order.
    const list = await w.apiRaw('carol', 'withdrawal.list', asBob);
    expect(list.ok ? (list.data as { items: unknown[] }).items : []).toEqual([]);
    expect(await w.apiRaw('carol', 'order.get', { orderId: w.ids.bobOrder, ...asBob })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // dave (no balance) withdrawing "as bob": refused on dave's balance; bob's money untouched.
    const bobBefore = await w.balance('bob');
    const res = await unchanged(() => w.apiRaw('dave', 'withdrawal.request', { amountFen: 100, channel: 'wechat', ...asBob }));
    expect(res).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect(await w.balance('bob')).toEqual(bobBefore);
  });
});
