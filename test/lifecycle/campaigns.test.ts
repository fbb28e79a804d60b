import { C, type CampaignDoc, type RewardDoc } from '../../server/repo/docs';
import { Budget } from '../../server/settle/budget';
import { settleRewards, TALLY_PAGE } from '../../server/settle/rewards';
import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';
import { MONEY_COLLECTIONS, moneySnapshot } from '../support/snapshot';

/**
 * 奖励活动 end to end through the real actions: campaigns made by the admin, orders paid, received,
 * partly refunded, the settle run past the refund window, rewards on the available balance once.
 * The shop: bob (level 1 of buyer carol) earns L1_UNIT per unit, alice (bob's referrer) L2_UNIT.
 */
const messages = (s: Shop, touser: string) => s.local.outbox.entries.filter((e) => (e.payload as { touser: string }).touser === touser);
const rewards = async (s: Shop) =>
  (await s.db.collection<RewardDoc>(C.rewards).where({}).get()).data.sort((a, b) => (a._id < b._id ? -1 : 1));
const campaign = async (s: Shop, id: string) => (await s.db.collection<CampaignDoc>(C.campaigns).doc(id).get()).data;

async function refund(s: Shop, orderId: string, quantity: number) {
  await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity }] });
  await s.local.pay.idle();
}

/**
 * Three campaigns over the next 5 days, then: order A (2 units) received; order B (2 units) received
 * and 1 unit refunded; order C (1 unit) paid but never shipped (its commission never settles).
 * bob: settled sales 3 × PRICE, settled commission 3 × L1_UNIT; alice: settled commission 3 × L2_UNIT.
 */
async function world() {
  const s = await shop();
  const now = s.local.clock.now();
  const base = { startAt: now - 1000, endAt: now + 5 * DAY_MS };
  const reached = (await s.admin('campaign.upsert', { ...base, title: '销售冲刺', kind: 'target', metric: 'salesFen', targetFen: 3 * PRICE, rewardFen: 1_000 })).id as string;
  const missed = (await s.admin('campaign.upsert', { ...base, title: '销售冲刺加码', kind: 'target', metric: 'salesFen', targetFen: 3 * PRICE + 1, rewardFen: 5_000 })).id as string;
  const top = (await s.admin('campaign.upsert', { ...base, title: '佣金榜', kind: 'top', metric: 'commissionFen', prizes: [3_000, 1_000] })).id as string;
  await s.buyReceived(2);
  const b = await s.buyReceived(2);
  await refund(s, b, 1);
  await s.buy(1);
  return { ...s, ids: { reached, missed, top } };
}

/** The money state with the campaigns' generated ids as labels (each collection re-sorted after). */
async function snapshot(w: Awaited<ReturnType<typeof world>>) {
  let text = JSON.stringify(await moneySnapshot(w.local, [...MONEY_COLLECTIONS, C.campaigns, C.rewards]));
  for (const [label, id] of Object.entries(w.ids)) text = text.split(id).join(`campaign:${label}`);
  const out = JSON.parse(text) as Record<string, unknown[]>;
  for (const k of Object.keys(out)) out[k] = out[k].map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x));
  return out;
}

describe('campaigns and rewards', () => {
  let s: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    s = await world();
  });
  afterEach(() => s.close());

  test('live progress says how far to go; rewards are credited once after the refund window, refunded and unsettled units not counted', async () => {
    const list = (await s.api('bob', 'campaign.list')).items as any[];
    const reached = list.find((c) => c.id === s.ids.reached);
    // Live: 4 paid units not refunded (order C's too), none settled yet.
    expect(reached).toMatchObject({ status: 'running', settleDays: 20, targetFen: 3 * PRICE, progress: { valueFen: 4 * PRICE, settledFen: 0, remainingFen: 0 }, reward: null });
    const aliceList = (await s.api('alice', 'campaign.list')).items as any[];
    // alice is level 2 on these orders: no promoted sales as level 1.
    expect(aliceList.find((c) => c.id === s.ids.reached).progress).toEqual({ valueFen: 0, settledFen: 0, remainingFen: 3 * PRICE });
    expect(aliceList.find((c) => c.id === s.ids.top).progress).toEqual({ valueFen: 4 * L2_UNIT, settledFen: 0 });

    // Past the end but not the window: nothing paid (commission has unfrozen meanwhile).
    const c = await campaign(s, s.ids.reached);
    s.local.clock.advance(c.settleAt - s.local.clock.now() - 1000);
    const early = (await s.settle()).report;
    expect(early.rewards.done).toBe(0);
    expect(await rewards(s)).toEqual([]);
    const waiting = ((await s.api('bob', 'campaign.list')).items as any[]).find((x) => x.id === s.ids.reached);
    expect(waiting).toMatchObject({ status: 'settling', progress: { settledFen: 3 * PRICE }, reward: { amountFen: 1_000, status: 'expected' } });
    const before = { bob: await s.balance('bob'), alice: await s.balance('alice') };

    s.local.clock.advance(2000);
    const { report } = await s.settle();
    // bob: target reached (1,000) + rank 1 (3,000); alice: rank 2 (1,000); three campaigns settled.
    expect(report.rewards).toMatchObject({ done: 6, failed: 0 });
    expect((await rewards(s)).map((r) => [r.campaignId, r.openid, r.amountFen, r.valueFen, r.rank])).toEqual(
      [
        [s.ids.reached, 'bob', 1_000, 3 * PRICE, null],
        [s.ids.top, 'alice', 1_000, 3 * L2_UNIT, 2],
        [s.ids.top, 'bob', 3_000, 3 * L1_UNIT, 1],
      ].sort((a, b) => (`${a[0]}:${a[1]}` < `${b[0]}:${b[1]}` ? -1 : 1)),
    );
    expect(await s.balance('bob')).toEqual({ ...before.bob, available: before.bob.available + 4_000, lifetime: before.bob.lifetime + 4_000 });
    expect(await s.balance('alice')).toEqual({ ...before.alice, available: before.alice.available + 1_000, lifetime: before.alice.lifetime + 1_000 });
    expect((await rewards(s))[0].events).toEqual([{ type: 'reward', at: expect.any(Number), availableFen: 1_000, ref: s.ids.reached }]);
    expect(messages(s, 'bob').filter((m) => JSON.stringify(m.payload).includes('活动奖励已到账'))).toHaveLength(2);
    expect(await campaign(s, s.ids.missed)).toMatchObject({ winners: 0, costFen: 0 });
    expect(await campaign(s, s.ids.top)).toMatchObject({ winners: 2, costFen: 4_000 });
    expect((await campaign(s, s.ids.top)).settledAt).toBe(report.at);

    const after = ((await s.api('bob', 'campaign.list')).items as any[]);
    // Each sees their own rank and reward only: no one else's openid, value or prize in the answer.
    expect(JSON.stringify(after)).not.toMatch(/alice|carol/);
    const aliceAfter = JSON.stringify((await s.api('alice', 'campaign.list')).items);
    expect(aliceAfter).not.toMatch(/bob|carol/);
    expect(aliceAfter).not.toContain('"amountFen":3000');
    expect(after.find((x) => x.id === s.ids.reached)).toMatchObject({ status: 'settled', reward: { amountFen: 1_000, status: 'credited' } });
    expect(after.find((x) => x.id === s.ids.top)).toMatchObject({ progress: { rank: 1 }, reward: { amountFen: 3_000, status: 'credited' } });
    expect(after.find((x) => x.id === s.ids.missed)).toMatchObject({ reward: null });
    const admin = (await s.admin('campaign.list')).items as any[];
    expect(admin.find((x) => x.id === s.ids.top)).toMatchObject({ status: 'settled', winners: 2, costFen: 4_000, editable: 'none' });
    // Dashboard: campaign cost (5,000 paid) within commission spend, and each campaign's results.
    const dash = await s.admin('dashboard', { days: 7 });
    expect(dash.campaigns.costFen).toBe(5_000);
    expect(dash.campaigns.spendFen).toBe(dash.totals.commissionFen + 5_000);
    expect(dash.campaigns.items.find((x: any) => x.id === s.ids.reached)).toEqual({ id: s.ids.reached, title: '销售冲刺', status: 'settled', winners: 1, costFen: 1_000 });
    expect((await s.admin('dashboard', { days: 7 }, undefined)).campaigns.items).toHaveLength(3);

    // Again later: nothing more, no second message.
    s.local.clock.advance(DAY_MS);
    expect((await s.settle()).report.rewards).toMatchObject({ done: 0 });
    expect(await s.balance('bob')).toMatchObject({ available: before.bob.available + 4_000 });
    expect(messages(s, 'bob').filter((m) => JSON.stringify(m.payload).includes('活动奖励已到账'))).toHaveLength(2);
    expect(await s.reconcile()).toMatchObject({ ok: true });
    // The money log lists the rewards with their ledger events, by whose money.
    const log = (await s.admin('audit.list', { kind: 'money', actor: 'bob' })).items.filter((e: any) => e.source === 'reward');
    expect(log.map((e: any) => [e.ref, e.amountFen, e.status, e.events.map((v: any) => v.type)]).sort()).toEqual([
      ['佣金榜', 3_000, 'credited', ['reward']],
      ['销售冲刺', 1_000, 'credited', ['reward']],
    ]);

    // Reward money is withdrawable like available commission.
    const all = (await s.balance('bob')).available;
    await s.api('bob', 'withdrawal.request', { amountFen: all, channel: 'wechat' });
    expect(await s.balance('bob')).toMatchObject({ available: 0, withdrawing: all });
    expect(await s.reconcile()).toMatchObject({ ok: true });
  });

  test('reconcile: a reward that disagrees with its campaign, or a balance moved without one, is a mismatch', async () => {
    const c = await campaign(s, s.ids.top);
    s.local.clock.advance(c.settleAt - s.local.clock.now() + 1000);
    await s.settle();
    expect(await s.reconcile()).toMatchObject({ ok: true });
    const id = `${s.ids.top}:bob`;
    await s.db.collection(C.rewards).doc(id).update({ data: { amountFen: 5_000, events: [{ type: 'reward', at: 1, availableFen: 5_000, ref: s.ids.top }] } });
    await s.db.collection(C.distributors).doc('bob').update({ data: { availableFen: s.db.command.inc(2_000), lifetimeFen: s.db.command.inc(2_000) } });
    const r = await s.reconcile();
    expect(r.ok).toBe(false);
    expect(r.mismatches).toEqual([{ kind: 'reward', who: id, what: '奖励金额 = 活动结果', expected: 3_000, actual: 5_000 }]);
    // And a reward record removed: the balance no longer adds up.
    await s.db.collection(C.rewards).doc(id).remove();
    const r2 = await s.reconcile();
    expect(r2.mismatches.map((m: any) => [m.kind, m.who])).toEqual(expect.arrayContaining([['balance', 'bob']]));
  });

  test('two overlapping settle runs credit each winner once', async () => {
    const c = await campaign(s, s.ids.top);
    s.local.clock.advance(c.settleAt - s.local.clock.now() + 1000);
    const [a, b] = await Promise.all([s.settle(), s.settle()]);
    expect(a.report.rewards.failed + b.report.rewards.failed).toBe(0);
    expect((await rewards(s)).length).toBe(3);
    expect((await campaign(s, s.ids.top)).winners).toBe(2);
    expect(await s.balance('bob')).toMatchObject({ lifetime: 4 * L1_UNIT + 4_000 });
    expect(await s.reconcile()).toMatchObject({ ok: true });
  });

  test('a distributor disabled before the results are taken wins nothing, and the ranks close up', async () => {
    const c = await campaign(s, s.ids.top);
    s.local.clock.advance(c.settleAt - s.local.clock.now() - 1000);
    await s.settle(); // unfreeze
    await s.admin('distributor.setStatus', { openid: 'bob', status: 'disabled' });
    s.local.clock.advance(2000);
    await s.settle();
    // bob out: alice alone ranks first and gets the first prize; nobody reaches the sales targets.
    expect((await rewards(s)).map((r) => [r.openid, r.amountFen, r.rank])).toEqual([['alice', 3_000, 1]]);
    expect(await campaign(s, s.ids.reached)).toMatchObject({ winners: 0, costFen: 0 });
    expect((await campaign(s, s.ids.reached)).settledAt).not.toBeNull();
    expect(await s.reconcile()).toMatchObject({ ok: true });
  });

  test('admin: validation at the edge, rules fixed once started, nothing editable once settled, audit-logged', async () => {
    const now = s.local.clock.now();
    const bad = [
      { title: 'x', startAt: now, endAt: now, kind: 'target', metric: 'salesFen', targetFen: 1, rewardFen: 1 },
      { title: 'x', startAt: now, endAt: now + DAY_MS, kind: 'target', metric: 'salesFen', targetFen: 1 },
      { title: 'x', startAt: now, endAt: now + DAY_MS, kind: 'top', metric: 'commissionFen', prizes: [1, 2] },
      { title: 'x', startAt: now, endAt: now + DAY_MS, kind: 'top', metric: 'recruits', prizes: [1] },
      { title: 'x', startAt: now, endAt: now + DAY_MS, kind: 'top', metric: 'teamSize', prizes: [1] },
      { title: 'x', startAt: now - 2 * DAY_MS, endAt: now - DAY_MS, kind: 'target', metric: 'salesFen', targetFen: 1, rewardFen: 1 },
      { title: ' ', startAt: now, endAt: now + DAY_MS, kind: 'target', metric: 'salesFen', targetFen: 1, rewardFen: 1 },
    ];
    const n = (await s.admin('campaign.list')).items.length;
    for (const p of bad) expect(await s.adminRaw('campaign.upsert', p)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await s.admin('campaign.list')).items).toHaveLength(n);
    expect(await s.apiRaw('bob', 'campaign.upsert', bad[0])).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });

    const running = await campaign(s, s.ids.reached);
    const rules = { title: running.title, startAt: running.startAt, endAt: running.endAt, kind: 'target', metric: 'salesFen', targetFen: running.targetFen, rewardFen: running.rewardFen };
    expect(await s.adminRaw('campaign.upsert', { ...rules, id: s.ids.reached, rewardFen: 1 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    await s.admin('campaign.upsert', { ...rules, id: s.ids.reached, title: '销售冲刺（11月）' });
    expect(await campaign(s, s.ids.reached)).toMatchObject({ title: '销售冲刺（11月）', rewardFen: 1_000 });
    const audit = (await s.admin('audit.list', { name: 'campaign.upsert' })).items as any[];
    expect(audit.length).toBeGreaterThan(0);

    // Upcoming: everything may change (and the settlement date follows the end).
    const later = { title: '下月', startAt: now + 10 * DAY_MS, endAt: now + 20 * DAY_MS, kind: 'target', metric: 'commissionFen', targetFen: 100, rewardFen: 100 };
    const { id } = await s.admin('campaign.upsert', later);
    await s.admin('campaign.upsert', { ...later, id, kind: 'top', targetFen: undefined, rewardFen: undefined, prizes: [500], endAt: now + 21 * DAY_MS });
    expect(await campaign(s, id)).toMatchObject({ kind: 'top', prizes: [500], targetFen: null, settleAt: now + 41 * DAY_MS });

    s.local.clock.advance(running.settleAt - s.local.clock.now() + 1000);
    await s.settle();
    expect(await s.adminRaw('campaign.upsert', { ...rules, id: s.ids.reached, title: '改' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('settle cut off at each database operation, then run again, ends as one clean run', async () => {
    s.close();
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const w = await world();
        const c = await campaign(w, w.ids.top);
        // The commission unfreezes in an earlier run; the run under test only settles the campaigns.
        w.local.clock.advance(c.settleAt - w.local.clock.now() - 1000);
        await w.settle();
        w.local.clock.advance(2000);
        // The run under test meets the real SDK (its transactions as the cloud runs them).
        await w.wire();
        return w;
      },
      act: (w) => w.settle(),
      snapshot: (w) => snapshot(w),
      check: async (w, n) => {
        expect({ n, bob: (await w.balance('bob')).lifetime }).toEqual({ n, bob: 4 * L1_UNIT + 4_000 });
        expect({ n, rewards: (await rewards(w)).length }).toEqual({ n, rewards: 3 });
        expect({ n, reconcile: (await w.reconcile()).ok }).toEqual({ n, reconcile: true });
      },
    });
    // Three campaigns: due query, per campaign a page (distributors, values, credits, guarded
    // commit), the top's credits, the count and the settled mark.
    expect(ops).toBeGreaterThanOrEqual(30);
    s = await world(); // for afterEach
  }, 240_000);

  test('a shop with more distributors than a page: the tally resumes across runs from its cursor, same results', async () => {
    // 2½ pages of distributors who sold nothing, sorted before and after alice and bob.
    const filler = Array.from({ length: Math.floor(TALLY_PAGE * 2.5) }, (_, i) => (i % 2 ? 'a' : 'z') + String(i).padStart(4, '0'));
    for (const id of filler) {
      const d = await s.distributor('alice');
      await s.db.collection(C.distributors).add({ data: { ...d, _id: id, openid: id, inviteCode: null, frozenFen: 0, availableFen: 0, lifetimeFen: 0, withdrawnFen: 0, withdrawingFen: 0 } });
    }
    const c = await campaign(s, s.ids.top);
    s.local.clock.advance(c.settleAt - s.local.clock.now() - 1000);
    await s.settle(); // unfreeze (the campaigns are not due yet)
    s.local.clock.advance(2000);
    // Each run may look at only a few pages: a clock that runs out after a few budget checks.
    let runs = 0;
    for (;;) {
      runs++;
      let ticks = 0;
      const budget = new Budget(() => ticks++, 6);
      const report = await settleRewards(s.local.cloud, s.local.clock.now(), budget);
      expect(report.failed).toBe(0);
      if (!report.more) break;
      expect(runs).toBeLessThan(50);
    }
    expect(runs).toBeGreaterThan(2);
    expect((await rewards(s)).map((r) => [r.openid, r.amountFen])).toEqual(
      expect.arrayContaining([['bob', 1_000], ['bob', 3_000], ['alice', 1_000]]),
    );
    expect(await rewards(s)).toHaveLength(3);
    for (const id of Object.values(s.ids)) expect((await campaign(s, id)).tally).toMatchObject({ done: true });
    expect((await campaign(s, s.ids.top)).results?.map((w) => [w.openid, w.rank])).toEqual([['bob', 1], ['alice', 2]]);
    expect(await s.reconcile()).toMatchObject({ ok: true });
  });
});

describe('a campaign whose orders have all settled', () => {
  test('is paid as soon as it has ended, before its bound; one still frozen order holds it to the bound', async () => {
    const s = await shop();
    try {
      const now = s.local.clock.now();
      const id = (await s.admin('campaign.upsert', { startAt: now - 1000, endAt: now + 2 * DAY_MS, title: '周末冲刺', kind: 'target', metric: 'salesFen', targetFen: 2 * PRICE, rewardFen: 800 })).id as string;
      const held = (await s.admin('campaign.upsert', { startAt: now - 1000, endAt: now + 2 * DAY_MS, title: '同期活动', kind: 'target', metric: 'salesFen', targetFen: 2 * PRICE, rewardFen: 500 })).id as string;
      await s.buyReceived(2); // received now: unfreezes after freezeDays (7)
      s.local.clock.advance(8 * DAY_MS);
      await s.settle(); // unfreeze; both campaigns have ended and nothing of their window is frozen
      expect((await campaign(s, id)).settleAt).toBeGreaterThan(s.local.clock.now());
      expect((await rewards(s)).map((r) => [r.campaignId, r.openid, r.amountFen])).toEqual(
        [[id, 'bob', 800], [held, 'bob', 500]].sort((a, b) => (`${a[0]}:${a[1]}` < `${b[0]}:${b[1]}` ? -1 : 1)),
      );
      expect(await s.reconcile()).toMatchObject({ ok: true });

      // A later campaign with an order paid in it that never ships: it waits for its bound.
      const later = s.local.clock.now();
      const late = (await s.admin('campaign.upsert', { startAt: later - 1000, endAt: later + DAY_MS, title: '月底冲刺', kind: 'target', metric: 'salesFen', targetFen: 2 * PRICE, rewardFen: 300 })).id as string;
      await s.buyReceived(2);
      await s.buy(1);
      s.local.clock.advance(8 * DAY_MS);
      await s.settle();
      expect((await rewards(s)).some((r) => r.campaignId === late)).toBe(false);
      s.local.clock.advance((await campaign(s, late)).settleAt - s.local.clock.now() + 1000);
      await s.settle();
      expect((await rewards(s)).filter((r) => r.campaignId === late).map((r) => [r.openid, r.amountFen])).toEqual([['bob', 300]]);
    } finally {
      s.close();
    }
  });
});
