/* eslint-disable @typescript-eslint/no-explicit-any */
import { ADMIN, createWorld, tap, text, texts, type World } from './support/harness';
import { ADDRESS } from './support/order-wx';
import { DAY_MS } from '../../server/core/time';

/** 分销等级 on the center page, the admin grades page and the admin distributor list, on the local cloud. */
let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

const GRADES = [
  { id: 'g1', name: '普通分销商', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } },
  { id: 'g2', name: '银牌分销商', color: '#7d8fa9', level1Bps: 1200, level2Bps: 600, upgrade: { match: 'all', salesFen: 50_000, orders: 5 } },
  { id: 'g3', name: '金牌分销商', color: '#d4a017', level1Bps: 1500, level2Bps: 800, upgrade: { match: 'all', salesFen: 200_000, orders: 20 } },
];

/** alice brings bob, who buys 2 × ¥100.00 once; the order is received and settled (refund window passed). */
async function settledSale() {
  await w.cloud.admin('settings.update', { grades: GRADES });
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  await w.cloud.admin('order.ship', { orderId: o.orderId, noLogistics: true });
  await w.cloud.api('bob', 'order.confirmReceipt', { orderId: o.orderId });
  w.cloud.local.clock.advance(7 * DAY_MS + 1000);
  await w.cloud.local.trigger('settle');
}

describe('center page: grade badge and progress', () => {
  test('shows the grade in its colour and what is left to the next grade, in yuan and orders', async () => {
    await settledSale();
    await w.as('alice');
    const p = (await w.page('distributor/pages/center/index')).querySelector('#grade');
    expect(text(p, '#grade-badge')).toContain('普通分销商');
    expect(text(p, '#grade-next')).toContain('银牌分销商');
    // ¥500 and 5 orders, of which ¥200 and 1 order are settled.
    expect(text(p, '#grade-text')).toBe('再推广 ¥300.00、4 单即可升级为 银牌分销商');
    expect(p.querySelector('#grade-progress')).toBeDefined();
    expect(text(p, '#grade-card')).toContain('已过退款期');
  });

  test('at the top grade: the badge in the grade colour, no progress bar', async () => {
    await settledSale();
    await w.cloud.admin('distributor.setGrade', { openid: 'alice', gradeId: 'g3' });
    await w.as('alice');
    const p = (await w.page('distributor/pages/center/index')).querySelector('#grade');
    expect(text(p, '#grade-badge')).toContain('金牌分销商');
    expect(p.querySelector('#grade-badge').dom.getAttribute('style')).toContain('#d4a017');
    expect(p.querySelector('#grade-progress')).toBeUndefined();
    expect(text(p, '#grade-text')).toContain('已是最高等级');
  });
});

describe('admin: 分销等级 page', () => {
  test('lists the grades with rates in %, adds a grade, saves, and the server keeps it in bps and fen', async () => {
    await w.cloud.admin('settings.update', { grades: GRADES });
    await w.as(ADMIN);
    const p = await w.page('admin/pages/grades/index');
    expect(p.data.forms.map((f: any) => f.name)).toEqual(['普通分销商', '银牌分销商', '金牌分销商']);
    expect(p.data.forms[1]).toMatchObject({ level1: '12.00', level2: '6.00', sales: '500.00', orders: '5', spend: '' });
    expect(text(p, '#grade-0')).toContain('入门等级');
    expect(p.querySelector('#sales-0')).toBeUndefined(); // the entry grade has no conditions

    await tap(w, p, '#add');
    expect(p.data.forms).toHaveLength(4);
    const field = (key: string, detail: string) => p.instance.onField({ currentTarget: { dataset: { index: 3, key } }, detail });
    field('name', '钻石分销商');
    field('level1', '18');
    field('level2', '10');
    field('sales', '5000');
    field('orders', '50');
    await tap(w, p, '#save');
    expect(text(p, '#form-error')).toBe('');
    const saved = (await w.cloud.admin('settings.get', {})).settings.grades;
    expect(saved[3]).toMatchObject({ name: '钻石分销商', level1Bps: 1800, level2Bps: 1000, upgrade: { match: 'any', salesFen: 500_000, orders: 50 } });
    expect(saved[3].upgrade.spendFen).toBeUndefined();

    await tap(w, p, '#add');
    expect(p.data.forms).toHaveLength(5);
    expect(p.querySelector('#add')).toBeUndefined();
    expect(text(p, '#full')).toContain('最多 5 个等级');
  });

  test('clear messages: a missing name here, a rate over the cap from the server; nothing saved', async () => {
    await w.cloud.admin('settings.update', { grades: GRADES });
    await w.as(ADMIN);
    const p = await w.page('admin/pages/grades/index');
    p.instance.onField({ currentTarget: { dataset: { index: 2, key: 'name' } }, detail: ' ' });
    await tap(w, p, '#save');
    expect(text(p, '#form-error')).toBe('第 3 个等级请填写名称');

    p.instance.onField({ currentTarget: { dataset: { index: 2, key: 'name' } }, detail: '金牌分销商' });
    p.instance.onField({ currentTarget: { dataset: { index: 2, key: 'level1' } }, detail: '25' });
    await tap(w, p, '#save');
    expect(text(p, '#form-error')).toContain('超过总上限 30%');
    expect((await w.cloud.admin('settings.get', {})).settings.grades[2].level1Bps).toBe(1500);
  });

  test('reached from the dashboard, which shows active distributors per grade', async () => {
    await settledSale();
    await w.cloud.admin('distributor.setGrade', { openid: 'alice', gradeId: 'g2' });
    await w.as(ADMIN);
    const p = await w.page('admin/pages/dashboard/index');
    expect(texts(p, '.grade-row').map((t) => t.replace(/\s+/g, ''))).toEqual(['普通分销商0人', '银牌分销商1人', '金牌分销商0人']);
    expect(text(p, '#grades-link')).toContain('设置等级');
  });
});

describe('admin: set a grade by hand from the distributor list', () => {
  test('the row shows the grade; 调整等级 → pick → saved as a manual grade', async () => {
    await settledSale();
    await w.as(ADMIN);
    const p = await w.page('admin/pages/distributors/index');
    expect(texts(p, '.grade')).toContain('普通分销商');
    await tap(w, p, '.set-grade');
    expect(p.data.gradeSheet).toBe(true);
    await p.instance.onGradePick({ detail: { id: 'g3', name: '金牌分销商' } });
    await w.settle();
    expect(w.log.toasts).toContain('已调整为金牌分销商');
    const d = (await w.cloud.admin('distributor.list', {})).items.find((x: any) => x.openid === 'alice');
    expect(d).toMatchObject({ gradeId: 'g3', gradeManual: true });
    expect(texts(p, '.grade')).toContain('金牌分销商（手动）');
  });
});
