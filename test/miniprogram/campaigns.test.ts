import { createWorld, tap, text, texts, type World } from './support/harness';
import { ADDRESS } from './support/order-wx';

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

const DAY = 86_400_000;

/** alice (distributor) → carol buys 2 × ¥100 through her: ¥200 of live promoted sales. */
async function shop() {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('carol', 'referral.bind', { code: a.inviteCode });
  const o = await w.cloud.api('carol', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  const now = w.cloud.local.clock.now();
  const { id: campaignId } = await w.cloud.admin('campaign.upsert', {
    title: '月度冲刺',
    startAt: now - DAY,
    endAt: now + 10 * DAY,
    kind: 'target',
    metric: 'salesFen',
    targetFen: 50_000,
    rewardFen: 2_000,
  });
  return { campaignId };
}

describe('奖励活动 (distributor)', () => {
  test('a running target shows the rule, a progress bar and how much is left', async () => {
    await shop();
    await w.as('alice');
    const p = await w.page('distributor/pages/campaigns/index');
    expect(text(p, '.title')).toBe('月度冲刺');
    expect(text(p, '.status')).toBe('进行中');
    expect(text(p, '.rule')).toBe('推广销售额满 ¥500.00，奖励 ¥20.00');
    expect(text(p, '.progress')).toBe('还差 ¥300.00 · 已结算 ¥0.00');
    expect(p.data.items[0].percent).toBe(40);
    expect(text(p, '.payout')).toContain('活动结束后 20 天内发放');
    expect(JSON.stringify(p.data)).not.toMatch(/carol/);
  });

  test('empty, then offline with a retry that loads', async () => {
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const empty = await w.page('distributor/pages/campaigns/index');
    expect(text(empty, '#empty')).toContain('暂时没有奖励活动');
    await shop();
    w.network.mode = 'down';
    const p = await w.page('distributor/pages/campaigns/index');
    expect(text(p, '#error')).toBeTruthy();
    w.network.mode = 'up';
    await tap(w, p, '#retry');
    expect(texts(p, '.campaign')).toHaveLength(1);
  });

  test('the center shows the running campaign’s progress and links to the page', async () => {
    await shop();
    await w.as('alice');
    const c = await w.page('distributor/pages/center/index');
    await w.settle();
    expect(text(c, '#campaign-progress')).toBe('还差 ¥300.00 · 已结算 ¥0.00');
    await tap(w, c, '#campaign');
    expect(w.log.navigations).toContain('/distributor/pages/campaigns/index');
  });
});

describe('奖励活动 (admin)', () => {
  test('creates a top campaign from yuan and dates; a started one can only be renamed', async () => {
    await shop();
    await w.as('admin-openid');
    const p = await w.page('admin/pages/campaigns/index');
    expect(texts(p, '.campaign')).toHaveLength(1);
    // Nothing saved without a title.
    await tap(w, p, '#save');
    expect(w.log.toasts).toContain('请填写活动名称');
    const field = (key: string, detail: string) => p.instance.onField({ currentTarget: { dataset: { key } }, detail });
    field('title', '销冠榜');
    field('kind', 'top');
    field('metric', 'commissionFen');
    field('prizes', '300, 200，100.5');
    p.instance.onPick({ currentTarget: { dataset: { key: 'startDay' } }, detail: { value: '2030-03-01' } });
    p.instance.onPick({ currentTarget: { dataset: { key: 'endDay' } }, detail: { value: '2030-03-31' } });
    await tap(w, p, '#save');
    const list = (await w.cloud.admin('campaign.list', {})).items;
    const made = list.find((c: { title: string }) => c.title === '销冠榜');
    expect(made).toMatchObject({
      kind: 'top',
      metric: 'commissionFen',
      prizes: [30_000, 20_000, 10_050],
      startAt: Date.UTC(2030, 2, 1) - 8 * 3600_000,
      endAt: Date.UTC(2030, 3, 1) - 8 * 3600_000,
      status: 'upcoming',
    });
    expect(texts(p, '.campaign')).toHaveLength(2);

    // The running one: the form says only the name may change, and a rename saves.
    const index = p.data.items.findIndex((c: { title: string }) => c.title === '月度冲刺');
    p.instance.onEdit({ currentTarget: { dataset: { index } } });
    await w.settle();
    expect(text(p, '#hint')).toContain('只能修改名称');
    field('title', '月度冲刺（加油）');
    await tap(w, p, '#save');
    expect((await w.cloud.admin('campaign.list', {})).items.map((c: { title: string }) => c.title)).toContain('月度冲刺（加油）');
  });

  test('the dashboard links to the campaigns and shows their cost', async () => {
    await shop();
    await w.as('admin-openid');
    const d = await w.page('admin/pages/dashboard/index');
    expect(d.data.entries.map((e: { url: string }) => e.url)).toContain('/admin/pages/campaigns/index');
    expect(text(d, '#campaign-cost')).toBe('¥0.00');
    expect(text(d, '#campaigns')).toContain('月度冲刺');
  });
});
