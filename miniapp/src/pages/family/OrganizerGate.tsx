import { View } from '@tarojs/components'
import { Card } from '../../components/Page'
import type { Reason } from '../../lib/types'

/**
 * #14 finding 11: someone who cannot organise a network (P-FAM-1: only 职工医保, 正常参保, with a
 * personal account) is told so up front, instead of being shown switches and a form that the BFF
 * would refuse; what they can do instead is said (join a relative's network, below).
 */
export function OrganizerGate({ reasons }: { reasons: Pick<Reason, 'code' | 'message'>[] }) {
  return (
    <Card title='发起家庭共济' className='js-organizer-gate'>
      {reasons.map((r) => (
        <View key={r.code} className='strong js-organizer-reason'>
          {r.message}
        </View>
      ))}
      <View className='muted'>家庭共济由职工医保参保人发起：用本人职工医保个人账户的历年结余，为家人缴纳医保或支付看病费用。</View>
      <View className='muted'>您可以请有职工医保的家人（如子女、配偶）在他们的“家庭”页添加您，您同意后即可加入；加入的家庭显示在“我加入的家庭”中。</View>
    </Card>
  )
}
