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

/** The identities the dev switcher on 我的 offers in local mode. */
export const DEV_IDENTITIES: Array<{ openid: string; label: string }> = [
  { openid: 'admin', label: '店主（管理员）' },
  { openid: 'dev-alice', label: '分销商 小艾' },
  { openid: 'dev-bob', label: '好友 小博' },
];
