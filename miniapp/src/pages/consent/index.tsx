import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { InvitationDetails } from '../../components/InvitationDetails'
import { Card, Page } from '../../components/Page'
import { ErrorText, Loading, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { openSignIn } from '../../lib/auth'
import { ROUTES } from '../../lib/config'
import { isCancelled } from '../../lib/errors'
import { useLoader, useMounted, useReshow, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { isSignedIn } from '../../lib/session'
import { acceptQuestion, confirmWith, declineQuestion } from '../../lib/invitations'
import { writeItem, KEYS } from '../../lib/storage'

/**
 * The page a shared invitation card opens (`?memberId=…`, API.md WeChat, Sharing). It shows
 * nothing of the invitation until the person who opened it has signed in and verified their
 * identity, and then only if the invitation is theirs (GET /family/invitations lists only the
 * caller's): anyone else in the chat learns nothing, not even whether the id exists.
 */
export default function Consent() {
  const memberId = String(useRouter().params?.memberId ?? '')
  const here = `${ROUTES.consent}?memberId=${encodeURIComponent(memberId)}`
  const signedIn = isSignedIn()
  const scope = useScope()
  const mounted = useMounted()
  const me = useLoader((s) => (signedIn ? api.me({ scope: s }) : Promise.resolve(null)))
  const verified = !!me.data?.verified
  const invitations = useLoader((s) => (signedIn && verified ? api.invitations({ scope: s }) : Promise.resolve([])), [verified])
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null)
  const [answered, setAnswered] = useState<'ACTIVE' | 'DECLINED' | null>(null)
  const [error, setError] = useState<unknown>(null)
  useReshow(() => {
    void me.reload(true)
    void invitations.reload(true)
  })

  const signIn = () => {
    writeItem(KEYS.returnTo, here)
    openSignIn()
  }
  const verify = () => {
    writeItem(KEYS.returnTo, here)
    go(ROUTES.identity)
  }
  const answer = async (accept: boolean) => {
    if (busy) return
    // #14 finding 2: the answer is said before it is given
    const inv = (invitations.data ?? []).find((i) => i.memberId === memberId)
    if (inv && !(await confirmWith(accept ? acceptQuestion(inv) : declineQuestion(inv)))) return
    if (!mounted.current) return
    setBusy(accept ? 'accept' : 'decline')
    setError(null)
    try {
      const r = accept ? await api.acceptInvitation(memberId, { scope }) : await api.declineInvitation(memberId, { scope })
      if (mounted.current) setAnswered(r.status === 'ACTIVE' ? 'ACTIVE' : 'DECLINED')
    } catch (e) {
      if (mounted.current && !isCancelled(e)) setError(e)
    } finally {
      if (mounted.current) setBusy(null)
    }
  }

  if (!signedIn) {
    return (
      <Page className='page-consent'>
        <Card title='家庭共济邀请' className='js-consent-signin'>
          <View className='muted'>请先登录。登录并完成实名认证后，如果这是发给您的邀请，即可查看并确认。</View>
          <Btn kind='primary' className='js-consent-login' onClick={signIn}>
            登录
          </Btn>
        </Card>
      </Page>
    )
  }
  if (me.status === 'loading') return <Page className='page-consent'><Loading /></Page>
  if (!me.data) return <Page className='page-consent'><Pending loaded={me} onRetry={() => void me.reload()} /></Page>
  if (!verified) {
    return (
      <Page className='page-consent'>
        <Card title='家庭共济邀请' className='js-consent-verify'>
          <View className='muted'>为保护家人信息，请先完成实名认证，再查看发给您的邀请。</View>
          <Btn kind='primary' className='js-consent-identity' onClick={verify}>
            去实名认证
          </Btn>
        </Card>
      </Page>
    )
  }
  if (answered) {
    return (
      <Page className='page-consent'>
        <Card className='js-consent-done'>
          <View className='success-title'>{answered === 'ACTIVE' ? '已加入家庭共济' : '已拒绝邀请'}</View>
          <View className='muted'>
            {answered === 'ACTIVE' ? '可在“家庭”页的“我加入的家庭”中查看，也可以随时退出。' : '对方会看到您已拒绝。如以后想加入，需要对方重新邀请。'}
          </View>
          {answered === 'ACTIVE' ? (
            <Btn kind='primary' className='js-consent-memberships' onClick={() => go(ROUTES.memberships)}>
              查看我加入的家庭
            </Btn>
          ) : null}
          <Btn kind={answered === 'ACTIVE' ? 'default' : 'primary'} className='js-consent-family' onClick={() => go(ROUTES.family)}>
            完成
          </Btn>
        </Card>
      </Page>
    )
  }
  if (invitations.status === 'loading') return <Page className='page-consent'><Loading /></Page>
  const inv = (invitations.data ?? []).find((i) => i.memberId === memberId)
  if (!inv) {
    return (
      <Page className='page-consent'>
        {invitations.status === 'error' ? (
          <Pending loaded={invitations} onRetry={() => void invitations.reload()} />
        ) : (
          <Card title='家庭共济邀请' className='js-consent-none'>
            <View className='muted'>没有找到发给您的这条邀请：它可能已经处理过，或不是发给您的。</View>
            <Btn className='js-consent-family' onClick={() => go(ROUTES.family)}>
              查看家庭共济
            </Btn>
          </Card>
        )}
      </Page>
    )
  }
  return (
    <Page className='page-consent'>
      <Card title='家庭共济邀请' className='js-consent-invitation'>
        <InvitationDetails inv={inv} />
        <ErrorText error={error} className='js-consent-error' />
        <Btn kind='primary' className='js-consent-accept' loading={busy === 'accept'} disabled={!!busy} onClick={() => void answer(true)}>
          同意
        </Btn>
        <Btn className='js-consent-decline' loading={busy === 'decline'} disabled={!!busy} onClick={() => void answer(false)}>
          拒绝
        </Btn>
      </Card>
    </Page>
  )
}
