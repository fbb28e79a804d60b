import type { LocalCloud } from './runtime';
import { drawDemoPictures } from './demo-pictures';
import { LOCAL_APP_ID, LOCAL_MCH_ID } from './wechatpay-v3';
import { seedDemoGrades } from './seed-demo-grades';
import { seedDemoCampaigns } from './seed-demo-campaigns';
import { seedDemoInsights } from './seed-demo-insights';

/** The demo identities, for the mini program's dev identity switcher and for trying things out. */
export const DEMO_USERS = {
  shopkeeper: { nickname: '店长' },
  'demo-xiaomei': { nickname: '小美（一级分销商）' },
  'demo-aqiang': { nickname: '阿强（二级分销商）' },
  'demo-xiaoli': { nickname: '小李（顾客）' },
  'demo-laozhang': { nickname: '老张（顾客）' },
} as const;

const PRODUCTS = [
  { title: '云南小粒咖啡豆 500g', priceFen: 12900, stock: 200, description: '保山高海拔产区，中深烘焙，坚果与可可风味。', pictures: ['coffee', 'ginger'] },
  { title: '武夷山大红袍 礼盒装', priceFen: 26800, stock: 80, description: '传统炭焙，岩韵明显，附手提礼袋。', pictures: ['tea'] },
  { title: '手工红糖姜茶 12 袋', priceFen: 3990, stock: 500, description: '老姜与古法红糖熬制，冲泡即饮。', commission: { mode: 'fixed', level1Fen: 500, level2Fen: 200 }, pictures: ['ginger'] },
  { title: '有机五常大米 5kg', priceFen: 8850, stock: 0, description: '当季新米（暂时缺货，用来演示库存不足）。', pictures: ['rice'] },
  // Virtual: bought without an address, "shipped" without a parcel (the seed's education case).
  { title: '咖啡冲煮线上课（12 节）', priceFen: 9900, stock: 999, description: '视频课程，购买后在“我的订单”查看观看方式。', virtual: true, pictures: ['coffee'] },
];

/** Where the demo buyers' parcels go (as wx.chooseAddress would give them). */
const ADDRESSES: Record<string, object> = {
  'demo-xiaoli': { name: '李小璐', phone: '13912345678', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 398 号 2 幢 501 室' },
  'demo-laozhang': { name: '张建国', phone: '13800001234', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园南区 8 栋 1203' },
};

/**
 * A small demo shop, written through the real actions (so it is what a shop owner and customers
 * would have made): five products (one virtual), the chain 店长 → 小美 → 阿强 → 小李, a paid order
 * and a shipped one (both with delivery addresses; the shipped one with an SF tracking number recorded
 * with WeChat's stand-in), and 老张's open after-sales request on one unit. Returns a description of
 * what was written, or null when the database already has data.
 */
export async function seedDemo(local: LocalCloud, adminOpenid: string): Promise<string | null> {
  const { total } = await local.db.collection('users').count();
  if (total > 0) return null;

  const call = async (openid: string, fn: 'api' | 'admin', action: string, params: object = {}) => {
    const res = (await local.call(openid, fn, { action, ...params })) as { ok: boolean; data?: any; code?: string; message?: string };
    if (!res.ok) throw new Error(`seed: ${action} failed: ${res.code} ${res.message}`);
    return res.data;
  };
  const users: Record<string, string> = { ...Object.fromEntries(Object.entries(DEMO_USERS).map(([k, v]) => [k, v.nickname])) };
  delete users.shopkeeper;
  users[adminOpenid] = DEMO_USERS.shopkeeper.nickname;
  for (const [openid, nickname] of Object.entries(users)) await call(openid, 'api', 'user.updateProfile', { nickname });

  // Product photos drawn by the project (local/demo-pictures.ts), stored as an upload would store them.
  const drawn = await drawDemoPictures(['coffee', 'tea', 'ginger', 'rice']);
  const stored = new Map<string, string>();
  for (const [name, png] of drawn ?? []) {
    stored.set(name, (await local.storage.uploadFile({ cloudPath: `products/demo-${name}.png`, fileContent: png })).fileID);
  }
  const imagesOf = (names: string[]) => names.map((n) => stored.get(n)).filter((id): id is string => !!id);
  const productIds: string[] = [];
  // The stand-in merchant's ids, so turning on 自动转账到微信零钱 in 分销设置 is one tap.
  await call(adminOpenid, 'admin', 'settings.update', { payout: { mchId: LOCAL_MCH_ID, appId: LOCAL_APP_ID } });
  for (const { pictures, ...p } of PRODUCTS) {
    productIds.push((await call(adminOpenid, 'admin', 'product.upsert', { ...p, images: imagesOf(pictures), status: 'on' })).id);
  }

  const code = async (openid: string) => (await call(openid, 'api', 'distributor.apply', {})).inviteCode as string;
  const shopCode = await code(adminOpenid);
  await call('demo-xiaomei', 'api', 'referral.bind', { code: shopCode });
  const meiCode = await code('demo-xiaomei');
  await call('demo-aqiang', 'api', 'referral.bind', { code: meiCode });
  const qiangCode = await code('demo-aqiang');
  await call('demo-xiaoli', 'api', 'referral.bind', { code: qiangCode });
  await call('demo-laozhang', 'api', 'referral.bind', { code: meiCode });
  await seedDemoGrades(local, call, adminOpenid);

  const buy = async (openid: string, items: Array<{ productId: string; quantity: number }>) => {
    const order = await call(openid, 'api', 'order.create', { items, address: ADDRESSES[openid] });
    await local.pay.pay(order.outTradeNo);
    return order.orderId as string;
  };
  await buy('demo-xiaoli', [{ productId: productIds[0], quantity: 2 }]);
  const shipped = await buy('demo-laozhang', [{ productId: productIds[1], quantity: 1 }, { productId: productIds[2], quantity: 3 }]);
  await call(adminOpenid, 'admin', 'order.ship', { orderId: shipped, parcels: [{ expressCompany: 'SF', trackingNo: 'SF1460281139257' }] });
  // 老张 found one box of ginger tea crushed: an open request the shop can approve or reject.
  await call('demo-laozhang', 'api', 'afterSale.request', {
    orderId: shipped,
    lines: [{ productId: productIds[2], quantity: 1 }],
    reason: '商品破损',
    note: '外包装压坏，一盒姜茶漏了',
  });
  // A marketing material for the 推广中心, and the week/month leaderboards filled by a settle run.
  await call(adminOpenid, 'admin', 'material.upsert', {
    title: '新品上架',
    text: '今年的新茶到了，香气足、回甘好，送人自饮都合适。',
    images: imagesOf(['tea']),
    productId: productIds[0],
    status: 'on',
  });
  await seedDemoCampaigns(local, call, adminOpenid);
  await seedDemoInsights(local, productIds); // share visits; the settle run below computes insights
  await local.trigger('settle');

  return `5 件商品（1 件虚拟课程）；分销链 ${DEMO_USERS.shopkeeper.nickname} → 小美 → 阿强 → 小李，老张由小美推荐；2 笔已支付订单（1 笔已发货，顺丰单号），老张有 1 条待处理的售后申请；3 个分销等级（小美银牌、店长金牌），1 个进行中的奖励活动和 1 个已发奖的佣金榜，近 30 天的分享浏览与推广建议。演示身份（X-WX-OPENID）：${adminOpenid}, ${Object.keys(DEMO_USERS).filter((k) => k !== 'shopkeeper').join(', ')}`;
}
