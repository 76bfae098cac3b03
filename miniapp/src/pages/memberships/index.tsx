import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Page, Row } from '../../components/Page'
import { Empty, ErrorText, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { useLoader, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { kinWord } from '../../lib/shared'
import type { Membership } from '../../lib/types'
import { joinedTitle, leaveQuestion } from '../family/Joined'

const STATUS_LABELS: Record<Membership['status'], string> = {
  ACTIVE: '已生效',
  PENDING_CONSENT: '待我确认',
}

/**
 * 我加入的家庭: GET /family/memberships (API.md) — the networks I joined: the organizer (masked),
 * what I am to them, and whether 共济支付 (PAY) and 共济缴费 (PREMIUM) are on; leaving one is
 * DELETE /family/members/{memberId}, behind a confirmation that says what leaving does.
 */
export default function Memberships() {
  const scope = useScope()
  const list = useLoader((s) => api.memberships({ scope: s }))
  // my own gender makes `relation` (what I am to the organizer) a word: 女儿, not 子女 (#14 finding 1)
  const me = useLoader((s) => api.me({ scope: s }).catch(() => null))
  const myGender = me.data?.person?.gender
  const [busy, setBusy] = useState('')
  const [notice, setNotice] = useState('')
  const [actionError, setActionError] = useState<unknown>(null)

  const leave = async (m: Membership) => {
    const answer = await Taro.showModal(leaveQuestion(m))
    if (!answer.confirm) return
    setBusy(m.memberId)
    setNotice('')
    setActionError(null)
    try {
      await api.unbind(m.memberId, { scope })
      if (scope.cancelled) return
      setNotice(`已退出 ${m.organizer.maskedName} 的家庭共济`)
      await list.reload(true)
    } catch (e) {
      if (!scope.cancelled) setActionError(e)
    } finally {
      if (!scope.cancelled) setBusy('')
    }
  }

  // the relation word waits for /me too, so that it never changes under the reader's eyes
  if (!list.data || me.status === 'loading') {
    return (
      <Page className='page-memberships'>
        <Pending loaded={list.data ? me : list} />
      </Page>
    )
  }

  return (
    <Page className='page-memberships'>
      {notice ? <View className='notice js-memberships-notice'>{notice}</View> : null}
      <ErrorText error={actionError} className='js-memberships-error' />
      {list.data.length === 0 ? (
        <Empty text='您还没有加入别人的家庭共济'>
          <View className='muted'>家人邀请您后，可在“家庭”页确认加入。</View>
          <Btn className='js-memberships-family' onClick={() => go(ROUTES.family)}>
            去家庭页
          </Btn>
        </Empty>
      ) : (
        list.data.map((m) => (
          <Card key={m.memberId} className={`js-membership js-membership-${m.status}`}>
            <View id={`membership-${m.memberId}`} className='order-head'>
              <Text className='strong js-membership-organizer'>{joinedTitle(m)}</Text>
              <Text className={`tag ${m.status === 'ACTIVE' ? 'tag-ok' : 'tag-warn'} js-membership-status`}>{STATUS_LABELS[m.status] ?? m.status}</Text>
            </View>
            <Row label='您是对方的' value={<Text className='js-membership-relation'>{kinWord(m.relation, myGender)}</Text>} />
            <Row
              label='共济支付'
              value={<Text className={`js-membership-pay ${m.modes.pay ? 'is-on' : 'is-off'}`}>{m.modes.pay ? '已开启：对方账户可为我支付就医费用' : '未开启'}</Text>}
            />
            <Row
              label='共济缴费'
              value={<Text className={`js-membership-premium ${m.modes.premium ? 'is-on' : 'is-off'}`}>{m.modes.premium ? '已开启：对方账户可为我缴纳医保' : '未开启'}</Text>}
            />
            <Btn kind='danger' className='js-membership-leave' loading={busy === m.memberId} disabled={!!busy} onClick={() => void leave(m)}>
              退出该家庭
            </Btn>
          </Card>
        ))
      )}
    </Page>
  )
}
