import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { LinkItem } from '../../components/Choice'
import { Card } from '../../components/Page'
import { ROUTES } from '../../lib/config'
import { go } from '../../lib/nav'
import { kinWord } from '../../lib/shared'
import type { Membership } from '../../lib/types'

/** "王** 的家庭" (as on 我加入的家庭; the organizer's gender is not in the answer). */
export function joinedTitle(m: Membership): string {
  return `${m.organizer.maskedName} 的家庭`
}

/** "您是对方的父亲": what I am to the organizer, by my own gender (#14 finding 1). */
export function joinedAs(m: Membership, myGender?: 'M' | 'F'): string {
  return `您是对方的${kinWord(m.relation, myGender)}`
}

/** What leaving does, said before it is done (P-FAM-8: past payments are untouched). */
export function leaveQuestion(m: Membership) {
  return {
    title: '退出家庭共济',
    content: `退出后，${m.organizer.maskedName}的个人账户将不再为您共济支付就医费用、代缴医保，已完成的支付和缴费不受影响。如需再次加入，需要对方重新邀请并经您确认。确定退出吗？`,
    confirmText: '退出',
    cancelText: '取消',
    confirmColor: '#d93025',
  }
}

/**
 * 我加入的家庭 on the 家庭 tab (#14 finding 2): after agreeing, the member sees the network they
 * joined and what it allows, and can leave it (behind a confirmation); always reachable.
 */
export function Joined({
  items,
  busy,
  onLeave,
  myGender,
}: {
  items: Membership[]
  busy: string | null
  onLeave: (m: Membership) => void
  myGender?: 'M' | 'F'
}) {
  return (
    <Card title='我加入的家庭' className='js-joined'>
      {items.length === 0 ? (
        <View className='muted js-joined-empty'>您还没有加入别人的家庭共济。家人邀请您后，会在这里显示。</View>
      ) : (
        items.map((m) => (
          <View key={m.memberId} id={`joined-${m.memberId}`} className='list-item js-joined-item'>
            <View className='list-main'>
              <Text className='strong js-joined-title'>{joinedTitle(m)}</Text>
              <View className='muted js-joined-as'>{joinedAs(m, myGender)}</View>
              <View className='muted js-joined-modes'>
                <View>{`共济支付：${m.modes.pay ? '已开启' : '未开启'}`}</View>
                <View>{`共济缴费：${m.modes.premium ? '已开启' : '未开启'}`}</View>
              </View>
            </View>
            <Btn small kind='danger' className='js-joined-leave' loading={busy === `leave-${m.memberId}`} disabled={!!busy} onClick={() => onLeave(m)}>
              退出
            </Btn>
          </View>
        ))
      )}
      <LinkItem className='link js-family-memberships' onOpen={() => go(ROUTES.memberships)}>
        查看我加入的家庭详情
      </LinkItem>
    </Card>
  )
}
