import { INVERSE_RELATION, RELATION_LABELS, Relation, toShanghaiIso } from '@yibao/shared';

/**
 * The fields of each subscription-message template (the template ids are WECHAT_TEMPLATE_<KIND>;
 * pick templates with these fields in the WeChat admin console, README "WeChat"). WeChat cuts a
 * `thing` at 20 characters; names are masked (王**), never a full ID or phone number.
 */

/** `2026-11-24 10:00` in Shanghai time (a `time` field). */
export function messageTime(at: Date): string {
  return toShanghaiIso(at).slice(0, 16).replace('T', ' ');
}

/** ¥59.00 (an `amount` field) from integer fen. */
export function messageAmount(fen: number): string {
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const thing = (s: string) => (s.length > 20 ? s.slice(0, 19) + '…' : s);

/** INVITATION, to the invitee: who invites (and what they are to the invitee). Opens the consent page. */
export function invitationMessage(memberId: string, organizerMaskedName: string, relation: Relation, at: Date) {
  return {
    page: `pages/consent/index?memberId=${memberId}`,
    data: { thing1: thing(`${organizerMaskedName}邀请您加入家庭共济`), thing2: RELATION_LABELS[INVERSE_RELATION[relation]], time3: messageTime(at) },
  };
}

/** CONSENT, to the organizer: the member (masked, and their relation) agreed or declined. */
export function consentMessage(memberMaskedName: string, relation: Relation, accepted: boolean, at: Date) {
  return {
    page: 'pages/family/index',
    data: { thing1: thing(`${memberMaskedName}（${RELATION_LABELS[relation]}）`), phrase2: accepted ? '已同意' : '已拒绝', time3: messageTime(at) },
  };
}

/** FAMILY_PAYMENT, to the organizer: their account paid for members (the first named, then how many). */
export function familyPaymentMessage(what: string, memberMaskedNames: string[], amountFen: number, at: Date, page = 'pages/orders/index') {
  const who = memberMaskedNames.length > 1 ? `${memberMaskedNames[0]}等${memberMaskedNames.length}人` : memberMaskedNames[0] ?? '';
  return { page, data: { thing1: thing(`${what}：${who}`), amount2: messageAmount(amountFen), time3: messageTime(at) } };
}

/** REFUND, to whoever's account the refund returns to: the amount back and where it came from. */
export function refundMessage(what: string, amountFen: number, at: Date, page = 'pages/mine/index') {
  return { page, data: { thing1: thing(what), amount2: messageAmount(amountFen), time3: messageTime(at) } };
}
