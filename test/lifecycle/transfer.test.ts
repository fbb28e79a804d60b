import { C, type WithdrawalDoc } from '../../server/repo/docs';
import { LOCAL_APP_ID, LOCAL_MCH_ID } from '../../local/wechatpay-v3';
import { DAY_MS, L1_UNIT, shop, type Shop } from '../support/shop';
import { failEachOpThenRetry } from '../support/faults';

const TRANSFER = { payout: { mode: 'wechat_transfer', mchId: LOCAL_MCH_ID, appId: LOCAL_APP_ID, sceneId: '1005', remark: '推广佣金提现' } };

/** bob with 3 × L1_UNIT available, the shop paying withdrawals by 商家转账, one withdrawal pending. */
async function withPending(): Promise<{ s: Shop; id: string }> {
  const s = await shop({ settings: { ...TRANSFER, withdrawal: { dailyCount: 100 } } });
  await s.buyReceived(3);
  s.local.clock.advance(7 * DAY_MS + 1000);
  await s.settle();
  const w = await s.api('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat' });
  return { s, id: w.withdrawalId };
}

const doc = async (s: Shop, id: string) => (await s.local.db.collection<WithdrawalDoc>(C.withdrawals).doc(id).get()).data;
const payouts = (w: WithdrawalDoc) => w.events.filter((e) => e.type === 'payout').length;

describe('withdrawals paid by 商家转账 (user-confirmation mode)', () => {
  let s: Shop;
  afterEach(() => s?.close());

  test('approve → transferring with one bill → transferInfo → the user confirms → paid once, balance moved, reconcile clean', async () => {
    const r = await withPending();
    s = r.s;
    const id = r.id;
    expect(await s.admin('withdrawal.review', { withdrawalId: id, approve: true })).toEqual({ withdrawalId: id, status: 'transferring' });
    const bills = s.local.transfers.bills();
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatchObject({ state: 'WAIT_USER_CONFIRM', transfer_amount: L1_UNIT, openid: 'bob', appid: LOCAL_APP_ID, transfer_scene_id: '1005' });
    expect(bills[0].out_bill_no).toMatch(/^[A-Za-z0-9]{1,32}$/);

    const info = await s.api('bob', 'withdrawal.transferInfo', { withdrawalId: id });
    expect(info).toEqual({ mchId: LOCAL_MCH_ID, appId: LOCAL_APP_ID, package: bills[0].package_info, outBillNo: bills[0].out_bill_no });
    // someone else's withdrawal is not theirs to see
    expect(await s.apiRaw('amy', 'withdrawal.transferInfo', { withdrawalId: id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const { notified } = await s.local.transfers.act(bills[0].out_bill_no, 'confirm');
    expect(notified).toBe(200);
    const w = await doc(s, id);
    expect(w.status).toBe('paid');
    expect(payouts(w)).toBe(1);
    expect(await s.balance('bob')).toMatchObject({ available: 2 * L1_UNIT, withdrawing: 0 });
    // the page's return from the sheet (a query) and the settle run afterwards change nothing
    expect(await s.apiRaw('bob', 'withdrawal.transferInfo', { withdrawalId: id })).toMatchObject({ ok: false, code: 'CONFLICT' });
    await s.settle();
    expect(payouts(await doc(s, id))).toBe(1);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('10 concurrent approvals of one withdrawal create one bill; the others hear CONFLICT', async () => {
    const r = await withPending();
    s = r.s;
    const results = await Promise.all(Array.from({ length: 10 }, () => s.adminRaw('withdrawal.review', { withdrawalId: r.id, approve: true })));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok).every((x) => (x as { code: string }).code === 'CONFLICT')).toBe(true);
    expect(s.local.transfers.bills()).toHaveLength(1);
  });

  test('a 500 after WeChat took the bill, then retries (settle, page): still one bill, paid once', async () => {
    const r = await withPending();
    s = r.s;
    s.local.transfers.error500AfterAccept();
    expect(await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true })).toMatchObject({ status: 'transferring' });
    expect((await doc(s, r.id)).transfer).toMatchObject({ state: 'CREATING' });
    expect(s.local.transfers.bills()).toHaveLength(1);
    // the lost answer is found by query, never by a new bill
    await s.settle();
    await s.settle();
    const info = await s.api('bob', 'withdrawal.transferInfo', { withdrawalId: r.id });
    expect(s.local.transfers.bills()).toHaveLength(1);
    expect(info.outBillNo).toBe(s.local.transfers.bills()[0].out_bill_no);
    await s.local.transfers.act(info.outBillNo, 'confirm');
    expect((await doc(s, r.id)).status).toBe('paid');
  });

  test('a create lost before WeChat saw it is sent again under the same number; lost after, it is found', async () => {
    const r = await withPending();
    s = r.s;
    s.local.transfers.failNext('before');
    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
    expect(s.local.transfers.bills()).toHaveLength(0);
    const outBillNo = (await doc(s, r.id)).transfer!.outBillNo;
    s.local.transfers.failNext('after'); // the query is lost too: still nothing decided
    await s.settle();
    expect((await doc(s, r.id)).transfer!.state).toBe('CREATING');
    await s.settle(); // query NOT_FOUND → create under the same number
    expect(s.local.transfers.bills().map((b) => b.out_bill_no)).toEqual([outBillNo]);
    expect((await doc(s, r.id)).transfer!.state).toBe('WAIT_USER_CONFIRM');
  });

  test('notification and query in either order, twice each: paid once', async () => {
    for (const order of ['notify-first', 'query-first'] as const) {
      const r = await withPending();
      s = r.s;
      await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
      const no = s.local.transfers.bills()[0].out_bill_no;
      s.local.transfers.loseNextNotification();
      const { bill } = await s.local.transfers.act(no, 'confirm');
      const notify = () => s.local.invoke('payCallback', s.local.transfers.notification(bill), { source: '' });
      const query = () => s.settle();
      const steps = order === 'notify-first' ? [notify, notify, query, query] : [query, query, notify, notify];
      for (const step of steps) await step();
      await Promise.all([notify(), query(), notify()]);
      const w = await doc(s, r.id);
      expect([order, w.status, payouts(w)]).toEqual([order, 'paid', 1]);
      expect(await s.balance('bob')).toMatchObject({ withdrawing: 0 });
      expect((await s.reconcile()).ok).toBe(true);
      s.close();
    }
  });

  test('the user cancels: back with the admin (approved, reason in note); approving again makes a new bill that pays; or reject releases the hold', async () => {
    const r = await withPending();
    s = r.s;
    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
    const first = s.local.transfers.bills()[0].out_bill_no;
    await s.local.transfers.act(first, 'cancel');
    let w = await doc(s, r.id);
    expect(w.status).toBe('approved');
    expect(w.note).toContain('撤销');
    expect(await s.balance('bob')).toMatchObject({ withdrawing: L1_UNIT });
    const [row] = (await s.admin('withdrawal.list', { status: 'approved' })).items;
    expect(row.transfer).toMatchObject({ outBillNo: first, state: 'CANCELLED' });

    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
    const bills = s.local.transfers.bills();
    expect(bills).toHaveLength(2);
    const second = bills.find((b) => b.out_bill_no !== first)!;
    expect(second.state).toBe('WAIT_USER_CONFIRM');
    await s.local.transfers.act(second.out_bill_no, 'fail');
    w = await doc(s, r.id);
    expect([w.status, w.transfer!.failReason]).toEqual(['approved', 'PAYEE_ACCOUNT_ABNORMAL']);
    expect(w.note).toContain('失败');

    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: false });
    w = await doc(s, r.id);
    expect(w.status).toBe('rejected');
    expect(await s.balance('bob')).toMatchObject({ available: 3 * L1_UNIT, withdrawing: 0 });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a forged, replayed or foreign notification changes nothing', async () => {
    const r = await withPending();
    s = r.s;
    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
    const bill = s.local.transfers.bills()[0];
    const claim = s.local.transfers.notification({ ...bill, state: 'SUCCESS' });
    const send = (e: object) => s.local.invoke('payCallback', e, { source: '' }) as Promise<{ statusCode: number }>;
    // a body changed after signing
    expect((await send({ ...claim, body: claim.body.replace('encrypt-resource', 'encrypt-resourcE') })).statusCode).toBe(401);
    // an old one replayed (signed 6 minutes ago)
    const old = s.local.transfers.notification({ ...bill, state: 'SUCCESS' }, s.local.clock.now() - 6 * 60_000);
    expect((await send(old)).statusCode).toBe(401);
    // well signed but for another merchant
    expect((await send(s.local.transfers.notification({ ...bill, mch_id: '1900000999', state: 'SUCCESS' }))).statusCode).toBe(400);
    // well signed and ours, but WeChat Pay's query says the bill still waits: nothing moves
    expect((await send(claim)).statusCode).toBe(200);
    const w = await doc(s, r.id);
    expect([w.status, payouts(w)]).toEqual(['transferring', 0]);
    expect(await s.balance('bob')).toMatchObject({ withdrawing: L1_UNIT, withdrawn: 0 });
  });

  /** What a payout leaves behind, to compare cut-off runs with the clean one. */
  async function payoutState<W extends Shop & { id: string }>(w: W) {
    const d = await doc(w, w.id);
    return {
      status: d.status,
      transfer: d.transfer && { state: d.transfer.state, attempt: d.transfer.attempt, hasPackage: d.transfer.packageInfo !== '' },
      payouts: payouts(d),
      bills: w.local.transfers.bills().map((b) => [b.state, b.transfer_amount]),
      bob: await w.balance('bob'),
    };
  }

  test('fault injection on the approval: cut at every database operation, then the admin taps again and settle runs: one bill, waiting for the user', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const r = await withPending();
        return Object.assign(r.s, { id: r.id });
      },
      act: (w) => w.adminRaw('withdrawal.review', { withdrawalId: w.id, approve: true }),
      retry: async (w) => {
        await w.adminRaw('withdrawal.review', { withdrawalId: w.id, approve: true }); // CONFLICT if the first got through
        await w.settle();
      },
      snapshot: payoutState,
      check: async (w, n) => expect({ n, ok: (await w.reconcile()).ok }).toEqual({ n, ok: true }),
    });
    expect(ops).toBeGreaterThan(3);
  });

  test('fault injection on the finalisation: the confirmed bill applied by notification, cut at every operation, then settle: paid once', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const r = await withPending();
        await r.s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
        r.s.local.transfers.loseNextNotification();
        const { bill } = await r.s.local.transfers.act(r.s.local.transfers.bills()[0].out_bill_no, 'confirm');
        return Object.assign(r.s, { id: r.id, bill });
      },
      act: (w) => w.local.invoke('payCallback', w.local.transfers.notification(w.bill), { source: '' }),
      retry: async (w) => {
        await w.settle();
        await w.local.invoke('payCallback', w.local.transfers.notification(w.bill), { source: '' });
      },
      snapshot: payoutState,
      check: async (w, n) => expect({ n, ok: (await w.reconcile()).ok }).toEqual({ n, ok: true }),
    });
    expect(ops).toBeGreaterThan(3);
  });

  test('reconcile: bills waiting for confirmation listed; a SUCCESS bill whose withdrawal is not paid is a finding until the query applies it', async () => {
    const r = await withPending();
    s = r.s;
    await s.admin('withdrawal.review', { withdrawalId: r.id, approve: true });
    const no = s.local.transfers.bills()[0].out_bill_no;
    let rec = await s.admin('reconcile');
    expect(rec.ok).toBe(true);
    expect(rec.checked.transfers).toMatchObject({ bills: 1, complete: true, waiting: [{ withdrawalId: r.id, outBillNo: no, amountFen: L1_UNIT }] });
    s.local.transfers.loseNextNotification();
    await s.local.transfers.act(no, 'confirm');
    rec = await s.admin('reconcile');
    expect(rec.mismatches).toEqual([expect.objectContaining({ kind: 'transfer', who: r.id, expected: L1_UNIT })]);
    await s.settle();
    rec = await s.admin('reconcile');
    expect([rec.ok, rec.checked.transfers.waiting]).toEqual([true, []]);
  });

  test('from ¥2,000 (WeChat then needs the payee’s encrypted real name) approving leaves it for a manual payout: no bill', async () => {
    s = await shop({ settings: TRANSFER });
    for (const q of [99, 99, 2]) await s.buyReceived(q);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    const big = await s.api('bob', 'withdrawal.request', { amountFen: 200 * L1_UNIT, channel: 'wechat' });
    expect(await s.admin('withdrawal.review', { withdrawalId: big.withdrawalId, approve: true })).toMatchObject({ status: 'approved' });
    expect(s.local.transfers.bills()).toHaveLength(0);
    await s.admin('withdrawal.markPaid', { withdrawalId: big.withdrawalId });
    expect((await s.reconcile()).ok).toBe(true);
  });
});
