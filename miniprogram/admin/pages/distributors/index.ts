import type { DistributorStatus } from '../../../../typings/api';
import type { AdminDistributorView } from '../../../../typings/admin';
import { admin, toastError } from '../../../services/call';
import { DISTRIBUTOR_STATUS } from '../../../utils/labels';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';
import { session } from '../../../services/session';

type Row = AdminDistributorView & { statusText: string; isMe: boolean; gradeText: string };
const TABS = [
  { name: 'all', title: '全部' },
  { name: 'pending', title: '待审核' },
  { name: 'active', title: '已开通' },
  { name: 'disabled', title: '已停用' },
  { name: 'rejected', title: '已驳回' },
];

/** 分销商: search, filter by status, approve / reject applications, disable / restore, set a grade by hand, open a team. */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    defaultAvatar: '/images/avatar.png',
    tabs: TABS,
    status: 'all',
    q: '',
    list: emptyList<Row>(),
    /** 分销等级 (settings), for the grade on each row and the 调整等级 sheet. */
    grades: [] as Array<{ id: string; name: string }>,
    gradeSheet: false,
    gradeFor: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.status) this.setData({ status: query.status });
      return this.loadGrades().then(() => this.load(true));
    },
    async loadGrades() {
      try {
        const { settings } = await admin('settings.get', {});
        this.setData({ grades: settings.grades.map((g) => ({ id: g.id, name: g.name })) });
      } catch {
        // The list works without grade names (rows then show none).
      }
    },
    gradeText(d: AdminDistributorView): string {
      const grades = this.data.grades;
      if (!grades.length) return '';
      const g = grades.find((x) => x.id === d.gradeId) ?? grades[0];
      return g.name + (d.gradeManual ? '（手动）' : '');
    },
    onGrade(e: WechatMiniprogram.TouchEvent) {
      this.setData({ gradeSheet: true, gradeFor: String(e.currentTarget.dataset.openid) });
    },
    onGradeClose() {
      this.setData({ gradeSheet: false });
    },
    async onGradePick(e: { detail: { id: string; name: string } }) {
      this.setData({ gradeSheet: false });
      try {
        await admin('distributor.setGrade', { openid: this.data.gradeFor, gradeId: e.detail.id });
        wx.showToast({ title: '已调整为' + e.detail.name, icon: 'none' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
    load(reset: boolean) {
      const status = this.data.status === 'all' ? undefined : (this.data.status as DistributorStatus);
      const q = this.data.q.trim();
      return loadList(
        this,
        'list',
        (cursor) => admin('distributor.list', { ...(status ? { status } : {}), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) }),
        (d: AdminDistributorView): Row => ({ ...d, statusText: DISTRIBUTOR_STATUS[d.status], isMe: d.openid === session()?.user.openid, gradeText: this.gradeText(d) }),
        reset,
      );
    },
    onQ(e: { detail: string }) {
      this.setData({ q: String(e.detail) });
    },
    onSearch(e: { detail: string }) {
      this.setData({ q: String(e.detail) });
      return this.load(true);
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
    async onReview(e: WechatMiniprogram.TouchEvent) {
      const { openid, approve } = e.currentTarget.dataset as { openid: string; approve: boolean };
      try {
        await admin('distributor.review', { openid, approve: !!approve });
        wx.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
    async onSetStatus(e: WechatMiniprogram.TouchEvent) {
      const { openid, status } = e.currentTarget.dataset as { openid: string; status: 'active' | 'disabled' };
      if (status === 'disabled') {
        const ok = await new Promise<boolean>((resolve) =>
          wx.showModal({
            title: '停用推广资格',
            content: '停用后，此后支付的订单不再为其产生佣金（已获得的不受影响）。确定停用？',
            confirmColor: '#ee0a24',
            success: (r) => resolve(!!r.confirm),
            fail: () => resolve(false),
          }),
        );
        if (!ok) return;
      }
      try {
        await admin('distributor.setStatus', { openid, status });
        wx.showToast({ title: status === 'disabled' ? '已停用' : '已恢复', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
    onTeam(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: '/admin/pages/team/index?openid=' + encodeURIComponent(String(e.currentTarget.dataset.openid)) });
    },
  },
});
