import { Text, View } from '@tarojs/components'
import { Nw, NwText } from '../../components/Nw'
import Taro from '@tarojs/taro'
import { Btn } from '../../components/Btn'
import { Row } from '../../components/Page'
import { ResultView } from '../../components/ResultView'
import { ROUTES } from '../../lib/config'
import { dateOnly, dateTime, money, ORDER_STATUS_LABELS } from '../../lib/format'
import { go } from '../../lib/nav'
import { SELF_PAY_TTL_MINUTES, shortOrderNo } from '../../lib/shared'
import type { Order, Product } from '../../lib/types'

/**
 * The answer of POST /orders (#14 findings 3 and 4): PAID from the account → a success page
 * (icon, who, how much, from which bucket, 完成); AWAITING_PAYMENT (self-pay) → 去支付, which
 * opens the order's cashier, or 稍后支付.
 */
export function OrderResult({ order, who, product, onAgain }: { order: Order; who: (personId: string) => string; product?: Product; onAgain: () => void }) {
  const paid = order.status === 'PAID'
  const detail = `${ROUTES.orderDetail}?orderId=${encodeURIComponent(order.orderId)}`
  return (
    <ResultView
      kind={paid ? 'success' : 'warn'}
      className={`js-pay-result ${paid ? 'js-pay-result-paid' : 'js-pay-result-awaiting'}`}
      title={paid ? '缴费成功' : '订单已提交，待支付'}
      doneText={paid ? '完成' : `去支付 ${money(order.totalFen)}`}
      onDone={() => (paid ? void Taro.switchTab({ url: ROUTES.home }) : go(`${detail}&pay=1`))}
      extra={
        <>
          <Btn className='js-pay-orders' onClick={() => go(paid ? ROUTES.orders : detail)}>
            {paid ? '查看订单' : '稍后支付，查看订单'}
          </Btn>
          {paid ? (
            <Btn kind='link' className='js-pay-again' onClick={onAgain}>
              继续缴费
            </Btn>
          ) : null}
        </>
      }
    >
      {product ? <Row label='产品' value={product.name} /> : null}
      <Row label='订单号' value={<Nw className='js-result-order-id'>{shortOrderNo(order.orderId)}</Nw>} />
      <Row label='状态' value={<Text className='js-result-status'>{ORDER_STATUS_LABELS[order.status] ?? order.status}</Text>} />
      <Row label='合计' value={<Nw className='amount js-result-total'>{money(order.totalFen)}</Nw>} />
      {order.items.map((it) => (
        <Row
          key={it.personId}
          className='js-result-item'
          label={<NwText className='js-result-person' text={who(it.personId)} />}
          value={
            <Text>
              <Nw>{money(it.amountFen)}</Nw>
              {'，保障自 '}
              <Nw>{dateOnly(it.coverFrom)}</Nw>
              {' 起'}
            </Text>
          }
        />
      ))}
      {order.debit ? (
        <View className='js-result-debit'>
          <Row className='js-result-current' label='当年账户扣款' value={<Nw>{money(order.debit.currentFen)}</Nw>} />
          <Row className='js-result-historical' label='历年账户扣款' value={<Nw>{money(order.debit.historicalFen)}</Nw>} />
        </View>
      ) : null}
      {!paid ? (
        <View className='muted js-result-deadline'>
          <NwText text={`请在${SELF_PAY_TTL_MINUTES}分钟内${order.expiresAt ? `（${dateTime(order.expiresAt)} 前）` : ''}完成支付，超时订单自动关闭。个人账户未扣款，支付完成前本订单不生效。`} />
        </View>
      ) : null}
    </ResultView>
  )
}
