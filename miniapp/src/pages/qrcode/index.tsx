import { Image, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Btn } from '../../components/Btn'
import { Choice, ChoiceGroup } from '../../components/Choice'
import { cx } from '../../components/cx'
import { Card, Page, Row } from '../../components/Page'
import { Empty, ErrorView, Loading, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ApiError, errorText, isApiError, isCancelled } from '../../lib/errors'
import { useLoader, useNow, useReshow } from '../../lib/hooks'
import { dateTime, money } from '../../lib/format'
import { candidates } from '../../lib/people'
import { codeHolders, insuranceNotice } from '../../lib/qrPerson'
import { useQrCode } from './useQrCode'
import { Nw, NwText, Place } from '../../components/Nw'

/** 医保码 (P-QR): one's own code, or a bound ACTIVE member's (亲情账户). */
export default function QrCodePage() {
  const people = useLoader(async (s) => {
    const me = await api.me({ scope: s })
    if (!me.verified) return { verified: false, list: [] as ReturnType<typeof candidates>, holders: {} as ReturnType<typeof codeHolders> }
    const family = await api.familyMembers({ scope: s }).catch((e) => {
      if (isCancelled(e)) throw e
      return null
    })
    return { verified: true, list: candidates(me, family), holders: codeHolders(me, family) }
  })
  useReshow(() => void people.reload(true))

  const list = people.data?.list ?? []
  const [personId, setPersonId] = useState<string | null>(null)
  useEffect(() => {
    if (list.length > 0 && (!personId || !list.some((c) => c.personId === personId))) setPersonId(list[0].personId)
  }, [people.data]) // eslint-disable-line react-hooks/exhaustive-deps

  const { code, error, loading, refresh, used } = useQrCode(people.data?.verified ? personId : null)
  const now = useNow(1000)
  const person = list.find((c) => c.personId === personId)
  const holder = personId ? people.data?.holders[personId] : undefined
  const notice = holder ? insuranceNotice(holder.insurance, !!person?.self) : null

  if (!people.data && people.status !== 'ok') {
    return (
      <Page className='page-qrcode'>
        <Pending loaded={people} className='js-qr-error' />
      </Page>
    )
  }
  if (people.data && !people.data.verified) {
    return (
      <Page className='page-qrcode'>
        <ErrorView error={new ApiError({ status: 403, code: 'REAL_NAME_REQUIRED' })} />
      </Page>
    )
  }
  if (list.length === 0) {
    return (
      <Page className='page-qrcode'>
        <Empty text='暂无可展示的医保码' />
      </Page>
    )
  }

  // the ticker may lag a code that just arrived
  const t = Math.max(now, code?.receivedAt ?? 0)
  // #14 finding 7: a code the hospital has checked in is never shown as valid
  const valid = !!code && code.personId === personId && t < code.expiresAt && !used
  const seconds = code ? Math.max(0, Math.ceil((code.expiresAt - t) / 1000)) : 0
  const offline = isApiError(error) && error.isNetwork
  // the code's text alternative, e.g. "王** 的医保码，60 秒内有效" (WCAG 1.1.1)
  const validFor = code ? Math.round((code.expiresAt - code.receivedAt) / 1000) : 0
  const alt = `${person?.maskedName ?? ''} 的医保码，${validFor} 秒内有效`
  // said once (politely) when a shown code runs out, not every second of the countdown
  const expired = !!code && code.personId === personId && !valid && !used

  return (
    <Page className='page-qrcode'>
      {list.length > 1 ? (
        <ChoiceGroup kind='radio' label='选择要出示医保码的人' className='chips js-qr-people'>
          {list.map((c) => (
            <Choice
              key={c.personId}
              kind='radio'
              id={`qr-person-${c.personId}`}
              className={cx('chip', 'js-qr-person', c.personId === personId && 'is-active')}
              checked={c.personId === personId}
              onPick={() => setPersonId(c.personId)}
            >
              {/* #14 finding 1: "儿子 王** · 12岁", the ID tail where two still read the same */}
              <NwText text={c.label} />
            </Choice>
          ))}
        </ChoiceGroup>
      ) : null}

      <Card className='qr-card'>
        <View className='qr-owner'>
          <Text className='qr-name js-qr-name'>{person?.maskedName}</Text>
          <Text className='tag'>{person?.self ? '本人' : `亲情账户 · ${person?.relationLabel ?? ''}`}</Text>
        </View>
        {holder ? (
          <View className='qr-holder js-qr-holder'>
            <Text className='qr-holder-id js-qr-id'>{holder.maskedIdNumber}</Text>
            <Text className='qr-holder-region js-qr-region'>
              参保地 <Place region={holder.insurance.region} />
            </Text>
          </View>
        ) : null}
        {notice ? (
          <View className='qr-insurance-notice js-qr-insurance' role='note'>
            <View className='qr-insurance-title'>{notice.title}</View>
            <View>{notice.text}</View>
          </View>
        ) : null}
        {used ? (
          <View className='qr-done js-qr-done' role='status' aria-live='polite'>
            <View className='qr-done-icon' aria-hidden='true'>
              ✓
            </View>
            <View className='success-title js-qr-done-title'>{`已在 ${used.checkIn.hospital.name} 完成签到`}</View>
            <View className='muted js-qr-done-time'>
              <NwText text={`签到时间 ${dateTime(used.checkIn.checkedInAt)}${used.checkIn.department ? ` · ${used.checkIn.department}` : ''}`} />
            </View>
            {used.settlements.length === 0 ? (
              <View className='muted js-qr-done-wait'>此码已使用。医院结算后，费用明细会显示在这里。</View>
            ) : (
              used.settlements.map((b) => (
                <View key={b.settlementId} className='qr-bill js-qr-bill'>
                  <View className='qr-bill-head'>
                    <Text>{b.status === 'REFUNDED' ? '账单（已退费）' : '账单'}</Text>
                    <Nw className='amount js-qr-bill-total'>{money(b.totalFen)}</Nw>
                  </View>
                  <Row label='医保统筹支付' value={<Nw>{money(b.fundFen)}</Nw>} />
                  <Row label='个人账户支付' value={<Nw>{money(b.ownAccount.currentFen + b.ownAccount.historicalFen)}</Nw>} />
                  {b.family.length > 0 ? <Row label='家庭共济支付' value={<Nw>{money(b.family.reduce((n, f) => n + f.historicalFen, 0))}</Nw>} /> : null}
                  <Row label='现金支付' value={<Nw>{money(b.cashFen)}</Nw>} />
                </View>
              ))
            )}
            <Btn kind='primary' className='js-qr-new' onClick={refresh} disabled={loading}>
              生成新码
            </Btn>
          </View>
        ) : valid && code ? (
          <View className='qr-body'>
            <Image className='qr-image js-qrcode' id='qrcode' src={code.dataUrl} mode='aspectFit' imgProps={{ alt }} />
            <View className='qr-countdown js-qr-countdown'>
              <Text className='js-qr-seconds'>{seconds}</Text>
              <Text> 秒后失效，到期前自动刷新</Text>
            </View>
            {error ? <View className='warn js-qr-refresh-error'>{`刷新失败：${errorText(error)}`}</View> : null}
            <Btn className='qr-refresh js-qr-refresh' onClick={refresh} disabled={loading}>
              刷新医保码
            </Btn>
          </View>
        ) : error ? (
          <View className='state state-error js-qr-error'>
            <Text className='state-text js-error-text'>
              {offline ? '网络连接失败，无法获取医保码。请检查网络，恢复后将自动重试。' : errorText(error)}
            </Text>
            <Btn className='js-qr-retry js-retry' onClick={refresh}>
              重试
            </Btn>
          </View>
        ) : (
          <Loading text='正在生成医保码…' />
        )}
        <View className='sr-only js-qr-live' aria-live='polite'>
          {expired ? '医保码已失效，正在刷新' : ''}
        </View>
        {notice ? <View className='muted qr-tip js-qr-insurance-more'>{notice.more}</View> : null}
        <View className='muted qr-tip'>
          就医时请向医院出示此码，{person?.self ? '此码仅代表本人' : '此码代表该家庭成员本人，不代表您'}。请勿截图转发。
        </View>
      </Card>
    </Page>
  )
}
