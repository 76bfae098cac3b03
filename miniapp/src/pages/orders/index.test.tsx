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
    expect(items[0]).toContain('本人 王** · 46岁')
    expect(items[1]).toContain('妻子 张* · 43岁')
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
