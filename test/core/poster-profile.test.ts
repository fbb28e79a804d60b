import { loadImage, createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { C } from '../../server/repo/docs';
import { decodeScene, HOME_PAGE, PRODUCT_PAGE } from '../../miniprogram/shared/scene';
import { startLocal, type TestCloud } from '../support/local';
import { becomeDistributor, distDoc } from './helpers';

let t: TestCloud;
beforeEach(() => {
  t = startLocal();
});
afterEach(() => t.close());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the stored PNG and decodes its code the way a phone camera would. */
async function readCode(fileID: string): Promise<string> {
  const png = t.local.storage.read(fileID);
  expect(png).not.toBeNull();
  expect(png!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const img = await loadImage(png!);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const data = g.getImageData(0, 0, img.width, img.height);
  const qr = jsQR(new Uint8ClampedArray(data.data), img.width, img.height);
  expect(qr).not.toBeNull();
  return qr!.data;
}

function sceneOf(content: string): { page: string; scene: string } {
  const [page, query] = content.split('?');
  return { page, scene: decodeURIComponent(new URLSearchParams(query).get('scene') ?? '') };
}

describe('distributor.poster', () => {
  it('is a real PNG mini program code whose scene carries the invite code', async () => {
    const code = await becomeDistributor(t, 'A');
    const res = await t.api('A', 'distributor.poster', {});
    expect(res.scene).toBe(`c=${code}`);
    expect(res.path).toBe(`${HOME_PAGE}?c=${code}`);
    expect(res.fileID).toMatch(/^cloud:\/\/.+\/posters\/A\/[0-9a-f]{16}\.png$/);
    expect(res.url).toMatch(/^http/);
    const content = await readCode(res.fileID);
    const { page, scene } = sceneOf(content);
    expect(page).toBe(HOME_PAGE);
    expect(scene).toBe(res.scene);
    expect(decodeScene(scene).code).toBe(code);
    // A friend scanning it gets bound to A.
    expect(await t.api('F', 'referral.bind', { scene })).toEqual({ bound: true });
  });

  it('reuses the stored poster instead of drawing it again', async () => {
    await becomeDistributor(t, 'A');
    const a = await t.api('A', 'distributor.poster', {});
    const b = await t.api('A', 'distributor.poster', {});
    expect(b).toEqual(a);
    const { total } = await t.db.collection(C.posters).where({ openid: 'A' }).count();
    expect(total).toBe(1);
  });

  it('opens the product page when the product fits in the scene, the home page otherwise', async () => {
    const code = await becomeDistributor(t, 'A');
    const short = await t.admin('product.upsert', { id: 'tea-01', title: '茶', priceFen: 1000, stock: 5, status: 'on' });
    const res = await t.api('A', 'distributor.poster', { productId: short.id });
    expect(res.scene).toBe(`c=${code}&p=tea-01`);
    expect(res.path).toBe(`${PRODUCT_PAGE}?id=tea-01&c=${code}`);
    expect(sceneOf(await readCode(res.fileID))).toEqual({ page: PRODUCT_PAGE, scene: res.scene });

    const long = await t.admin('product.upsert', { title: '长', priceFen: 1000, stock: 5, status: 'on' });
    const res2 = await t.api('A', 'distributor.poster', { productId: long.id });
    expect(res2.scene.length).toBeLessThanOrEqual(32);
    expect(decodeScene(res2.scene).code).toBe(code);
    expect(res2.path).toContain(`c=${code}`);

    expect(await t.apiRaw('A', 'distributor.poster', { productId: 'missing' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('is only for active distributors', async () => {
    expect(await t.apiRaw('F', 'distributor.poster', {})).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    await becomeDistributor(t, 'A');
    await t.admin('distributor.setStatus', { openid: 'A', status: 'disabled' });
    expect(await t.apiRaw('A', 'distributor.poster', {})).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    await t.admin('settings.update', { onboarding: { mode: 'approval' } });
    await t.api('P', 'distributor.apply', {});
    expect(await t.apiRaw('P', 'distributor.poster', {})).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
  });
});

describe('user.updateProfile', () => {
  it('saves nickname and avatar and shows them in login', async () => {
    const res = await t.api('U', 'user.updateProfile', { nickname: '  小明 ', avatarUrl: 'cloud://env.x/avatars/u.png' });
    expect(res.user).toMatchObject({ openid: 'U', nickname: '小明', avatarUrl: 'cloud://env.x/avatars/u.png' });
    expect((await t.api('U', 'user.login')).user).toMatchObject({ nickname: '小明', avatarUrl: 'cloud://env.x/avatars/u.png' });
    await becomeDistributor(t, 'U');
    await t.api('U', 'user.updateProfile', { nickname: '大明' });
    expect((await distDoc(t, 'U'))?.nickname).toBe('大明');
  });

  const bad: Array<[string, object]> = [
    ['an empty nickname', { nickname: '   ' }],
    ['a nickname over 32 characters', { nickname: '名'.repeat(33) }],
    ['a nickname with control characters', { nickname: 'a\u0000b' }],
    ['an http avatar', { avatarUrl: 'http://example.com/a.png' }],
    ['a javascript avatar', { avatarUrl: 'javascript:alert(1)' }],
    ['an avatar as an object', { avatarUrl: { $ne: '' } }],
    ['an extra key', { nickname: 'x', openid: 'someone-else' }],
  ];
  it.each(bad)('refuses %s with INVALID_ARGUMENT and changes nothing', async (_l, params) => {
    await t.api('U', 'user.updateProfile', { nickname: '原名' });
    expect(await t.apiRaw('U', 'user.updateProfile', params)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await t.api('U', 'user.login')).user.nickname).toBe('原名');
  });
});
