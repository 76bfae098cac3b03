import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Card, Row } from '../../components/Page'
import { ROUTES } from '../../lib/config'
import { debitText, money, ORDER_STATUS_LABELS, orderItemText } from '../../lib/format'
import { go } from '../../lib/nav'
import type { Order, Product } from '../../lib/types'
import type { Candidate } from './model'
import { Nw, NwText } from '../../components/Nw'

/** The answer of POST /orders: PAID (account debited) or AWAITING_PAYMENT (self-pay). */
export function OrderResult({ order, people, product, onAgain }: { order: Order; people: Candidate[]; product?: Product; onAgain: () => void }) {
  // "儿子 王** · 12岁": three 王** told apart (#14 finding 1)
  const name = (id: string) => people.find((p) => p.personId === id)?.label ?? '家庭成员'
  const paid = order.status === 'PAID'
  return (
    <Card className={`js-pay-result ${paid ? 'js-pay-result-paid' : 'js-pay-result-awaiting'}`}>
      <View className={`result-title ${paid ? 'ok' : 'warn'}`}>{paid ? '缴费成功' : '订单已创建，请完成自费支付'}</View>
      {product ? <Row label='产品' value={product.name} /> : null}
      <Row label='订单号' value={<Text className='js-result-order-id'>{order.orderId}</Text>} />
      <Row label='状态' value={<Text className='js-result-status'>{ORDER_STATUS_LABELS[order.status] ?? order.status}</Text>} />
      <Row label='合计' value={<Nw className='amount js-result-total'>{money(order.totalFen)}</Nw>} />
      {order.items.map((it) => (
        <Row
          key={it.personId}
          className='js-result-item'
          label={<NwText className='js-result-person' text={name(it.personId)} />}
          value={<NwText text={orderItemText(it)} />}
        />
      ))}
      {order.debit ? (
        <Row
          className='js-result-debit'
          label='个人账户扣款'
          value={<NwText text={debitText(order.debit)} />}
        />
      ) : null}
      {!paid ? <View className='muted'>个人账户未扣款。请在缴费期结束前通过自费渠道完成支付。</View> : null}
      <View className='actions'>
        <Btn className='js-pay-again' onClick={onAgain}>
          继续缴费
        </Btn>
        <Btn kind='primary' className='js-pay-orders' onClick={() => go(ROUTES.orders)}>
          查看订单
        </Btn>
      </View>
    </Card>
  )
}
