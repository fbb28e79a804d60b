import { COLLECTIONS } from '../../server/db/collections';
import { startLocal, ADMIN, type TestCloud } from '../support/local';

/** A fresh cloud environment has no collections: the one-time setup creates them, idempotently. */
describe('setting up a new environment', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal({ collections: [] });
  });
  afterEach(() => t.close());

  test('before setup the functions fail like the cloud; setup.collections creates every collection, once', async () => {
    expect(await t.apiRaw('u1', 'user.login')).toMatchObject({ ok: false, code: 'INTERNAL' });
    // A non-admin cannot run it (and learns nothing).
    expect(await t.adminRaw('setup.collections', {}, 'u1')).toMatchObject({ ok: false });

    const first = await t.admin('setup.collections');
    expect([...first.created].sort()).toEqual([...COLLECTIONS].sort());
    expect(first).toMatchObject({ existed: [], failed: [] });
    const again = await t.admin('setup.collections');
    expect(again).toMatchObject({ created: [], failed: [] });
    expect([...again.existed].sort()).toEqual([...COLLECTIONS].sort());

    expect(await t.apiRaw('u1', 'user.login')).toMatchObject({ ok: true });
    // The admin's own record and the audit entry were written once the collections existed.
    expect((await t.admin('audit.list', { actor: ADMIN })).items.length).toBeGreaterThan(0);
  });

  test('the first settle run sets up too; later runs only read their mark', async () => {
    const first = (await t.local.trigger('settle')) as { ok: true; report: { setup: { created: string[] } | null } };
    expect([...first.report.setup!.created].sort()).toEqual([...COLLECTIONS].sort());
    const { ops } = await t.local.db.ops.measure(async () => {
      const second = (await t.local.trigger('settle')) as { ok: true; report: { setup: unknown } };
      expect(second.report.setup).toBeNull();
    });
    expect(ops).toBeLessThan(COLLECTIONS.length);
    expect(await t.apiRaw('u1', 'user.login')).toMatchObject({ ok: true });
  });
});
