import { api, isLocal, toastError } from '../../services/call';
import { login, relogin } from '../../services/session';

/**
 * Profile through WeChat's fill-in components (getUserProfile no longer returns them): the
 * avatar from `<button open-type="chooseAvatar">`, the nickname from `<input type="nickname">`,
 * saved with `user.updateProfile`. In the cloud the chosen avatar (a temp file) is uploaded first.
 */
Component({
  data: {
    avatarUrl: '',
    nickname: '',
    saving: false,
    defaultAvatar: 'https://img.yzcdn.cn/vant/cat.jpeg',
  },
  methods: {
    async onLoad() {
      try {
        const s = await login();
        this.setData({ avatarUrl: s.user.avatarUrl, nickname: s.user.nickname });
      } catch (e) {
        toastError(e);
      }
    },
    onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      this.setData({ avatarUrl: e.detail.avatarUrl });
    },
    onNickname(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ nickname: e.detail.value });
    },
    async onSave() {
      const nickname = this.data.nickname.trim();
      if (!nickname) {
        wx.showToast({ title: '请输入昵称', icon: 'none' });
        return;
      }
      this.setData({ saving: true });
      try {
        const avatarUrl = await persistAvatar(this.data.avatarUrl);
        await api('user.updateProfile', avatarUrl ? { nickname, avatarUrl } : { nickname });
        await relogin();
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});

/**
 * A chosen avatar is a temp file: in the cloud it is uploaded to cloud storage so it lasts. The
 * server keeps only cloud:// or https avatars; the local cloud has no upload endpoint, so in local
 * mode a temp avatar is not sent (the nickname still is).
 */
async function persistAvatar(url: string): Promise<string> {
  if (!url || /^(https:|cloud:)/.test(url)) return url;
  if (isLocal()) return '';
  const res = await wx.cloud.uploadFile({ cloudPath: 'avatars/' + Date.now() + '-' + Math.floor(Math.random() * 1e6) + '.png', filePath: url });
  return res.fileID;
}
