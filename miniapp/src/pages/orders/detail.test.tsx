import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { setRouterParams } from '../../../test/taro'
import { anOrder, contractError, installFakeBff } from '../../../test/fakeBff'
import { pendingConfirmKey } from '../../lib/payment'
import OrderDetail from './detail'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

const selfPay = (o: Parameters<typeof anOrder>[0] = {}) =>
  anOrder({
    orderId: 'o_OZ3yab12cd34',
    status: 'AWAITING_PAYMENT',
    payMethod: 'SELF_PAY',
    debit: undefined,
    totalFen: 11800,
    items: [
      { personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' },
      { personId: 'p-spouse', amountFen: 5900, coverFrom: '2027-01-01' },
    ],
    expiresAt: '2026-11-24T10:30:00+08:00',
    ...o,
  })

async function open(order: ReturnType<typeof anOrder>, params: Record<string, string> = {}) {
  const bff = installFakeBff()
  bff.state.orders = [order]
  setRouterParams({ orderId: order.orderId, ...params })
  render(<OrderDetail />)
  await waitFor(() => expect($('.js-detail')).toBeTruthy())
  return bff
}

describe('订单详情 (#14 findings 3 and 4)', () => {
  it('#14 finding 4 shows people, amounts, cover period (start and end), the debit split and a short order number', async () => {
    await open(
      anOrder({
        orderId: 'o_OZ3yab12cd34',
        totalFen: 11800,
        items: [
          { personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' },
          { personId: 'p-spouse', amountFen: 5900, coverFrom: '2027-01-01' },
        ],
        debit: { historicalFen: 5900, currentFen: 5900 },
      }),
    )
    expect($('.js-detail-status').textContent).toBe('已支付')
    expect($('.js-detail-no').textContent).toBe('AB12CD34')
    expect($('.js-detail-total').textContent).toBe('¥118.00')
    expect($('.js-detail-current').textContent).toContain('当年账户¥59.00')
    expect($('.js-detail-historical').textContent).toContain('历年账户¥59.00')
    expect($$('.js-detail-cover').map((e) => e.textContent)).toEqual(['2027年1月1日 至 2027年12月31日', '2027年1月1日 至 2027年12月31日'])
    await waitFor(() => expect($$('.js-detail-item .strong').map((e) => e.textContent)).toEqual(['本人 王** · 46岁', '妻子 张* · 43岁']))
    expect($('.js-detail-pay')).toBeNull()
    expect($('.js-detail-cancel')).toBeNull()
  })

  it('#14 finding 4 去支付 opens the sandbox cashier (amount, for whom, 确认支付 / 取消); 确认支付 → PAID, a success page with 完成', async () => {
    const bff = await open(selfPay())
    expect($('.js-detail-status').textContent).toBe('待支付')
    expect($('.js-detail-deadline').textContent).toContain('2026年11月24日 10:30')
    fireEvent.click($('.js-detail-pay'))
    await waitFor(() => expect($('.js-cashier')).toBeTruthy())
    expect($('.js-cashier [role="dialog"]').getAttribute('aria-modal')).toBe('true')
    expect($('.js-cashier .js-sheet-amount').textContent).toBe('¥118.00')
    await waitFor(() => expect($('.js-cashier-people').textContent).toBe('本人 王** · 46岁、妻子 张* · 43岁'))
    expect(bff.callsTo('POST', '/orders/o_OZ3yab12cd34/payment/confirm')).toHaveLength(0) // nothing paid before 确认支付
    fireEvent.click($('.js-cashier .js-sheet-confirm'))
    await waitFor(() => expect($('.js-paid-result')).toBeTruthy())
    const confirms = bff.callsTo('POST', '/orders/o_OZ3yab12cd34/payment/confirm')
    expect(confirms).toHaveLength(1)
    expect(confirms[0].headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect($('.js-result-title').textContent).toBe('支付成功')
    expect($('.js-result-icon')).toBeTruthy()
    expect($('.js-paid-total').textContent).toBe('¥118.00')
    fireEvent.click($('.js-result-done'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/index' })
  })

  it('#14 finding 4 取消 on the cashier pays nothing; ?pay=1 opens the cashier at once', async () => {
    const bff = await open(selfPay(), { pay: '1' })
    await waitFor(() => expect($('.js-cashier')).toBeTruthy())
    fireEvent.click($('.js-cashier .js-sheet-cancel'))
    await waitFor(() => expect($('.js-cashier')).toBeNull())
    expect(bff.callsTo('POST', '/orders/o_OZ3yab12cd34/payment/confirm')).toHaveLength(0)
    expect($('.js-detail-status').textContent).toBe('待支付')
  })

  it('#14 finding 4 a lost answer keeps the confirm key: the retry reuses it (no double payment)', async () => {
    const bff = await open(selfPay())
    bff.loseAnswers = 0
    fireEvent.click($('.js-detail-pay'))
    await waitFor(() => expect($('.js-cashier')).toBeTruthy())
    bff.loseAnswers = 1
    fireEvent.click($('.js-cashier .js-sheet-confirm'))
    await waitFor(() => expect($('.js-detail-error .js-error-text, .js-detail-error')?.textContent).toBeTruthy())
    await waitFor(() => expect(bff.callsTo('POST', '/orders/o_OZ3yab12cd34/payment/confirm')).toHaveLength(1))
    const key = pendingConfirmKey('o_OZ3yab12cd34')
    expect(key).toBeTruthy()
    // the order reads PAID now (the first attempt went through): the page says so
    await waitFor(() => expect($('.js-detail-status').textContent).toBe('已支付'))
  })

  it('#14 finding 4 取消订单 asks first (a sheet), then CANCELLED with 重新缴费; 暂不取消 changes nothing', async () => {
    const bff = await open(selfPay())
    fireEvent.click($('.js-detail-cancel'))
    expect($('.js-cancel-sheet')).toBeTruthy()
    fireEvent.click($('.js-cancel-sheet .js-sheet-cancel'))
    expect($('.js-cancel-sheet')).toBeNull()
    expect(bff.callsTo('POST', '/orders/o_OZ3yab12cd34/cancel')).toHaveLength(0)
    fireEvent.click($('.js-detail-cancel'))
    fireEvent.click($('.js-cancel-sheet .js-sheet-confirm'))
    await waitFor(() => expect($('.js-detail-status').textContent).toBe('已取消'))
    expect($('.js-detail-cancelled')).toBeTruthy()
    expect($('.js-detail-pay')).toBeNull()
    fireEvent.click($('.js-detail-again'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index' })
  })

  it('#14 finding 4 an expired order reads 已过期, offers no payment, and a refused confirm says why in Chinese', async () => {
    await open(selfPay({ status: 'EXPIRED' }))
    expect($('.js-detail-status').textContent).toBe('已过期')
    expect($('.js-detail-expired').textContent).toContain('已自动关闭')
    expect($('.js-detail-pay')).toBeNull()
  })

  it('#14 finding 4 a refused payment (expired meanwhile) says why in Chinese and reloads the order', async () => {
    const bff = await open(selfPay())
    bff.on('POST /orders/:id/payment', () => contractError(422, 'ORDER_EXPIRED', '该订单已超过支付时限，已自动关闭，请重新下单'))
    fireEvent.click($$('.js-detail-pay')[0])
    await waitFor(() => expect(document.body.textContent).toContain('该订单已超过支付时限'))
    expect($('.js-cashier')).toBeNull()
    expect(bff.callsTo('GET', '/orders/o_OZ3yab12cd34').length).toBeGreaterThanOrEqual(2)
  })
})
