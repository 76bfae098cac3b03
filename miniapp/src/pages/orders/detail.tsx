import { Text, View } from '@tarojs/components'
import { Nw, NwText } from '../../components/Nw'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { Btn } from '../../components/Btn'
import { ConfirmSheet } from '../../components/ConfirmSheet'
import { Card, Page, Row } from '../../components/Page'
import { ResultView } from '../../components/ResultView'
import { ErrorText, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { isCancelled } from '../../lib/errors'
import { dateOnly, dateTime, money, ORDER_STATUS_LABELS } from '../../lib/format'
import { useLoader, useMounted, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { authorise, confirmPayment } from '../../lib/payment'
import { SELF_PAY_TTL_MINUTES } from '../../lib/shared'
import type { Order, PaymentSession } from '../../lib/types'
import { orderLookup } from './lookup'
import { coverUntil, PAY_METHOD_LABELS, shortOrderNo, statusTone } from './model'

/**
 * 订单详情 (#14 findings 3 and 4): the people, amounts, cover period, the account's bucket split
 * and the status of one order, with its actions: a self-pay order waiting for payment gets
 * 去支付 (the cashier: the sandbox's simulated one, or WeChat Pay) and 取消订单.
 * `?orderId=…&pay=1` opens the cashier at once (from the payment page).
 */
export default function OrderDetail() {
  const params = useRouter().params ?? {}
  const orderId = String(params.orderId ?? '')
  const payNow = params.pay === '1'
  const scope = useScope()
  const mounted = useMounted()
  const order = useLoader((s) => api.order(orderId, { scope: s }), [orderId])
  const lookup = useLoader(orderLookup)
  const [cashier, setCashier] = useState<PaymentSession | null>(null)
  const [asking, setAsking] = useState<'cancel' | null>(null)
  const [busy, setBusy] = useState<'pay' | 'cancel' | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [paid, setPaid] = useState<Order | null>(null)
  const answer = useRef<((ok: boolean) => void) | null>(null)
  const autoOpened = useRef(false)

  const o = order.data
  const product = o ? lookup.data?.products.find((p) => p.productId === o.productId) : undefined
  const who = (id: string) => lookup.data?.names.get(id) ?? '家庭成员'

  /** 去支付: the cashier session, then the provider's step, then the BFF's confirmation. */
  const pay = async () => {
    if (!o || busy) return
    setBusy('pay')
    setError(null)
    try {
      const session = await api.startPayment(o.orderId, { scope })
      const step = await authorise(session, (s) => {
        setCashier(s)
        setBusy(null)
        return new Promise<boolean>((resolve) => {
          answer.current = resolve
        })
      })
      if (step === 'CANCELLED') return
      setBusy('pay')
      const done = await confirmPayment(o.orderId, { scope })
      if (!mounted.current) return
      setCashier(null)
      order.setData(done)
      setPaid(done)
    } catch (e) {
      if (!mounted.current || isCancelled(e)) return
      setCashier(null)
      setError(e)
      void order.reload(true)
    } finally {
      if (mounted.current) setBusy(null)
    }
  }

  const cancel = async () => {
    if (!o || busy) return
    setBusy('cancel')
    setError(null)
    try {
      const done = await api.cancelOrder(o.orderId, { scope })
      if (!mounted.current) return
      order.setData(done)
      setAsking(null)
    } catch (e) {
      if (!mounted.current || isCancelled(e)) return
      setAsking(null)
      setError(e)
      void order.reload(true)
    } finally {
      if (mounted.current) setBusy(null)
    }
  }

  useEffect(() => {
    if (payNow && o?.status === 'AWAITING_PAYMENT' && !autoOpened.current) {
      autoOpened.current = true
      void pay()
    }
  }, [o?.status]) // eslint-disable-line react-hooks/exhaustive-deps

  if (!o) {
    return (
      <Page className='page-order-detail'>
        <Pending loaded={order} />
      </Page>
    )
  }

  if (paid) {
    return (
      <Page className='page-order-detail'>
        <ResultView
          className='js-paid-result'
          title='支付成功'
          onDone={() => go(ROUTES.orders)}
          doneText='完成'
          extra={
            <Btn className='js-result-home' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
              返回首页
            </Btn>
          }
        >
          <Row label='订单号' value={<Nw className='js-detail-no'>{shortOrderNo(paid.orderId)}</Nw>} />
          <Row label='金额' value={<Nw className='amount js-paid-total'>{money(paid.totalFen)}</Nw>} />
          <Row label='参保人' value={<NwText text={paid.items.map((i) => who(i.personId)).join('、')} />} />
          <Row label='保障期间' value={<NwText text={`${dateOnly(paid.items[0]?.coverFrom)} 至 ${dateOnly(coverUntil(paid.items[0]?.coverFrom ?? '', product?.year))}`} />} />
          <View className='muted'>已自费支付，未使用个人账户。</View>
        </ResultView>
      </Page>
    )
  }

  const waiting = o.status === 'AWAITING_PAYMENT'
  const people = o.items.map((i) => who(i.personId))
  return (
    <Page className='page-order-detail'>
      <Card className='js-detail'>
        <View className='order-head'>
          <Text className='strong js-detail-product'>{product?.name ?? '医保缴费'}</Text>
          <Text className={`tag ${statusTone(o.status)} js-detail-status`}>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Text>
        </View>
        <Row label='订单号' value={<Nw className='js-detail-no'>{shortOrderNo(o.orderId)}</Nw>} />
        <Row label='下单时间' value={<Nw>{dateTime(o.createdAt)}</Nw>} />
        {o.paidAt ? <Row label='支付时间' value={<Nw className='js-detail-paid-at'>{dateTime(o.paidAt)}</Nw>} /> : null}
        {waiting && o.expiresAt ? (
          <View className='warn js-detail-deadline'>
            <NwText text={`请在 ${dateTime(o.expiresAt)} 前完成支付，超过${SELF_PAY_TTL_MINUTES}分钟未支付的订单将自动关闭。`} />
          </View>
        ) : null}
        {o.status === 'EXPIRED' ? (
          <View className='muted js-detail-expired'>
            <NwText text={`该订单超过${SELF_PAY_TTL_MINUTES}分钟未支付，已自动关闭，没有扣款。如需参保，请重新缴费。`} />
          </View>
        ) : null}
        {o.status === 'CANCELLED' ? <View className='muted js-detail-cancelled'>该订单已取消，没有扣款。</View> : null}
      </Card>

      <Card title='参保人' className='js-detail-people'>
        {o.items.map((it) => (
          <View key={it.personId} className='detail-person js-detail-item'>
            <NwText className='strong js-detail-person' text={who(it.personId)} />
            <Row label='保费' value={<Nw className='amount'>{money(it.amountFen)}</Nw>} />
            <Row
              label='保障期间'
              value={
                <Text className='js-detail-cover'>
                  <Nw>{dateOnly(it.coverFrom)}</Nw> 至 <Nw>{dateOnly(coverUntil(it.coverFrom, product?.year))}</Nw>
                </Text>
              }
            />
          </View>
        ))}
      </Card>

      <Card title='费用' className='js-detail-money'>
        <Row label='合计' value={<Nw className='amount js-detail-total'>{money(o.totalFen)}</Nw>} />
        <Row label='支付方式' value={PAY_METHOD_LABELS[o.payMethod] ?? o.payMethod} />
        {o.debit ? (
          <>
            <Row className='js-detail-current' label='当年账户' value={<Nw>{money(o.debit.currentFen)}</Nw>} />
            <Row className='js-detail-historical' label='历年账户' value={<Nw>{money(o.debit.historicalFen)}</Nw>} />
          </>
        ) : (
          <Row label='个人账户' value='未扣款' />
        )}
      </Card>

      <ErrorText error={error} className='js-detail-error' />

      {waiting ? (
        <View className='footer-actions'>
          <Btn kind='primary' className='js-detail-pay' loading={busy === 'pay'} disabled={!!busy} onClick={() => void pay()}>
            {`去支付 ${money(o.totalFen)}`}
          </Btn>
          <Btn className='js-detail-cancel' disabled={!!busy} onClick={() => setAsking('cancel')}>
            取消订单
          </Btn>
        </View>
      ) : o.status === 'EXPIRED' || o.status === 'CANCELLED' ? (
        <Btn kind='primary' className='js-detail-again' onClick={() => go(ROUTES.pay)}>
          重新缴费
        </Btn>
      ) : null}

      <ConfirmSheet
        open={!!cashier}
        className='js-cashier'
        title='收银台'
        amount={cashier ? money(cashier.amountFen) : undefined}
        rows={
          cashier
            ? [
                { label: '付款人', value: '本人（自费，不使用个人账户）' },
                { label: '为谁缴费', value: <NwText className='js-cashier-people' text={people.join('、')} /> },
                { label: '收款方', value: cashier.provider === 'SANDBOX' ? cashier.merchant : '微信支付' },
                { label: '订单号', value: <Nw>{shortOrderNo(cashier.orderId)}</Nw> },
              ]
            : []
        }
        confirmText='确认支付'
        busy={busy === 'pay'}
        onConfirm={() => {
          answer.current?.(true)
          answer.current = null
        }}
        onCancel={() => {
          answer.current?.(false)
          answer.current = null
          setCashier(null)
        }}
      >
        <View className='sheet-note'>
          <NwText text={`请在 ${cashier ? dateTime(cashier.expiresAt) : ''} 前完成支付。`} />
        </View>
      </ConfirmSheet>

      <ConfirmSheet
        open={asking === 'cancel'}
        className='js-cancel-sheet'
        title='取消订单'
        rows={[
          { label: '订单号', value: <Nw>{shortOrderNo(o.orderId)}</Nw> },
          { label: '参保人', value: <NwText text={people.join('、')} /> },
          { label: '金额', value: <Nw>{money(o.totalFen)}</Nw> },
        ]}
        confirmText='确认取消订单'
        cancelText='暂不取消'
        danger
        busy={busy === 'cancel'}
        onConfirm={() => void cancel()}
        onCancel={() => setAsking(null)}
      >
        <View className='sheet-note'>取消后该订单不能再支付，如需参保请重新缴费。</View>
      </ConfirmSheet>
    </Page>
  )
}
