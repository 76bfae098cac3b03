import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Card, Page, Row } from '../../components/Page'
import { Empty, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { bestEffort } from '../../lib/errors'
import { dateTime, money } from '../../lib/format'
import { useLoader } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { memberLabels } from '../../lib/people'
import { Nw, NwText } from '../../components/Nw'
import { billParts, SETTLEMENT_STATUS_LABELS } from '../../lib/statement'

/**
 * 就诊结算记录: GET /settlements (API.md P-SET-7) — the bills where I was the patient or paid a
 * family part, newest first, with the hospital, the time, the status and who paid each part.
 */
export default function Settlements() {
  const bills = useLoader((s) => api.settlements({ scope: s }))
  // Who is who, best effort: me (本人), and the members of my own network (their relation, and
  // the family parts my account paid).
  const lookup = useLoader(async (s) => {
    const [me, family] = await Promise.all([bestEffort(api.me({ scope: s })), bestEffort(api.familyMembers({ scope: s }))])
    const labels = memberLabels(family)
    return {
      myPersonId: me?.person?.personId,
      // 儿子 / 母亲 …: what the patient is to me, as a word (#14 finding 1)
      relationOf: new Map((family?.members ?? []).map((m) => [m.personId, labels.get(m.personId)?.kin ?? m.relation])),
      myMemberIds: new Set((family?.members ?? []).map((m) => m.memberId)),
    }
  })

  // the names wait for the lookup too, so that a line never changes under the reader's eyes
  if (!bills.data || lookup.status === 'loading') {
    return (
      <Page className='page-settlements'>
        <Pending loaded={bills.data ? lookup : bills} />
      </Page>
    )
  }
  const list = [...bills.data].sort((a, b) => b.settledAt.localeCompare(a.settledAt))
  const who = (personId: string) => {
    if (lookup.data?.myPersonId === personId) return '本人'
    return lookup.data?.relationOf.get(personId)
  }
  const mine = (memberId: string) => (lookup.data?.myMemberIds.has(memberId) ? '我的账户' : undefined)

  return (
    <Page className='page-settlements'>
      {list.length === 0 ? (
        <Empty text='还没有就诊结算记录'>
          <View className='muted'>在医院医保窗口出示医保码结算后，会在这里显示。</View>
          <Btn className='js-settlements-qrcode' onClick={() => go(ROUTES.qrcode)}>
            出示医保码
          </Btn>
        </Empty>
      ) : (
        list.map((s) => {
          const relation = who(s.patient.personId)
          return (
            <Card key={s.settlementId} className={`js-settlement js-settlement-${s.status}`}>
              <View id={`settlement-${s.settlementId}`} className='order-head'>
                <Text className='strong js-settlement-hospital'>{s.hospital.name}</Text>
                <Text className={`tag ${s.status === 'SETTLED' ? 'tag-ok' : 'tag-warn'} js-settlement-status`}>{SETTLEMENT_STATUS_LABELS[s.status] ?? s.status}</Text>
              </View>
              <Row label='就诊人' value={<NwText className='js-settlement-patient' text={relation ? `${relation} ${s.patient.maskedName}` : s.patient.maskedName} />} />
              <Row label='结算时间' value={<NwText className='js-settlement-time' text={dateTime(s.settledAt)} />} />
              <Row label='账单号' value={s.billNo} />
              <Row label='总金额' value={<Nw className='amount js-settlement-total'>{money(s.totalFen)}</Nw>} />
              {s.deductibleAppliedFen > 0 ? <Row label='本次计入起付线' value={<Nw>{money(s.deductibleAppliedFen)}</Nw>} /> : null}
              <View className='parts-title'>支付明细</View>
              {billParts(s, mine).map((p) => (
                <Row key={p.key} className={`js-part js-part-${p.key.replace(/-\d+$/, '')}`} label={p.label} value={<Nw>{money(p.fen)}</Nw>} />
              ))}
              {s.status === 'REFUNDED' ? (
                <View className='hint js-settlement-refunded'>
                  <NwText text={`已于 ${dateTime(s.refundedAt)} 退费：统筹基金、个人账户和家庭共济支付的部分已原路退回，现金部分由医院退还。`} />
                </View>
              ) : null}
            </Card>
          )
        })
      )}
    </Page>
  )
}
