import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { api } from '../lib/api'
import { ROUTES } from '../lib/config'
import { useLoader, useReshow } from '../lib/hooks'
import { invitationHeadline, showInvitationBadge } from '../lib/invitations'
import { go } from '../lib/nav'
import { isSignedIn } from '../lib/session'
import { LinkItem } from './Choice'
import { NwText } from './Nw'

/**
 * #14 finding 2: the home page's entry while family invitations wait for my answer (and the 家庭
 * tab's badge, set from here too since home is where the app opens). Self-contained and quiet: not
 * signed in, not verified (403) or a failed load shows nothing; the 家庭 tab says the rest.
 */
export function InvitationBanner({ signedIn = isSignedIn() }: { signedIn?: boolean }) {
  const invitations = useLoader((s) => (signedIn ? api.invitations({ scope: s }) : Promise.resolve([])), [signedIn])
  useReshow(() => {
    if (isSignedIn()) void invitations.reload(true)
  })
  const count = invitations.status === 'ok' ? (invitations.data ?? []).length : 0
  useEffect(() => {
    if (invitations.status === 'ok') showInvitationBadge(count)
  }, [invitations.status, count])
  if (count === 0) return null
  const first = invitations.data![0]
  return (
    <LinkItem className='card invitation-banner js-home-invitations' onOpen={() => go(ROUTES.family)}>
      <View className='strong'>
        <Text className='badge-dot' aria-hidden />
        <NwText text={count === 1 ? invitationHeadline(first) : `您有 ${count} 条家庭共济邀请`} />
      </View>
      <View className='muted'>待您确认，点此查看</View>
    </LinkItem>
  )
}
