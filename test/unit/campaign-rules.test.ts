import { DAY_MS } from '../../server/core/time';
import type { CampaignDoc } from '../../server/repo/docs';
import {
  campaignProblem,
  campaignStatus,
  editProblem,
  mergeLeaders,
  metricValue,
  settleDaysFor,
  targetReward,
  topWinners,
  type CampaignRules,
} from '../../server/rules/campaign';

const T0 = Date.UTC(2026, 10, 1);
const target: CampaignRules = { title: '月度冲刺', startAt: T0, endAt: T0 + 30 * DAY_MS, kind: 'target', metric: 'salesFen', targetFen: 500_000, rewardFen: 10_000 };
const top: CampaignRules = { title: '销冠', startAt: T0, endAt: T0 + 30 * DAY_MS, kind: 'top', metric: 'commissionFen', prizes: [30_000, 20_000, 10_000] };

function doc(r: CampaignRules, extra: Partial<CampaignDoc> = {}): CampaignDoc {
  return {
    _id: 'cp1',
    title: r.title,
    kind: r.kind,
    metric: r.metric,
    startAt: r.startAt,
    endAt: r.endAt,
    targetFen: r.targetFen ?? null,
    rewardFen: r.rewardFen ?? null,
    prizes: r.prizes ?? null,
    settleDays: 20,
    settleAt: r.endAt + 20 * DAY_MS,
    createdAt: T0,
    updatedAt: T0,
    tally: { cursor: '', done: false, leaders: [] },
    results: null,
    settledAt: null,
    winners: 0,
    costFen: 0,
    ...extra,
  };
}

describe('campaign rules (pure)', () => {
  test('valid target and top campaigns pass; each broken rule is refused with its reason', () => {
    expect(campaignProblem(target)).toBeNull();
    expect(campaignProblem(top)).toBeNull();
    expect(campaignProblem({ ...target, endAt: target.startAt })).toMatch('结束时间');
    expect(campaignProblem({ ...target, endAt: target.startAt + 400 * DAY_MS })).toMatch('一年');
    expect(campaignProblem({ ...target, targetFen: 0 })).toMatch('目标金额');
    expect(campaignProblem({ ...target, rewardFen: undefined })).toMatch('奖励金额');
    expect(campaignProblem({ ...target, rewardFen: 10_000_001 })).toMatch('奖励金额');
    expect(campaignProblem({ ...target, prizes: [100] })).toMatch('名次');
    expect(campaignProblem({ ...top, prizes: [] })).toMatch('1 至 10');
    expect(campaignProblem({ ...top, prizes: Array(11).fill(100) })).toMatch('1 至 10');
    expect(campaignProblem({ ...top, prizes: [100, 200] })).toMatch('不递增');
    expect(campaignProblem({ ...top, prizes: [100, 0] })).toMatch('0.01');
    expect(campaignProblem({ ...top, prizes: [100, 100] })).toBeNull();
    expect(campaignProblem({ ...top, targetFen: 100 })).toMatch('排名活动');
  });

  test('status by time; settled once marked', () => {
    const c = doc(target);
    expect(campaignStatus(c, T0 - 1)).toBe('upcoming');
    expect(campaignStatus(c, T0)).toBe('running');
    expect(campaignStatus(c, c.endAt)).toBe('settling');
    expect(campaignStatus({ ...c, settledAt: c.settleAt }, c.endAt)).toBe('settled');
    expect(settleDaysFor({ freezeDays: 7, autoConfirmDays: 10 })).toBe(20);
  });

  test('edits: all before the start, only the title once started, nothing once settled', () => {
    const c = doc(target);
    expect(editProblem(c, { ...target, rewardFen: 1 }, T0 - 1)).toBeNull();
    expect(editProblem(c, { ...target, title: '新标题' }, T0 + 1)).toBeNull();
    expect(editProblem(c, { ...target, rewardFen: 5_000 }, T0 + 1)).toMatch('只能修改标题');
    expect(editProblem(c, { ...target, endAt: target.endAt + 1 }, T0 + 1)).toMatch('只能修改标题');
    expect(editProblem(doc(top), { ...top, prizes: [30_000, 20_000] }, T0 + 1)).toMatch('只能修改标题');
    expect(editProblem({ ...c, settledAt: c.settleAt }, { ...target, title: 'x' }, c.settleAt)).toMatch('已结算');
  });

  test('metric: only settled commission counts; sales are level-1 units not refunded × unit price', () => {
    const c = { status: 'available' as const, level: 1 as const, amountFen: 2000, quantity: 3, refundedQuantity: 1 };
    expect(metricValue('commissionFen', c, 10_000)).toBe(2000);
    expect(metricValue('salesFen', c, 10_000)).toBe(20_000);
    expect(metricValue('salesFen', { ...c, level: 2 }, 10_000)).toBe(0);
    expect(metricValue('commissionFen', { ...c, level: 2 }, 10_000)).toBe(2000);
    expect(metricValue('salesFen', { ...c, status: 'frozen' }, 10_000)).toBe(0);
    expect(metricValue('salesFen', { ...c, status: 'frozen' }, 10_000, false)).toBe(20_000);
    expect(metricValue('commissionFen', { ...c, status: 'reversed', amountFen: 0 }, 10_000, false)).toBe(0);
  });

  test('target: reached at exactly the target, not a fen below', () => {
    const c = doc(target);
    expect(targetReward(c, 500_000)).toBe(10_000);
    expect(targetReward(c, 499_999)).toBe(0);
  });

  test('top: competition ranking, ties share a rank and each gets its prize, zero never wins', () => {
    const prizes = [300, 200, 100];
    const leaders = [
      { openid: 'a', valueFen: 50 },
      { openid: 'b', valueFen: 90 },
      { openid: 'c', valueFen: 90 },
      { openid: 'd', valueFen: 10 },
      { openid: 'e', valueFen: 0 },
    ];
    expect(topWinners(leaders, prizes)).toEqual([
      { openid: 'b', valueFen: 90, rank: 1, amountFen: 300 },
      { openid: 'c', valueFen: 90, rank: 1, amountFen: 300 },
      { openid: 'a', valueFen: 50, rank: 3, amountFen: 100 },
    ]);
    // Merging pages keeps everyone within the prize ranks (ties at the last rank included), and a
    // distributor seen again is replaced, never counted twice.
    let l = mergeLeaders([], leaders.slice(0, 2), 2);
    l = mergeLeaders(l, leaders.slice(2), 2);
    expect(l.map((x) => x.openid)).toEqual(['b', 'c']);
    l = mergeLeaders(l, [{ openid: 'b', valueFen: 40 }, { openid: 'f', valueFen: 90 }], 2);
    expect(l.map((x) => x.openid)).toEqual(['c', 'f']);
    expect(mergeLeaders([], [{ openid: 'x', valueFen: 5 }, { openid: 'y', valueFen: 5 }, { openid: 'z', valueFen: 5 }], 1)).toHaveLength(3);
  });
});
