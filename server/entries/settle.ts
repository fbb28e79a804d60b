import type { Cloud } from '../platform/cloud';
import { runSettle, type SettleReport } from '../settle/run-settle';

/**
 * The `settle` function, run hourly by its timer trigger. A call from the mini program (which
 * always carries the caller's OPENID) is refused and changes nothing.
 */
export async function handleSettle(
  cloud: Cloud,
  _event: unknown,
): Promise<{ ok: true; report: SettleReport } | { ok: false; code: 'FORBIDDEN'; message: string }> {
  const wx = cloud.getWXContext();
  if (wx.OPENID || wx.SOURCE === 'wx_client') {
    return { ok: false, code: 'FORBIDDEN', message: '定时任务只能由系统触发' };
  }
  return { ok: true, report: await runSettle(cloud) };
}
