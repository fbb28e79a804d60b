import type { LocalCloud } from '../../local/runtime';
import { C, type DistributorDoc, type OrderDoc, type OrderLine, type UserDoc } from '../../server/repo/docs';
import { newUser } from '../../server/repo/users';
import { newDistributorDoc } from '../../server/repo/distributors';
import { DEFAULT_SETTINGS } from '../../server/rules/settings';
import { rulesFor } from '../../server/rules/commission';

/**
 * Documents planted straight into the database, for tests of one piece (the payment callback,
 * settlement, ...) that should not depend on every other action. Shapes are the stored ones.
 */
export async function plantUser(local: LocalCloud, openid: string, referrer: string | null = null): Promise<UserDoc> {
  let referrer2: string | null = null;
  if (referrer) {
    const { data } = await local.db.collection<UserDoc>(C.users).where({ _id: referrer }).get();
    referrer2 = data[0]?.referrerOpenid ?? null;
  }
  const user: UserDoc = {
    ...newUser(openid, local.clock.now()),
    nickname: openid,
    referrerOpenid: referrer,
    referrer2Openid: referrer2,
    boundAt: referrer ? local.clock.now() : null,
  };
  await local.db.collection(C.users).add({ data: user });
  return user;
}

export async function plantDistributor(
  local: LocalCloud,
  openid: string,
  referrer: string | null = null,
  status: DistributorDoc['status'] = 'active',
): Promise<DistributorDoc> {
  await plantUser(local, openid, referrer);
  const doc: DistributorDoc = newDistributorDoc(openid, local.clock.now(), {
    status,
    inviteCode: `C${openid.toUpperCase().replace(/[^A-Z2-9]/g, '').slice(0, 5)}`,
    realName: '',
    phone: '',
    nickname: openid,
  });
  await local.db.collection(C.distributors).add({ data: doc });
  return doc;
}

let seq = 0;

/**
 * An unpaid order as `order.create` leaves it (with WeChat Pay's side opened by unifiedOrder),
 * for a buyer whose chain is given.
 */
export async function plantOrder(
  local: LocalCloud,
  buyer: string,
  chain: OrderDoc['chain'],
  lines: Array<{ unitFen: number; quantity: number; rules?: OrderLine['rules'] }>,
): Promise<OrderDoc> {
  const now = local.clock.now();
  const id = `T${now}${String(++seq).padStart(6, '0')}`;
  const orderLines: OrderLine[] = lines.map((l, i) => ({
    productId: `p${i}`,
    title: `商品${i}`,
    image: '',
    quantity: l.quantity,
    unitFen: l.unitFen,
    refundedQuantity: 0,
    rules: l.rules ?? rulesFor(l.unitFen, { mode: 'inherit' }, DEFAULT_SETTINGS),
  }));
  const order: OrderDoc = {
    _id: id,
    outTradeNo: id,
    buyerOpenid: buyer,
    buyerNickname: buyer,
    status: 'pending',
    totalFen: orderLines.reduce((s, l) => s + l.unitFen * l.quantity, 0),
    refundedFen: 0,
    lines: orderLines,
    chain,
    firstOrder: true,
    createdAt: now,
    payDeadline: now + 30 * 60_000,
    paidAt: null,
    shippedAt: null,
    receivedAt: null,
    closedAt: null,
    transactionId: null,
  };
  await local.db.collection(C.orders).add({ data: order });
  const res = await local.pay.unifiedOrder({
    body: 'test',
    outTradeNo: id,
    spbillCreateIp: '127.0.0.1',
    subMchId: '1900000109',
    totalFee: order.totalFen,
    envId: local.envId,
    functionName: 'payCallback',
    subOpenid: buyer,
  });
  if (res.resultCode !== 'SUCCESS') throw new Error(`unifiedOrder failed: ${res.errCodeDes}`);
  return order;
}
