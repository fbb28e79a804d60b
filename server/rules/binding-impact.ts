import type { Settings } from '../../typings/api';

const MODE: Record<Settings['binding']['mode'], string> = {
  permanent: '永久绑定',
  window: '有效期内绑定',
  last_click: '最后一次点击',
};

/**
 * What the admin reads before saving new binding rules (shown in the confirm dialog and kept in the
 * audit log): what happens to the bindings that exist now, in words a shop owner understands. Pure.
 */
export function describeBindingImpact(
  before: Settings['binding'],
  after: Settings['binding'],
  changed: boolean,
  n: { bound: number; inForceBefore: number; inForceAfter: number; lapse: number; revive: number },
): string {
  if (!changed) return '绑定规则没有变化，现有绑定不受影响。';
  const lines: string[] = [];
  const rule = (b: Settings['binding']) => (b.mode === 'window' ? `${MODE.window}（${b.windowDays} 天）` : MODE[b.mode]);
  if (rule(before) !== rule(after)) lines.push(`绑定方式：${rule(before)} → ${rule(after)}。`);
  if (n.lapse > 0) {
    lines.push(`将有 ${n.lapse} 个现有绑定失效：这些用户之后的订单不再给推荐人（及其上级）计佣，他们可以被重新绑定。`);
  }
  if (n.revive > 0) lines.push(`将有 ${n.revive} 个已失效的绑定恢复有效：这些用户之后的订单会重新给原推荐人计佣。`);
  if (n.lapse === 0 && n.revive === 0) lines.push(`现有 ${n.bound} 个绑定中有效的仍是 ${n.inForceAfter} 个，不受影响。`);
  if (after.mode === 'last_click' && before.mode !== 'last_click') lines.push('之后用户每次通过有效邀请绑定，都会换成新的推荐人。');
  if (before.newUsersOnly !== after.newUsersOnly) {
    lines.push(
      after.newUsersOnly
        ? '开启“仅新用户可绑定”：已下过单的用户不能再被绑定（现有绑定不变）。'
        : '关闭“仅新用户可绑定”：已下过单的用户也可以被绑定（现有绑定不变）。',
    );
  }
  lines.push('已下的订单不受影响。');
  return lines.join('\n');
}
