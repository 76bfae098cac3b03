import { Text, View } from '@tarojs/components'
import { CONSENT_SHOWS, invitationHeadline, LEAVE_LATER, MODE_MEANINGS, MODE_OFF } from '../lib/invitations'
import type { Invitation } from '../lib/types'
import { NwText } from './Nw'

/**
 * #14 finding 2: an invitation as the invitee reads it — who invites, in the invitee's words
 * ("您的儿子 王** 邀请您加入家庭共济"), what each mode allows and whether it is on (P-FAM-7), what
 * the organizer will see, and that it can be left later (P-FAM-8). The family tab and the consent
 * page a shared card opens both show it.
 */
export function InvitationDetails({ inv }: { inv: Invitation }) {
  return (
    <View className='invitation-details'>
      <View className='strong invitation-headline js-invitation-headline'>
        <NwText text={invitationHeadline(inv)} />
      </View>
      <View className='invitation-mode js-invitation-mode-premium'>
        <Text className='strong'>{`共济缴费${inv.modes.premium ? '（已开启）' : '（未开启）'}：`}</Text>
        <Text>{inv.modes.premium ? MODE_MEANINGS.premium : `${MODE_MEANINGS.premium}。${MODE_OFF}`}</Text>
      </View>
      <View className='invitation-mode js-invitation-mode-pay'>
        <Text className='strong'>{`共济支付${inv.modes.pay ? '（已开启）' : '（未开启）'}：`}</Text>
        <Text>{inv.modes.pay ? MODE_MEANINGS.pay : `${MODE_MEANINGS.pay}。${MODE_OFF}`}</Text>
      </View>
      <View className='muted js-invitation-privacy'>{CONSENT_SHOWS}</View>
      <View className='muted js-invitation-leave'>{LEAVE_LATER}</View>
    </View>
  )
}
