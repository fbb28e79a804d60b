/** The states every list shows below its items: loading, empty, error (with retry), the end. */
Component({
  properties: {
    list: { type: Object, value: {} },
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
