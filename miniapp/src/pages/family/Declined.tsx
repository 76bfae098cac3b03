import { View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { NwText } from '../../components/Nw'
import { Card } from '../../components/Page'
import { dateTime } from '../../lib/format'
import { kinWord } from '../../lib/shared'
import type { DeclinedMember } from '../../lib/types'

/** "父亲 王** 已拒绝您的邀请" (#14 finding 10): said from the organizer's side, by relation and gender. */
export function declinedText(d: Pick<DeclinedMember, 'relation' | 'gender' | 'maskedName'>): string {
  return `${kinWord(d.relation, d.gender)} ${d.maskedName} 已拒绝您的邀请`
}

/**
 * Invitations the invitee declined (GET /family/members `declined`, the last 30 days): said, not
 * dropped; 知道了 hides one on this phone, 重新邀请 opens the add form with the same relation.
 */
export function Declined({
  items,
  onDismiss,
  onInviteAgain,
}: {
  items: DeclinedMember[]
  onDismiss: (d: DeclinedMember) => void
  onInviteAgain?: (d: DeclinedMember) => void
}) {
  if (items.length === 0) return null
  return (
    <Card title='未被接受的邀请' className='js-declined'>
      {items.map((d) => (
        <View key={d.memberId} id={`declined-${d.memberId}`} className='declined-item js-declined-item'>
          <View className='strong js-declined-text'>
            <NwText text={declinedText(d)} />
          </View>
          <View className='muted'>
            <NwText text={`${dateTime(d.declinedAt)} 拒绝。对方同意前，家庭共济不会生效；如需加入，可以重新邀请。`} />
          </View>
          <View className='actions'>
            <Btn className='js-declined-dismiss' onClick={() => onDismiss(d)}>
              知道了
            </Btn>
            {onInviteAgain ? (
              <Btn kind='primary' className='js-declined-again' onClick={() => onInviteAgain(d)}>
                重新邀请
              </Btn>
            ) : null}
          </View>
        </View>
      ))}
    </Card>
  )
}
