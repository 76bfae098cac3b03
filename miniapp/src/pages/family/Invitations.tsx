import { View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Card } from '../../components/Page'
import { InvitationDetails } from '../../components/InvitationDetails'
import { acceptQuestion, confirmWith, declineQuestion } from '../../lib/invitations'
import type { Invitation } from '../../lib/types'

/**
 * 待我确认的邀请 (#14 finding 2): each invitation in the invitee's words, what agreeing allows and
 * that it can be left later; 同意 and 拒绝 each go behind a confirmation that says what follows.
 */
export function Invitations({
  invites,
  busy,
  onAnswer,
}: {
  invites: Invitation[]
  busy: string | null
  onAnswer: (inv: Invitation, accept: boolean) => void
}) {
  const answer = async (inv: Invitation, accept: boolean) => {
    if (busy) return
    if (!(await confirmWith(accept ? acceptQuestion(inv) : declineQuestion(inv)))) return
    onAnswer(inv, accept)
  }
  return (
    <Card title='待我确认的邀请' className='js-invitations'>
      {invites.map((inv) => (
        <View key={inv.memberId} id={`invitation-${inv.memberId}`} className='invitation js-invitation'>
          <InvitationDetails inv={inv} />
          <View className='actions'>
            <Btn
              className='js-invitation-decline'
              loading={busy === `decline-${inv.memberId}`}
              disabled={!!busy}
              onClick={() => void answer(inv, false)}
            >
              拒绝
            </Btn>
            <Btn
              kind='primary'
              className='js-invitation-accept'
              loading={busy === `accept-${inv.memberId}`}
              disabled={!!busy}
              onClick={() => void answer(inv, true)}
            >
              同意
            </Btn>
          </View>
        </View>
      ))}
    </Card>
  )
}
