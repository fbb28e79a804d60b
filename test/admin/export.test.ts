import { C, type WithdrawalDoc } from '../../server/repo/docs';
import { amountCell, BOM, chinaDateTime, csvField, csvRow, fenToYuan, parseCsv } from '../../server/rules/csv';
import { startLocal, type TestCloud } from '../support/local';
import { ADDRESS } from '../support/delivery';

// One line (a nickname may not hold a line break); commas and quotes still need quoting.
const NASTY = '张三,"老张"';

async function csvOf(t: TestCloud, kind: string) {
  const res = await t.admin('export', { kind });
  expect(res.fileID).toMatch(new RegExp(`^cloud://.+/exports/${kind}-`));
  expect(res.url).toMatch(/^http/);
  const bytes = t.local.storage.read(res.fileID);
  if (!bytes) throw new Error('export file missing');
  const text = bytes.toString('utf8');
  return { res, text, rows: parseCsv(text) };
}

describe('CSV export', () => {
  let t: TestCloud;
  let orderId: string;
  beforeAll(async () => {
    t = startLocal();
    const { id: productId } = await t.admin('product.upsert', { title: '礼盒, "特装"', priceFen: 1234, stock: 100, status: 'on' });
    await t.api('alice', 'user.updateProfile', { nickname: NASTY });
    const alice = await t.api('alice', 'distributor.apply', { realName: '李,四' });
    await t.api('bob', 'user.updateProfile', { nickname: '=HYPERLINK("x")' });
    await t.api('bob', 'referral.bind', { code: alice.inviteCode });
    const order = await t.api('bob', 'order.create', { items: [{ productId, quantity: 3 }], address: ADDRESS });
    orderId = order.orderId;
    await t.local.pay.pay(order.outTradeNo);
  });
  afterAll(() => t.close());

  test('distributors: UTF-8 with a BOM, names with commas and quotes come back whole', async () => {
    const { res, text, rows } = await csvOf(t, 'distributors');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toContain('\r\n');
    expect(res.rows).toBe(1);
    expect(rows).toHaveLength(2);
    const [header, alice] = rows;
    const col = (name: string) => alice[header.indexOf(name)];
    expect(col('openid')).toBe('alice');
    expect(col('昵称')).toBe(NASTY);
    expect(col('姓名')).toBe('李,四');
    expect(col('状态')).toBe('正常');
    // 10% of 12.34 floors to 1.23 per unit, × 3
    expect(col('冻结佣金')).toBe('3.69');
    expect(col('累计佣金')).toBe('3.69');
    expect(col('一级团队')).toBe('1');
    expect(col('申请时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  test('orders and commissions: amounts in yuan from fen, product lines, China time', async () => {
    const orders = await csvOf(t, 'orders');
    const [h, o] = orders.rows;
    expect(o[h.indexOf('订单号')]).toBe(orderId);
    expect(o[h.indexOf('订单金额')]).toBe('37.02');
    expect(o[h.indexOf('商品明细')]).toBe('礼盒, "特装" ×3 @12.34');
    expect(o[h.indexOf('一级分销商')]).toBe('alice');
    // A nickname that a spreadsheet would run as a formula is written as text.
    expect(o[h.indexOf('买家昵称')]).toBe(`'=HYPERLINK("x")`);
    const paidAt = (await t.db.collection(C.orders).doc(orderId).get()).data.paidAt as number;
    expect(o[h.indexOf('付款时间')]).toBe(chinaDateTime(paidAt));
    // Delivery: who and where to ship to (not shipped yet: no parcel).
    expect([o[h.indexOf('收货人')], o[h.indexOf('收货电话')], o[h.indexOf('收货地址')], o[h.indexOf('物流')]]).toEqual([
      ADDRESS.name,
      ADDRESS.phone,
      `${ADDRESS.province}${ADDRESS.city}${ADDRESS.district} ${ADDRESS.detail}`,
      '',
    ]);

    const commissions = await csvOf(t, 'commissions');
    expect(commissions.res.rows).toBe(1);
    const [ch, c] = commissions.rows;
    expect([c[ch.indexOf('级别')], c[ch.indexOf('单件佣金')], c[ch.indexOf('佣金金额')], c[ch.indexOf('商品')]]).toEqual([
      '一级',
      '1.23',
      '3.69',
      '礼盒, "特装"',
    ]);
  });

  test('a debt (negative available balance) is a number cell, not formula-guarded text', async () => {
    await t.db.collection(C.distributors).doc('alice').update({ data: { availableFen: -500 } });
    try {
      const { text, rows } = await csvOf(t, 'distributors');
      const [header, alice] = rows;
      expect(alice[header.indexOf('可提现')]).toBe('-5.00');
      expect(text).toContain(',-5.00,');
      expect(text).not.toContain("'-5.00");
    } finally {
      await t.db.collection(C.distributors).doc('alice').update({ data: { availableFen: 0 } });
    }
  });

  test('a large export is read in pages of 1000 and finishes whole', async () => {
    const withdrawals: WithdrawalDoc[] = Array.from({ length: 2345 }, (_, i) => ({
      _id: `W${String(i).padStart(5, '0')}-alice`,
      openid: 'alice',
      amountFen: 100 + i,
      feeFen: 0,
      netFen: 100 + i,
      channel: 'bank',
      account: `银行,${i}`,
      status: 'paid',
      createdAt: 1_700_000_000_000 + Math.floor(i / 3), // ties on createdAt: the cursor's _id breaks them
      reviewedAt: null,
      reviewedBy: null,
      paidAt: null,
      note: '',
      events: [],
    }));
    for (const w of withdrawals) await t.db.collection(C.withdrawals).add({ data: w });
    const { res, rows } = await csvOf(t, 'withdrawals');
    expect(res.rows).toBe(2345);
    expect(rows).toHaveLength(2346);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(new Set(ids).size).toBe(2345);
    const h = rows[0];
    const first = rows[1];
    expect(first[h.indexOf('提现编号')]).toBe('W02344-alice');
    expect(first[h.indexOf('申请金额')]).toBe('24.44');
    expect(first[h.indexOf('收款账户')]).toBe('银行,2344');
  });

  test('unknown kinds are refused', async () => {
    expect(await t.adminRaw('export', { kind: 'users' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

describe('CSV rules', () => {
  test.each([
    [0, '0.00'],
    [5, '0.05'],
    [1234, '12.34'],
    [-5, '-0.05'],
    [100_000_000_01, '100000000.01'],
  ])('fen %p is %p yuan', (fen, yuan) => expect(fenToYuan(fen)).toBe(yuan));

  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['两\n行', '"两\n行"'],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
  ])('field %p is written %p', (v, out) => expect(csvField(v)).toBe(out));

  test.each([
    [-5, '-0.05'],
    [-123456, '-1234.56'],
    [0, '0.00'],
  ])('an amount of %p fen is the number cell %p (the formula guard is for text only)', (fen, out) => {
    expect(csvField(amountCell(fen))).toBe(out);
    expect(csvRow(['=1+1', amountCell(fen), '-x'])).toBe(`'=1+1,${out},'-x\r\n`);
  });

  test('China time is UTC+8', () => {
    expect(chinaDateTime(Date.UTC(2026, 0, 1, 16, 30, 5))).toBe('2026-01-02 00:30:05');
    expect(chinaDateTime(null)).toBe('');
  });
});
