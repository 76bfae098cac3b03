import Taro from '@tarojs/taro'
import { kinWord } from './shared'
import type { Invitation } from './types'

/**
 * #14 finding 2: an invitation in the invitee's words. `organizer.relation` is what the organizer
 * is to the invitee (API.md Family: CHILD when a son invites his father), so the word is said
 * from the reader's side: "您的儿子 王** 邀请您加入家庭共济".
 */
export function invitationHeadline(inv: Pick<Invitation, 'organizer'>): string {
  return `您的${kinWord(inv.organizer.relation, inv.organizer.gender)} ${inv.organizer.maskedName} 邀请您加入家庭共济`
}

/** Who the organizer is, for sentences after the headline: "您的儿子 王**". */
export function organizerWord(inv: Pick<Invitation, 'organizer'>): string {
  return `您的${kinWord(inv.organizer.relation, inv.organizer.gender)} ${inv.organizer.maskedName}`
}

/**
 * What each usage mode allows, in plain words (P-FAM-7 the organizer chooses them; P-FAM-9 only the
 * organizer's 历年结余 is shared, a member with an account of their own spends it first; P-PAY-2
 * premiums for an ACTIVE member with PREMIUM on; P-SET family funds pay the patient's own part).
 */
export const MODE_MEANINGS = {
  premium: '对方可用其职工医保个人账户（历年结余）为您缴纳居民医保、惠民保等费用',
  pay: '您看病、购药时，医保报销后个人负担的部分，可由对方个人账户的历年结余支付（您有个人账户的，先用您自己的）',
} as const

/** A mode the organizer has not switched on yet (P-FAM-7: usable only once on). */
export const MODE_OFF = '对方暂未开启，开启后才可使用'

/** What the organizer sees once the invitee agrees (API.md Family: only after consent). */
export const CONSENT_SHOWS = '同意后，对方可以看到您的证件号（脱敏）、年龄和参保信息。'

/** P-FAM-8: either side can leave at any time; past payments are untouched. */
export const LEAVE_LATER = '同意后也可以随时退出：在“家庭”页的“我加入的家庭”中退出，已完成的支付和缴费不受影响。'

/** The confirmation before 同意 (the consent is the citizen's own act: said before it is done). */
export function acceptQuestion(inv: Pick<Invitation, 'organizer'>) {
  return {
    title: '同意加入家庭共济',
    content: `同意后，${organizerWord(inv)} 可以看到您的证件号（脱敏）、年龄和参保信息，并可按其开启的方式为您共济。您可以随时退出。`,
    confirmText: '同意',
    cancelText: '再想想',
  }
}

/** The confirmation before 拒绝: what declining does (the organizer is told, P-FAM-6; #14 finding 10). */
export function declineQuestion(inv: Pick<Invitation, 'organizer'>) {
  return {
    title: '拒绝邀请',
    content: `拒绝后，${organizerWord(inv)} 会看到您已拒绝。如以后想加入，需要对方重新邀请。`,
    confirmText: '拒绝',
    cancelText: '取消',
    confirmColor: '#d93025',
  }
}

/** Asks with Taro.showModal; true only when the person confirmed. */
export async function confirmWith(question: Parameters<typeof Taro.showModal>[0]): Promise<boolean> {
  try {
    const answer = await Taro.showModal(question)
    return !!answer?.confirm
  } catch {
    return false
  }
}

/** Index of the 家庭 tab in app.config.ts's tabBar list. */
export const FAMILY_TAB_INDEX = 2

let badgeGeneration = 0

/**
 * The 家庭 tab's badge while invitations wait (#14 finding 2). Best effort: a page outside the tab
 * pages may refuse it, which never breaks the page. Taro's H5 tab bar answers only once it is on
 * the page (an event nobody listens to yet is lost, and its promise never settles): an answer that
 * does not come within 400 ms is asked again (up to 5 times), unless a newer count was set since.
 */
export function showInvitationBadge(count: number): void {
  const generation = ++badgeGeneration
  const attempt = (left: number) => {
    if (generation !== badgeGeneration) return
    try {
      // written as Taro.setTabBarBadge(…) itself: the H5 build turns such member calls into imports
      // of Taro's H5 API (taroapi transform); through an alias the H5 default object lacks them
      let r: unknown
      if (count > 0) {
        if (typeof Taro.setTabBarBadge === 'function') r = Taro.setTabBarBadge({ index: FAMILY_TAB_INDEX, text: String(Math.min(count, 99)) })
      } else if (typeof Taro.removeTabBarBadge === 'function') r = Taro.removeTabBarBadge({ index: FAMILY_TAB_INDEX })
      if (!r || typeof (r as Promise<unknown>).then !== 'function') return
      let settled = false
      ;(r as Promise<unknown>).then(
        () => (settled = true),
        () => (settled = true),
      )
      if (left > 0) setTimeout(() => !settled && attempt(left - 1), 400)
    } catch {
      // no tab bar here: nothing to mark
    }
  }
  attempt(5)
}
