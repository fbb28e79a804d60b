import { DEFAULT_SETTINGS } from '../../server/rules/settings';
import { C } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';

let t: TestCloud;
beforeEach(() => {
  t = startLocal();
});
afterEach(() => t.close());

describe('settings.get / settings.update', () => {
  it('answers the defaults with a passing compliance self-check', async () => {
    const res = await t.admin('settings.get');
    expect(res.settings).toEqual(DEFAULT_SETTINGS);
    expect(res.compliance.ok).toBe(true);
    const ids = res.compliance.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['levels', 'rate_cap', 'cap_ceiling', 'no_entry_fee', 'share_text']));
    expect(res.compliance.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('applies a partial patch, keeps the rest, and saves it', async () => {
    const res = await t.admin('settings.update', { rates: { level1Bps: 1200 }, binding: { mode: 'window' } });
    expect(res.settings.rates).toEqual({ level1Bps: 1200, level2Bps: 500 });
    expect(res.settings.binding).toEqual({ mode: 'window', windowDays: 30, newUsersOnly: false });
    expect(res.settings.withdrawal).toEqual(DEFAULT_SETTINGS.withdrawal);
    expect((await t.admin('settings.get')).settings).toEqual(res.settings);
  });

  it('warns about risky but allowed choices', async () => {
    const res = await t.admin('settings.update', { settlement: { freezeDays: 0 }, binding: { mode: 'last_click' } });
    expect(res.compliance.ok).toBe(true);
    expect(res.compliance.warnings.join('\n')).toMatch(/冻结期/);
    expect(res.compliance.warnings.join('\n')).toMatch(/最后点击/);
  });

  const invalidPatches: Array<[string, object]> = [
    ['rates over the cap', { rates: { level1Bps: 2600, level2Bps: 500 } }],
    ['a negative rate', { rates: { level1Bps: -1 } }],
    ['a fractional rate', { rates: { level2Bps: 10.5 } }],
    ['maxTotalBps over 50%', { maxTotalBps: 5001 }],
    ['maxTotalBps below the current rates', { maxTotalBps: 1000 }],
    ['an unknown onboarding mode', { onboarding: { mode: 'paid' } }],
    ['a negative threshold', { onboarding: { thresholdFen: -100 } }],
    ['an unknown binding mode', { binding: { mode: 'forever' } }],
    ['windowDays 0', { binding: { windowDays: 0 } }],
    ['newUsersOnly as a string', { binding: { newUsersOnly: 'yes' } }],
    ['freezeDays 181', { settlement: { freezeDays: 181 } }],
    ['autoConfirmDays 0', { settlement: { autoConfirmDays: 0 } }],
    ['autoConfirmDays 61', { settlement: { autoConfirmDays: 61 } }],
    ['minFen above maxFen', { withdrawal: { minFen: 600000 } }],
    ['withdrawal minFen 0', { withdrawal: { minFen: 0 } }],
    ['dailyCount 0', { withdrawal: { dailyCount: 0 } }],
    ['payTimeoutMinutes 4', { order: { payTimeoutMinutes: 4 } }],
    ['payTimeoutMinutes 1441', { order: { payTimeoutMinutes: 1441 } }],
    ['a share title promising a reward', { share: { titleTemplate: '分享赚佣金 {title}' } }],
    ['an unknown top-level key', { fee: 100 }],
    ['an unknown nested key', { rates: { level3Bps: 100 } }],
    ['an operator object', { maxTotalBps: { $gt: 0 } }],
    ['a valid field next to an invalid one', { selfPurchase: true, settlement: { freezeDays: -1 } }],
  ];
  it.each(invalidPatches)('refuses %s with INVALID_ARGUMENT and saves nothing', async (_label, patch) => {
    await t.admin('settings.update', { rates: { level1Bps: 900 } });
    const before = await t.db.collection(C.settings).where({ _id: 'global' }).get();
    const res = await t.adminRaw('settings.update', patch);
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.any(String) });
    const after = await t.db.collection(C.settings).where({ _id: 'global' }).get();
    expect(after.data).toEqual(before.data);
    expect((await t.admin('settings.get')).settings.rates.level1Bps).toBe(900);
  });
});
