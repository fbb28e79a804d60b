import { api, toastError } from '../../services/call';
import { uploadImage } from '../../services/upload';
import { login, relogin } from '../../services/session';
import { storedFiles } from '../../utils/files';

/**
 * Profile through WeChat's fill-in components (getUserProfile no longer returns them): the
 * avatar from `<button open-type="chooseAvatar">`, the nickname from `<input type="nickname">`,
 * saved with `user.updateProfile`. The chosen avatar (a temp file) is uploaded first.
 */
Component({
  behaviors: [storedFiles],
  data: {
    avatarUrl: '',
    nickname: '',
    saving: false,
    defaultAvatar: '/images/avatar.png',
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
 * A chosen avatar is a temp file: it is uploaded to (cloud or local) storage so it lasts, and its
 * file id saved (the server keeps only cloud:// or https avatars).
 */
async function persistAvatar(url: string): Promise<string> {
  if (!url || /^(https:|cloud:)/.test(url)) return url;
  return uploadImage('avatars', url);
}
