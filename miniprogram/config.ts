/**
 * Which backend the mini program talks to — the one switch between WeChat's cloud and the local
 * cloud (`npm start`). In local mode calls go over wx.request with a dev identity that stands in
 * for the WeChat login, so one developer can play the shop owner, a distributor and a friend.
 * (In devtools, tick "不校验合法域名" for http://127.0.0.1.)
 */
export type Backend =
  | { backend: 'local'; localUrl: string; devOpenid: string }
  | { backend: 'cloud'; envId: string };

export const config: Backend = {
  backend: 'local',
  localUrl: 'http://127.0.0.1:3000',
  // `npm start` makes `admin` the admin (ADMIN_OPENIDS); switch identities on 我的.
  devOpenid: 'admin',
};

/** The identities the dev switcher on 我的 offers in local mode: the demo shop's people (local/seed-demo.ts). */
export const DEV_IDENTITIES: Array<{ openid: string; label: string }> = [
  { openid: 'admin', label: '店长（管理员）' },
  { openid: 'demo-xiaomei', label: '小美（一级分销商）' },
  { openid: 'demo-aqiang', label: '阿强（二级分销商）' },
  { openid: 'demo-xiaoli', label: '小李（顾客）' },
];

/**
 * Subscribe message template ids the shop picked in the WeChat console (the same ids as the
 * functions' TPL_COMMISSION_AVAILABLE / TPL_WITHDRAWAL_REVIEWED). Empty: the mini program never
 * asks the user to subscribe (the server's sends then fail quietly, as they must).
 */
export const SUBSCRIBE_TEMPLATES: { commissionAvailable: string; withdrawalReviewed: string } = {
  commissionAvailable: '',
  withdrawalReviewed: '',
};
