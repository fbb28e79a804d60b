import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, mp } from './support/harness';
import * as serverScene from '../../miniprogram/shared/scene';

const money = mp('shared/money.js');

/** Runs utils/money.wxs as the WXS runtime would (a CommonJS-style module, ES5 only). */
function wxsYuan(): (fen: number) => string {
  const module = { exports: {} as { yuan: (fen: number) => string } };
  new Function('module', readFileSync(join(ROOT, 'utils/money.wxs'), 'utf8'))(module);
  return module.exports.yuan;
}

describe('the money formatter and its WXS twin', () => {
  test.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [10, '¥0.10'],
    [1234, '¥12.34'],
    [12900, '¥129.00'],
    [-300, '-¥3.00'],
    [-5, '-¥0.05'],
    [123456, '¥1,234.56'],
    [99999, '¥999.99'],
    [100000, '¥1,000.00'],
    [123456789, '¥1,234,567.89'],
    [-123456789, '-¥1,234,567.89'],
  ])('%i fen → %s', (fen, shown) => {
    expect(money.yuan(fen)).toBe(shown);
    expect(wxsYuan()(fen)).toBe(shown);
  });

  test('TS and WXS agree on every amount from -100000 to 100000 fen, and on large ones', () => {
    const w = wxsYuan();
    for (let fen = -100000; fen <= 100000; fen += 7) expect(w(fen)).toBe(money.yuan(fen));
    for (let fen = 1; fen < 1e13; fen = fen * 13 + 7) expect(w(fen)).toBe(money.yuan(fen));
  });

  test('yuanPlain (WeChat message amounts) never groups', () => {
    expect(money.yuanPlain(123456789)).toBe('¥1234567.89');
    expect(money.yuanPlain(-500)).toBe('-¥5.00');
  });

  test.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['0.01', 1],
    [' 5 ', 500],
    ['12.345', null],
    ['-1', null],
    ['abc', null],
    ['', null],
  ])('typed yuan %p → %p fen (no floats)', (text, fen) => {
    expect(money.parseYuan(text)).toBe(fen);
  });

  test('withdrawal fee as the server takes it: floor, net = amount − fee', () => {
    expect(money.withdrawalFee(500, 100)).toEqual({ feeFen: 5, netFen: 495 });
    expect(money.withdrawalFee(199, 100)).toEqual({ feeFen: 1, netFen: 198 });
    expect(money.withdrawalFee(99, 100)).toEqual({ feeFen: 0, netFen: 99 });
  });
});

describe('the mini program reads scenes as the server writes them (one shared module)', () => {
  const client = mp('services/scene.js');
  test.each([
    ['c=ABC234', { code: 'ABC234', productId: null }],
    ['c=abc234', { code: 'ABC234', productId: null }],
    ['c%3DABC234%26p%3Dp123', { code: 'ABC234', productId: 'p123' }],
    ['c=ABC234&p=prod_1', { code: 'ABC234', productId: 'prod_1' }],
    ['c=ABC234&p=bad id', { code: 'ABC234', productId: null }],
    ['p=x&c=ABC234', { code: 'ABC234', productId: 'x' }],
    ['ABC234', { code: 'ABC234', productId: null }],
    ['c=ABC23O', { code: null, productId: null }], // O is not in the alphabet
    ['%E4%BD%A0', { code: null, productId: null }],
    ['%', { code: null, productId: null }],
    ['c=', { code: null, productId: null }],
    ['', { code: null, productId: null }],
  ])('%p', (raw, expected) => {
    expect(client.decodeScene(raw)).toEqual(expected);
    expect(serverScene.decodeScene(raw)).toEqual(expected);
  });

  test('a server-made scene decodes back on the client', () => {
    const { scene } = serverScene.encodeScene('ABC234', 'prod_9');
    expect(client.decodeScene(encodeURIComponent(scene))).toEqual({ code: 'ABC234', productId: 'prod_9' });
  });

  test('share path code wins over scene; junk is ignored', () => {
    expect(client.referralFromQuery({ c: 'abc234' })).toEqual({ code: 'ABC234' });
    expect(client.referralFromQuery({ scene: encodeURIComponent('c=XYZ789') })).toEqual({ code: 'XYZ789', scene: 'c=XYZ789' });
    expect(client.referralFromQuery({ c: 'nope' })).toBeNull();
    expect(client.referralFromQuery({})).toBeNull();
  });
});
