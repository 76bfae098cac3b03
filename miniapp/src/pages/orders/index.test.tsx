import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../../test/fakeBff'
import Orders from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

describe('订单 (API.md GET /orders: own orders)', () => {
  it('lists orders with status, people, amounts and debits', async () => {
    const bff = installFakeBff()
    bff.state.orders = [
      {
        orderId: 'o-1',
        status: 'PAID',
        totalFen: 11800,
        items: [
          { personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' },
          { personId: 'p-spouse', amountFen: 5900, coverFrom: '2027-01-01' },
        ],
        debit: { historicalFen: 11800, currentFen: 0 },
        productId: 'JS-YHB-2027',
        payMethod: 'PERSONAL_ACCOUNT',
        createdAt: '2026-11-01T09:00:00+08:00',
      },
      {
        orderId: 'o-2',
        status: 'AWAITING_PAYMENT',
        totalFen: 44000,
        items: [{ personId: 'p-spouse', amountFen: 44000, coverFrom: '2027-05-01' }],
        productId: 'JS-YHB-2027',
        payMethod: 'SELF_PAY',
        createdAt: '2026-11-20T09:00:00+08:00',
      },
    ]
    render(<Orders />)
    await waitFor(() => expect($$('.js-order')).toHaveLength(2))
    const [newest, older] = $$('.js-order')
    expect(newest.querySelector('.js-order-status')!.textContent).toBe('待自费支付')
    expect(newest.querySelector('.js-order-debit')).toBeNull()
    expect(older.querySelector('.js-order-status')!.textContent).toBe('已支付')
    expect(older.querySelector('.js-order-total')!.textContent).toBe('¥118.00')
    expect(older.querySelector('.js-order-debit')!.textContent).toContain('历年结余 ¥118.00，当年 ¥0.00')
    await waitFor(() => expect(older.querySelector('.js-order-product')!.textContent).toBe('江苏医惠保1号(2027年度)'))
    const items = Array.from(older.querySelectorAll('.js-order-item')).map((e) => e.textContent)
    expect(items[0]).toContain('王**（本人）')
    expect(items[1]).toContain('张*（配偶）')
    expect(items[1]).toContain('¥59.00，保障自 2027年1月1日 起')
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
})
