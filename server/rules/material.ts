import { REWARD_WORDS } from './settings';

/**
 * Warnings for a marketing material's copy. Materials are what a distributor posts in their own
 * words (朋友圈, chats), not the share card WeChat's 诱导分享 rule is written for, and words like
 * 红包 can be innocent there (a product's 红包封面). So the copy is not refused; the admin is told,
 * and the warning stays in the audit log with the save. Pure.
 */
export function materialWarnings(title: string, text: string): string[] {
  const found = REWARD_WORDS.filter((w) => title.includes(w) || text.includes(w));
  return found.length
    ? [`素材文案含“${found.join('”“')}”：请勿以佣金、奖励等利益诱导用户分享（微信诱导分享规则），建议只介绍商品`]
    : [];
}
