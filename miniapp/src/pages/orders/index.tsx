import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Card, Page, Row } from '../../components/Page'
import { Empty, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { isCancelled } from '../../lib/errors'
import { dateTime, debitText, money, ORDER_STATUS_LABELS, orderItemText } from '../../lib/format'
import { useLoader } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { candidates, memberLabels } from '../../lib/people'
import { Nw, NwText } from '../../components/Nw'
import type { Order, Product } from '../../lib/types'

const PAY_METHOD_LABELS: Record<string, string> = {
  PERSONAL_ACCOUNT: '个人账户支付',
  SELF_PAY: '自费支付',
}

/** 订单: GET /orders (own orders) with status, people, amounts and debits. */
export default function Orders() {
  const orders = useLoader((s) => api.orders({ scope: s }))
  // Names of people and products, best effort (the orders show ids otherwise).
  const lookup = useLoader(async (s) => {
    const soft = <T,>(p: Promise<T>) =>
      p.catch((e) => {
        if (isCancelled(e)) throw e
        return null
      })
    const [me, family, products] = await Promise.all([soft(api.me({ scope: s })), soft(api.familyMembers({ scope: s })), soft(api.products({ scope: s }))])
    const names = new Map<string, string>()
    // "儿子 王** · 12岁": who each line was for, told apart (#14 finding 1)
    if (me) for (const c of candidates(me, family)) names.set(c.personId, c.label)
    for (const [personId, l] of memberLabels(family)) if (!names.has(personId)) names.set(personId, l.text)
    const productNames = new Map<string, string>((products ?? []).map((p: Product) => [p.productId, p.name]))
    return { names, productNames }
  })

  if (!orders.data && orders.status !== 'ok') {
    return (
      <Page className='page-orders'>
        <Pending loaded={orders} />
      </Page>
    )
  }
  const list = [...(orders.data ?? [])].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
  const person = (id: string) => lookup.data?.names.get(id) ?? '家庭成员'
  const productName = (o: Order) => (o.productId ? (lookup.data?.productNames.get(o.productId) ?? o.productId) : '医保缴费')

  return (
    <Page className='page-orders'>
      {list.length === 0 ? (
        <Empty text='还没有订单'>
          <Btn kind='primary' className='js-orders-pay' onClick={() => go(ROUTES.pay)}>
            去缴费
          </Btn>
        </Empty>
      ) : (
        list.map((o) => (
          <Card key={o.orderId} className='js-order'>
            <View id={`order-${o.orderId}`} className='order-head'>
              <Text className='strong js-order-product'>{productName(o)}</Text>
              <Text className={`tag ${o.status === 'PAID' ? 'tag-ok' : 'tag-warn'} js-order-status`}>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Text>
            </View>
            <Row label='订单号' value={<Text className='js-order-id'>{o.orderId}</Text>} />
            {o.createdAt ? <Row label='下单时间' value={<NwText text={dateTime(o.createdAt)} />} /> : null}
            {o.payMethod ? <Row label='支付方式' value={PAY_METHOD_LABELS[o.payMethod] ?? o.payMethod} /> : null}
            {(o.items ?? []).map((it) => (
              <Row
                key={it.personId}
                className='js-order-item'
                label={<NwText className='js-order-person' text={person(it.personId)} />}
                value={<NwText text={orderItemText(it)} />}
              />
            ))}
            <Row label='合计' value={<Nw className='amount js-order-total'>{money(o.totalFen)}</Nw>} />
            {o.debit ? (
              <Row
                className='js-order-debit'
                label='个人账户扣款'
                value={<NwText text={debitText(o.debit)} />}
              />
            ) : null}
          </Card>
        ))
      )}
    </Page>
  )
}
