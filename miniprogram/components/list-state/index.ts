/**
 * The states every list shows below its items: loading, empty (with an optional way on, e.g.
 * `action-text="去逛逛"` + `bind:action`), error (with retry), the end.
 */
Component({
  properties: {
    list: { type: Object, value: {} },
    emptyText: { type: String, value: '暂无内容' },
    actionText: { type: String, value: '' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
    onAction() {
      this.triggerEvent('action');
    },
  },
});
