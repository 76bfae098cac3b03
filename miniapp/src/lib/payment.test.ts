import Taro from '@tarojs/taro'
import { installFakeBff } from '../../test/fakeBff'
import { authorise, confirmPayment, pendingConfirmKey } from './payment'
import type { PaymentSession } from './types'

const wechat: PaymentSession = {
  provider: 'WECHAT',
  orderId: 'o-1',
  amountFen: 5900,
  expiresAt: '2026-11-24T10:30:00+08:00',
  params: { timeStamp: '1764000000', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA', paySign: 's' },
}
const sandbox: PaymentSession = { provider: 'SANDBOX', orderId: 'o-1', amountFen: 5900, expiresAt: '2026-11-24T10:30:00+08:00', merchant: '江苏医惠保1号(2027年度)' }

describe('#14 finding 4 the payment adapter: sandbox cashier or Taro.requestPayment', () => {
  const t = Taro as unknown as Record<string, jest.Mock | undefined>
  afterEach(() => {
    delete t.requestPayment
  })

  it('SANDBOX: the app cashier decides (确认支付 → PAID, 取消 → CANCELLED); WeChat Pay is not called', async () => {
    t.requestPayment = jest.fn()
    expect(await authorise(sandbox, async () => true)).toBe('PAID')
    expect(await authorise(sandbox, async () => false)).toBe('CANCELLED')
    expect(t.requestPayment).not.toHaveBeenCalled()
  })

  it('WECHAT: Taro.requestPayment with the prepay arguments; the user closing it is CANCELLED, a failure is thrown', async () => {
    t.requestPayment = jest.fn(() => Promise.resolve({ errMsg: 'requestPayment:ok' }))
    const cashier = jest.fn()
    expect(await authorise(wechat, cashier)).toBe('PAID')
    expect(t.requestPayment).toHaveBeenCalledWith(wechat.params)
    expect(cashier).not.toHaveBeenCalled()
    t.requestPayment = jest.fn(() => Promise.reject({ errMsg: 'requestPayment:fail cancel' }))
    expect(await authorise(wechat, cashier)).toBe('CANCELLED')
    t.requestPayment = jest.fn(() => Promise.reject({ errMsg: 'requestPayment:fail system error' }))
    await expect(authorise(wechat, cashier)).rejects.toEqual({ errMsg: 'requestPayment:fail system error' })
  })

  it('confirm: one key per order, kept after a lost answer and reused, dropped after a definite one (P-PAY-8)', async () => {
    const bff = installFakeBff()
    bff.state.orders = [
      { orderId: 'o-9', status: 'AWAITING_PAYMENT', productId: 'JS-YHB-2027', payMethod: 'SELF_PAY', totalFen: 5900, items: [{ personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' }], createdAt: '2026-11-24T10:00:00+08:00', expiresAt: '2026-11-24T10:30:00+08:00' },
    ]
    bff.loseAnswers = 1
    await expect(confirmPayment('o-9')).rejects.toBeTruthy()
    const key = pendingConfirmKey('o-9')
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    const paid = await confirmPayment('o-9')
    expect(paid.status).toBe('PAID')
    const calls = bff.callsTo('POST', '/orders/o-9/payment/confirm')
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual([key, key])
    expect(pendingConfirmKey('o-9')).toBeUndefined()
  })
})
