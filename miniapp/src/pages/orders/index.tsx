import { Text, View } from '@tarojs/components'
import { Nw, NwText } from '../../components/Nw'
import { Btn } from '../../components/Btn'
import { control } from '../../components/a11y'
import { Card, Page, Row } from '../../components/Page'
import { Empty, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { dateOnly, dateTime, money, ORDER_STATUS_LABELS } from '../../lib/format'
import { useLoader, useReshow } from '../../lib/hooks'
import { go } from '../../lib/nav'
import type { Order, Product } from '../../lib/types'
import { orderLookup } from './lookup'
import { coverUntil, shortOrderNo, splitOrders, statusTone } from './model'

/** The earliest cover start of an order's people (they share a year's product). */
const firstCover = (o: Order) => [...o.items.map((i) => i.coverFrom)].sort()[0] ?? ''

/**
 * 订单: GET /orders (own orders). Orders waiting for payment first (待支付, with 去支付), then
 * the others; each opens its detail page (people, amounts, cover period, debit split, #14).
 */
export default function Orders() {
  const orders = useLoader((s) => api.orders({ scope: s }))
  // Names of people and products, best effort (the orders show a neutral word otherwise).
  const lookup = useLoader(async (s) => {
    const { names, products } = await orderLookup(s)
    const productNames = new Map<string, string>(products.map((p: Product) => [p.productId, p.name]))
    const years = new Map<string, number>(products.map((p: Product) => [p.productId, p.year]))
    return { names, productNames, years }
  })
  // back from a detail page (paid, cancelled): the lists change
  useReshow(() => void orders.reload(true))

  if (!orders.data && orders.status !== 'ok') {
    return (
      <Page className='page-orders'>
        <Pending loaded={orders} />
      </Page>
    )
  }
  const { pending, done } = splitOrders(orders.data ?? [])
  const person = (id: string) => lookup.data?.names.get(id) ?? '家庭成员'
  const productName = (o: Order) => lookup.data?.productNames.get(o.productId) ?? '医保缴费'
  const yearOf = (o: Order) => lookup.data?.years.get(o.productId)
  const open = (o: Order, pay = false) => go(`${ROUTES.orderDetail}?orderId=${encodeURIComponent(o.orderId)}${pay ? '&pay=1' : ''}`)

  const item = (o: Order) => (
    <Card key={o.orderId} className={`js-order js-order-${o.status}`}>
      <View id={`order-${o.orderId}`} className='order-head' {...control(() => open(o), { role: 'link', label: `${productName(o)}，${ORDER_STATUS_LABELS[o.status] ?? o.status}，查看详情` })}>
        <Text className='strong js-order-product'>{productName(o)}</Text>
        <Text className={`tag ${statusTone(o.status)} js-order-status`}>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Text>
      </View>
      <Row label='订单号' value={<Nw className='js-order-id'>{shortOrderNo(o.orderId)}</Nw>} />
      <Row label='下单时间' value={<NwText text={dateTime(o.createdAt)} />} />
      <Row label='参保人' value={<NwText className='js-order-people js-order-person' text={o.items.map((it) => person(it.personId)).join('、')} />} />
      {o.items.length > 0 ? (
        <Row
          label='保障期间'
          value={<NwText className='js-order-cover' text={`${dateOnly(firstCover(o))} 至 ${dateOnly(coverUntil(firstCover(o), yearOf(o)))}`} />}
        />
      ) : null}
      <Row label='合计' value={<Nw className='amount js-order-total'>{money(o.totalFen)}</Nw>} />
      <View className='actions order-actions'>
        <Btn small className='js-order-detail' onClick={() => open(o)}>
          查看详情
        </Btn>
        {o.status === 'AWAITING_PAYMENT' ? (
          <Btn small kind='primary' className='js-order-pay' onClick={() => open(o, true)}>
            去支付
          </Btn>
        ) : null}
      </View>
    </Card>
  )

  return (
    <Page className='page-orders'>
      {pending.length === 0 && done.length === 0 ? (
        <Empty text='还没有订单'>
          <Btn kind='primary' className='js-orders-pay' onClick={() => go(ROUTES.pay)}>
            去缴费
          </Btn>
        </Empty>
      ) : null}
      {pending.length > 0 ? (
        <View className='js-orders-pending'>
          <View className='section-title' role='heading' aria-level={2}>
            待支付
          </View>
          {pending.map((o) => item(o))}
        </View>
      ) : null}
      {done.length > 0 ? (
        <View className='js-orders-done'>
          <View className='section-title' role='heading' aria-level={2}>
            {pending.length > 0 ? '其他订单' : '全部订单'}
          </View>
          {done.map((o) => item(o))}
        </View>
      ) : null}
    </Page>
  )
}
