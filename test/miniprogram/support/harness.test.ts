/**
 * The page harness itself: what a page receives from the cloud and how a page renders a second
 * time must be what WeChat gives, or page tests pass or fail for the harness's reasons.
 */
import { createWorld, text, texts, type World } from './harness';
import { seedDemo } from '../../../local/seed-demo';
import { ADMIN } from '../../support/local';

let w: World;
beforeEach(async () => {
  w = createWorld();
  await seedDemo(w.cloud.local, ADMIN);
});
afterEach(() => w.close());

test('arrays from the cloud reach the page as arrays of its own realm: a list with rows shows no empty state', async () => {
  await w.as('demo-xiaomei');
  const page = await w.page('distributor/pages/ranking/index');
  const items = page.instance.data.items;
  // What the page code and the template see: a real array with a length.
  expect(items instanceof Array).toBe(true);
  expect(items.length).toBeGreaterThan(0);
  expect(texts(page, '.rank-row').length).toBe(items.length);
  expect(page.querySelector('#empty')).toBeFalsy();
  expect(text(page, 'main')).not.toContain('暂无排行数据');
});

test('a page rendered a second time, after other pages, keeps vant linked to its children: tab titles and the checked radio', async () => {
  await w.as(ADMIN);
  for (let i = 0; i < 2; i++) {
    const edit = await w.page('admin/pages/product-edit/index');
    // A new product follows the shop's setting: that radio (and only it) is checked.
    expect(edit.dom.innerHTML.match(/van-radio__icon--checked/g) ?? []).toHaveLength(1);
    // van-tabs draws its titles from its linked van-tab children.
    const ranking = await w.page('distributor/pages/ranking/index');
    expect(text(ranking, '#by')).toBe('收益榜 团队榜');
    expect(text(ranking, '#period')).toBe('本周 本月 全部');
  }
});

test('a component rendered after the data arrived gets `ready` as in WeChat: the 推广 grid lays out four a row', async () => {
  await w.as('demo-xiaomei');
  const page = await w.page('pages/promote/index');
  const widths = page.dom.innerHTML.match(/width:\s*[^;"]*%/g) ?? [];
  expect(widths.length).toBeGreaterThanOrEqual(4);
  for (const width of widths) expect(width.replace(/\s/g, '')).toBe('width:25%');
});
