/**
 * What every paged list page does with the same gestures: pull down to refresh, reach the bottom to
 * load the next page, retry after an error (the first page again if nothing loaded yet). The page
 * provides `load(reset)` and a `list` built with utils/pager.
 */
interface ListHost {
  load(reset: boolean): unknown;
  data: { list: { loaded: boolean } };
}

export const listPage = Behavior({
  methods: {
    async onPullDownRefresh() {
      await (this as unknown as ListHost).load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return (this as unknown as ListHost).load(false);
    },
    onRetry() {
      const page = this as unknown as ListHost;
      return page.load(!page.data.list.loaded);
    },
  },
});
