import type { AdminData } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';

/** 对账: proves every balance equals its ledger; lists any mismatch. */
Component({
  data: {
    loading: true,
    error: '',
    r: null as AdminData<'reconcile'> | null,
  },
  methods: {
    onLoad() {
      return this.run();
    },
    async run() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await admin('reconcile', {});
        this.setData({ r, loading: false });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
  },
});
