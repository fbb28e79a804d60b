import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useProcess } from './process';

/** `POST /__dev/upload?cloudPath=…`: the local cloud's stand-in for wx.cloud.uploadFile (avatars, product and material photos). */
describe('the local cloud’s avatar upload', () => {
  const proc = useProcess();
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png body')]);
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg body')]);

  async function upload(cloudPath: string, body: Buffer) {
    const p = proc();
    const res = await fetch(`${p.url}/__dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  /** Every file stored under the data dir's files/ (relative paths). */
  function stored(): string[] {
    const root = join(proc().dataDir, 'files');
    const out: string[] = [];
    const walk = (dir: string, rel: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), rel + e.name + '/');
        else out.push(rel + e.name);
      }
    };
    walk(root, '');
    return out.sort();
  }

  test('an avatar is stored, served back byte for byte, and its file id saved as the user’s avatar', async () => {
    const p = proc();
    const res = await upload('avatars/u1-1.png', PNG);
    expect(res.status).toBe(200);
    expect(res.json.fileID).toMatch(/^cloud:\/\/[^/]+\/avatars\/u1-1\.png$/);
    expect(res.json.url).toBe(`${p.url}/files/avatars/u1-1.png`);
    const served = await fetch(res.json.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);

    await p.call('api', 'u1', 'user.updateProfile', { nickname: '小一', avatarUrl: res.json.fileID });
    const me = await p.call('api', 'u1', 'user.login');
    expect(me.user.avatarUrl).toBe(res.json.fileID);

    const jpeg = await upload('avatars/sub/u2.jpg', JPEG);
    expect(jpeg.status).toBe(200);
    expect(stored()).toEqual(expect.arrayContaining(['avatars/u1-1.png', 'avatars/sub/u2.jpg']));
  });

  test('product and material photos are stored too, and a product saves their file ids', async () => {
    const p = proc();
    const photo = await upload('products/p-1.jpg', JPEG);
    expect(photo.status).toBe(200);
    expect(photo.json.fileID).toMatch(/^cloud:\/\/[^/]+\/products\/p-1\.jpg$/);
    expect((await upload('materials/m-1.png', PNG)).status).toBe(200);
    expect(stored()).toEqual(expect.arrayContaining(['products/p-1.jpg', 'materials/m-1.png']));
    const { id } = await p.call('admin', 'admin', 'product.upsert', { title: '照片商品', priceFen: 100, stock: 1, status: 'on', images: [photo.json.fileID] });
    expect((await p.call('api', 'u9', 'product.get', { id })).images).toEqual([photo.json.fileID]);
  });

  test('paths outside avatars/, traversal and other file types are refused, and nothing is written', async () => {
    const before = stored();
    for (const path of [
      'avatars/../../cloud.db',
      'avatars/../exports/x.png',
      'avatars/..%2F..%2Fx.png',
      '../avatars/x.png',
      '/avatars/x.png',
      'avatars//x.png',
      'exports/x.png',
      'posters/x.png',
      'products/../exports/x.png',
      'materials/x.csv',
      'avatars/x.gif',
      'avatars/x.png.exe',
      'avatars/.png',
      '',
    ]) {
      const res = await upload(path, PNG);
      expect([path, res.status, res.json.errCode]).toEqual([path, 400, 'INVALID_PATH']);
    }
    expect(stored()).toEqual(before);
    expect(existsSync(join(proc().dataDir, 'x.png'))).toBe(false);
  });

  test('a body that is not the image its name says, or over 2 MB, is refused; the host keeps serving', async () => {
    const before = stored();
    const html = await upload('avatars/fake.png', Buffer.from('<html></html>'));
    expect(html.status).toBe(400);
    expect(html.json.errCode).toBe('INVALID_FILE');
    const swapped = await upload('avatars/swapped.jpg', PNG);
    expect(swapped.json.errCode).toBe('INVALID_FILE');
    const empty = await upload('avatars/empty.png', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await upload('avatars/big.png', big);
    expect(tooBig.status).toBe(413);
    expect(stored()).toEqual(before);
    const after = await proc().post('/functions/api', { data: { action: 'user.login' } }, 'u3');
    expect(after.json.result.ok).toBe(true);
  });
});
