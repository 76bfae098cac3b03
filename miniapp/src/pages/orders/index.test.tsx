import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { anOrder, installFakeBff } from '../../../test/fakeBff'
import Orders from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

describe('订单 (API.md GET /orders: own orders)', () => {
  it('#14 finding 4 lists orders waiting for payment first (待支付, 去支付), then the others; short order numbers, people by relation word', async () => {
    const bff = installFakeBff()
    bff.state.orders = [
      anOrder({
        orderId: 'o_OZ3yab12cd34',
        totalFen: 11800,
        items: [
          { personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' },
          { personId: 'p-spouse', amountFen: 5900, coverFrom: '2027-01-01' },
        ],
        debit: { historicalFen: 5900, currentFen: 5900 },
        createdAt: '2026-11-01T09:00:00+08:00',
      }),
      anOrder({ orderId: 'o-2', status: 'AWAITING_PAYMENT', payMethod: 'SELF_PAY', debit: undefined, createdAt: '2026-11-20T09:00:00+08:00', expiresAt: '2026-11-20T09:30:00+08:00' }),
      anOrder({ orderId: 'o-3', status: 'EXPIRED', payMethod: 'SELF_PAY', debit: undefined, createdAt: '2026-11-10T09:00:00+08:00', expiresAt: '2026-11-10T09:30:00+08:00' }),
      anOrder({ orderId: 'o-4', status: 'CANCELLED', payMethod: 'SELF_PAY', debit: undefined, createdAt: '2026-11-11T09:00:00+08:00' }),
    ]
    render(<Orders />)
    await waitFor(() => expect($$('.js-order')).toHaveLength(4))
    expect($$('.js-orders-pending .js-order').map((e) => e.querySelector('.js-order-status')!.textContent)).toEqual(['待支付'])
    expect($$('.js-orders-done .js-order').map((e) => e.querySelector('.js-order-status')!.textContent)).toEqual(['已取消', '已过期', '已支付'])
    const paid = $('.js-order-PAID')
    expect(paid.querySelector('.js-order-id')!.textContent).toBe('AB12CD34')
    expect(paid.querySelector('.js-order-total')!.textContent).toBe('¥118.00')
    await waitFor(() => expect(paid.querySelector('.js-order-product')!.textContent).toBe('江苏医惠保1号(2027年度)'))
    await waitFor(() => expect(paid.querySelector('.js-order-people')!.textContent).toBe('本人 王** · 46岁、妻子 张* · 43岁'))
    // only the waiting order can be paid; 去支付 opens its detail page with the cashier
    expect($$('.js-order-pay')).toHaveLength(1)
    fireEvent.click($('.js-order-pay'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/detail?orderId=o-2&pay=1' })
    fireEvent.click(paid.querySelector('.js-order-detail')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/detail?orderId=o_OZ3yab12cd34' })
  })

  it('empty state with a way to pay', async () => {
    installFakeBff()
    render(<Orders />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    fireEvent.click($('.js-orders-pay'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index' })
  })

  it('loading, then error with retry', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Orders />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
  })

  it('a signed-out session offers 去登录', async () => {
    installFakeBff({ signedIn: false })
    render(<Orders />)
    await waitFor(() => expect($('.js-error-login')).toBeTruthy())
    expect($('.js-error-text').textContent).toBe('您还没有登录，请先登录') // #14 finding 9: never signed in, not expired
  })

  it('#14 finding 5: order money and dates are .nw tokens (never "¥14|1.00" or "2027年1月1|日")', async () => {
    const bff = installFakeBff()
    bff.state.orders = [
      { orderId: 'o-1', status: 'PAID', totalFen: 14100, items: [{ personId: 'p-self', amountFen: 14100, coverFrom: '2027-01-01' }], debit: { historicalFen: 14100, currentFen: 0 }, productId: 'JS-YHB-2027', payMethod: 'PERSONAL_ACCOUNT', createdAt: '2026-11-01T09:00:00+08:00' },
    ]
    render(<Orders />)
    await waitFor(() => expect($$('.js-order')).toHaveLength(1))
    expect($('.js-order-total').classList.contains('nw')).toBe(true)
    const nw = Array.from(document.querySelectorAll('.js-order .nw')).map((e) => e.textContent)
    expect(nw).toEqual(expect.arrayContaining(['¥141.00', '2027年1月1日', '2026年11月1日', '09:00']))
    await waitFor(() => expect($('.js-order-person').textContent).toBe('本人 王** · 46岁'))
    expect(Array.from($('.js-order-person').querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['本人 王**', '46岁'])
  })
})
