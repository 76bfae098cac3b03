import { Text, View } from '@tarojs/components'
import { Nw, NwText } from './Nw'
import { useState } from 'react'
import { api } from '../lib/api'
import { money } from '../lib/format'
import type { FamilyList, FamilyModes, Me } from '../lib/types'
import { personLabels } from '../lib/people'
import { ConfirmSheet } from './ConfirmSheet'

const WHAT: Record<'pay' | 'premium', { title: string; amount: string; note: string }> = {
  pay: {
    title: '开启共济支付',
    amount: '家人就医、购药时，医保报销后个人负担的部分，按每笔实际金额',
    note: '开启后，上述家人就医、购药结算时可使用您的历年账户，每笔都记入您的账户明细。当年账户不给家人使用。可随时关闭。',
  },
  premium: {
    title: '开启共济缴费',
    amount: '为家人缴纳医保、惠民保时的保费，每次缴费前会再请您确认金额',
    note: '开启后，您可以用历年账户为上述家人缴费，每次缴费前都会再请您确认。当年账户不给家人使用。可随时关闭。',
  },
}

/**
 * #14 finding 3: switching ON 共济支付 or 共济缴费 lets family members use the organizer's
 * account, so it goes behind a confirmation sheet (who pays, for whom, how much, from which
 * bucket). Switching OFF needs none. `request(next)` is the toggle handler; `sheet` is rendered
 * once by the page.
 */
export function useModesConfirm(family: FamilyList | undefined, apply: (next: FamilyModes) => Promise<void> | void) {
  const [asking, setAsking] = useState<{ next: FamilyModes; mode: 'pay' | 'premium'; me: Me | null } | null>(null)
  const [busy, setBusy] = useState(false)

  const request = async (next: FamilyModes) => {
    const before = family?.modes
    const turnedOn = before ? (['pay', 'premium'] as const).find((m) => next[m] && !before[m]) : undefined
    if (!turnedOn) {
      await apply(next)
      return
    }
    const me = await api.me().catch(() => null)
    setAsking({ next, mode: turnedOn, me })
  }

  const labels = personLabels(asking?.me, family)
  const members = (family?.members ?? []).filter((m) => m.status === 'ACTIVE')
  const self = asking?.me?.person
  const historical = self?.insurance.account?.historicalFen
  const what = asking ? WHAT[asking.mode] : WHAT.pay

  const sheet = (
    <ConfirmSheet
      open={!!asking}
      overTabBar
      className={`js-modes-confirm js-modes-confirm-${asking?.mode ?? 'none'}`}
      title={what.title}
      rows={[
        { label: '付款人', value: <NwText text={self ? `${labels.get(self.personId) ?? self.maskedName}（职工医保个人账户）` : '本人（职工医保个人账户）'} />, className: 'js-modes-payer' },
        {
          label: '为谁',
          className: 'js-modes-people',
          value:
            members.length > 0 ? (
              <View>
                {members.map((m) => (
                  <View key={m.memberId} className='sheet-line js-modes-person'>
                    <NwText text={labels.get(m.personId) ?? m.maskedName} />
                  </View>
                ))}
              </View>
            ) : (
              '已生效的家庭成员（目前还没有）'
            ),
        },
        { label: '金额', value: what.amount, className: 'js-modes-amount' },
        {
          label: '扣款账户',
          className: 'js-modes-bucket',
          value: (
            <View>
              <View className='sheet-line'>历年账户</View>
              {historical !== undefined ? (
                <View className='sheet-line muted'>
                  {'现有 '}
                  <Nw>{money(historical)}</Nw>
                </View>
              ) : null}
            </View>
          ),
        },
      ]}
      confirmText='确认开启'
      busy={busy}
      onConfirm={async () => {
        if (!asking || busy) return
        setBusy(true)
        try {
          await apply(asking.next)
        } finally {
          setBusy(false)
          setAsking(null)
        }
      }}
      onCancel={() => setAsking(null)}
    >
      <View className='sheet-note js-modes-note'>{what.note}</View>
    </ConfirmSheet>
  )
  return { request, sheet }
}
