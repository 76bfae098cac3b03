import { ROUTES } from './config'

/**
 * The card an organizer sends into a WeChat chat for a member waiting for consent: it opens the
 * consent page of that binding. The title names nobody (anyone in the chat sees the card); the
 * page shows the invitation only to the invitee, once signed in and verified. Without a member
 * (the ··· menu), the home page.
 */
export function invitationShare(memberId: string | undefined): { title: string; path: string } {
  if (memberId && /^[A-Za-z0-9_-]{1,64}$/.test(memberId)) {
    return { title: '家人邀请您加入医保家庭共济，请打开确认', path: `${ROUTES.consent}?memberId=${memberId}` }
  }
  return { title: '医保家庭助手', path: ROUTES.home }
}
