import { fireEvent, render, waitFor } from '@testing-library/react'
import { anOrder, contractError, installFakeBff } from '../../../test/fakeBff'
import { noteServerToken } from '../../lib/clock'
import Pay from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]
const text = (sel: string) => $$(sel).map((e) => e.textContent)
const orderCalls = (bff: ReturnType<typeof installFakeBff>) => bff.callsTo('POST', '/orders')

async function open(setup?: (bff: ReturnType<typeof installFakeBff>) => void) {
  const bff = installFakeBff()
  setup?.(bff)
  render(<Pay />)
  await waitFor(() => expect($('.js-total')).toBeTruthy())
  return bff
}

async function enabled(sel: string) {
  await waitFor(() => expect(($(sel) as HTMLButtonElement).disabled).toBe(false))
}

describe('缴费 (API.md "Products and payment", P-PAY)', () => {
  it('lists the products open now first (P-PAY-6) and picks the first', async () => {
    await open()
    expect(text('.js-product:not(.js-product-closed) .js-product-name')).toEqual(['江苏医惠保1号(2027年度)'])
    expect(text('.js-product-closed .js-product-name')).toEqual(['旧产品(2020年度)'])
    expect($('#product-JS-YHB-2027').classList.contains('is-selected')).toBe(true)
  })

  it('offers self and ACTIVE members only (P-PAY-2); self is preselected', async () => {
    await open()
    expect($$('.js-person').map((e) => e.id)).toEqual(['person-p-self', 'person-p-spouse'])
    expect($('#person-p-self').classList.contains('is-checked')).toBe(true)
    expect($('#person-p-spouse').classList.contains('is-checked')).toBe(false)
  })

  it('per person: price category, amount, cover-from date, waiting period — from POST /eligibility', async () => {
    const bff = await open((b) => {
      b.state.insured['p-spouse'] = { category: 'ADULT', amountFen: 44000, coverFrom: '2027-05-01', waitingMonths: 4 }
    })
    expect(bff.callsTo('POST', '/eligibility').map((c) => c.body)).toEqual(
      expect.arrayContaining([
        { productId: 'JS-YHB-2027', insured: ['p-self', 'p-spouse'] },
        { productId: 'JS-YHB-2027', insured: ['p-self'] },
      ]),
    )
    expect($('#person-p-self .js-person-category').textContent).toBe('统一价格')
    expect($('#person-p-self .js-person-amount').textContent).toBe('¥59.00')
    expect($('#person-p-self .js-person-cover-from').textContent).toBe('2027年1月1日')
    // not chosen yet, but already shown from the preview
    expect($('#person-p-spouse .js-person-category').textContent).toBe('成年居民')
    expect($('#person-p-spouse .js-person-cover-from').textContent).toBe('2027年5月1日')
    expect($('#person-p-spouse .js-person-waiting').textContent).toContain('等待期 4 个月')
    expect($('.js-total').textContent).toBe('¥59.00')
    expect($('.js-balance').textContent).toContain('¥5,200.00')
  })

  it('P-OPS-1: during maintenance the pay buttons are off and say when payment resumes', async () => {
    const bff = await open((b) => {
      b.state.notices = {
        suspended: true,
        maintenance: [{ startsAt: '2020-01-01T00:00:00+08:00', endsAt: '2099-12-01T06:00:00+08:00', message: '系统升级' }],
      }
    })
    await waitFor(() => expect($('.js-pay-suspended')).toBeTruthy())
    expect($('.js-pay-suspended').textContent).toContain('2099年12月1日 06:00')
    expect($('.js-maintenance-banner')).toBeTruthy()
    expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true)
    expect($('.js-pay-confirm').textContent).toContain('暂停缴费')
    fireEvent.click($('.js-pay-confirm'))
    expect(orderCalls(bff)).toHaveLength(0)
  })

  it('P-PAY-9: every reason someone cannot be included is shown, and confirm is off', async () => {
    await open((b) => {
      b.state.insured['p-self'] = {
        reasons: [
          { code: 'INSURED_NOT_ACTIVE', message: '被保险人基本医保不是正常参保状态' },
          { code: 'ALREADY_ENROLLED', message: '该人员本年度已参保，无需重复缴费' },
        ],
      }
    })
    await waitFor(() => expect($$('#person-p-self .js-person-reason')).toHaveLength(2))
    expect(text('#person-p-self .js-person-reason')).toEqual([
      '被保险人基本医保不是正常参保状态',
      '该人员本年度已参保，无需重复缴费',
    ])
    expect($('#person-p-self .js-person-eligible').textContent).toBe('不可参保')
    expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true)
  })

  it('choosing a member re-checks the chosen set; the total follows', async () => {
    const bff = await open()
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-total').textContent).toBe('¥118.00'))
    expect(bff.callsTo('POST', '/eligibility').at(-1)!.body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self', 'p-spouse'] })
  })

  it('confirm: POST /orders with an Idempotency-Key, then the result (PAID, debit)', async () => {
    const bff = await open()
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    const call = orderCalls(bff)[0]
    expect(call.body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self'], payMethod: 'PERSONAL_ACCOUNT' })
    expect(call.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect($('.js-result-status').textContent).toBe('已支付')
    expect($('.js-result-total').textContent).toBe('¥59.00')
    expect($('.js-result-debit').textContent).toContain('历年结余 ¥59.00，当年 ¥0.00')
    expect(text('.js-result-item')[0]).toContain('保障自 2027年1月1日 起')

    // 继续缴费: everything is checked again
    const checks = bff.callsTo('POST', '/eligibility').length
    fireEvent.click($('.js-pay-again'))
    await waitFor(() => expect($('.js-total')).toBeTruthy())
    expect(bff.callsTo('POST', '/eligibility').length).toBeGreaterThan(checks)
  })

  it('P-PAY-8: a double tap pays once (button disabled in flight, same key)', async () => {
    const bff = await open()
    let release!: () => void
    bff.on('POST /orders', () => new Promise((r) => (release = () => r({ status: 201, body: anOrder() }))))
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true))
    fireEvent.click($('.js-pay-confirm'))
    release()
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    expect(orderCalls(bff)).toHaveLength(1)
  })

  it('P-PAY-8: after a network error the retry reuses the Idempotency-Key and charges once', async () => {
    const bff = await open()
    await enabled('.js-pay-confirm')
    bff.loseAnswers = 1
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect($('.js-pay-error')).toBeTruthy())
    expect($('.js-pay-error').textContent).toContain('网络连接失败')
    expect($('.js-pay-retry-hint')).toBeTruthy()
    expect($('.js-pay-confirm').textContent).toBe('重试支付')
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    const [a, b] = orderCalls(bff)
    expect(a.headers['idempotency-key']).toBe(b.headers['idempotency-key'])
    expect(bff.state.orders).toHaveLength(1)
  })

  it('P-PAY-5: INSUFFICIENT_BALANCE offers the self-pay path → AWAITING_PAYMENT', async () => {
    const bff = await open((b) => {
      b.state.me.person!.insurance.account = { historicalFen: 1000, currentFen: 500 }
    })
    await waitFor(() => expect($('.js-pay-selfpay')).toBeTruthy())
    expect($('.js-balance-short')).toBeTruthy()
    expect(text('.js-payer-reason')).toEqual(['个人账户余额不足以支付全部费用，可选择自费支付'])
    expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click($('.js-pay-selfpay'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    expect(orderCalls(bff)[0].body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self'], payMethod: 'SELF_PAY' })
    expect($('.js-result-status').textContent).toBe('待自费支付')
    expect($('.js-pay-result-awaiting')).toBeTruthy()
    expect($('.js-result-debit')).toBeNull()
  })

  it('a 422 NOT_ELIGIBLE from POST /orders lists every reason and offers self-pay when the balance is short', async () => {
    const bff = await open()
    bff.on('POST /orders', () =>
      contractError(422, 'NOT_ELIGIBLE', '不符合办理条件，请查看具体原因', {
        reasons: [
          { code: 'INSUFFICIENT_BALANCE', message: '个人账户余额不足以支付全部费用，可选择自费支付' },
          { code: 'MODE_NOT_ENABLED', message: '请先在家庭共济中开启“共济缴费”', personId: 'p-spouse' },
        ],
      }),
    )
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect($$('.js-pay-error-reason')).toHaveLength(2))
    expect($('.js-pay-selfpay')).toBeTruthy()
    expect($('.js-pay-retry-hint')).toBeNull()
  })

  it('unverified users are sent to 实名认证 (REAL_NAME_REQUIRED)', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u', verified: false }
    render(<Pay />)
    await waitFor(() => expect($('.js-error-verify')).toBeTruthy())
    expect($('.js-error-text').textContent).toBe('请先完成实名认证')
  })

  it('"open now" follows the BFF clock (SANDBOX_NOW), measured from the token iat', async () => {
    const bff = installFakeBff()
    bff.state.products = [
      { ...bff.state.products[0], productId: 'FUTURE', name: '2031年度产品', opensAt: '2030-09-01T00:00:00+08:00', closesAt: '2030-12-31T23:59:59+08:00' },
    ]
    const iat = Math.floor(Date.parse('2030-10-01T00:00:00+08:00') / 1000)
    noteServerToken(`h.${Buffer.from(JSON.stringify({ iat })).toString('base64url')}.s`)
    render(<Pay />)
    await waitFor(() => expect($('#product-FUTURE')).toBeTruthy())
    expect($('#product-FUTURE').classList.contains('js-product-closed')).toBe(false)
    expect($('#product-FUTURE').classList.contains('is-selected')).toBe(true)
  })

  it('empty: no product open now', async () => {
    const bff = installFakeBff()
    bff.state.products = [bff.state.products[1]]
    render(<Pay />)
    await waitFor(() => expect($('.js-products-empty')).toBeTruthy())
  })

  it('error state with retry when the products cannot be loaded', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Pay />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($('.js-total')).toBeTruthy())
  })

  it('#14 finding 1: each person of the picker shows relation word and age; the result lists people the same way', async () => {
    await open()
    expect($$('.js-person').map((e) => [e.querySelector('.js-person-kin')!.textContent, e.querySelector('.js-person-name')!.textContent, e.querySelector('.js-person-age')!.textContent])).toEqual([
      ['本人', '王**', '46岁'],
      ['妻子', '张*', '43岁'],
    ])
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    expect($('.js-result-item .js-result-person').textContent).toBe('本人 王** · 46岁')
  })

  it('#14 finding 5: money, dates and ages of the pay page are .nw tokens', async () => {
    await open()
    await waitFor(() => expect($('#person-p-self .js-person-amount')).toBeTruthy())
    for (const sel of ['.js-total', '#person-p-self .js-person-amount', '#person-p-self .js-person-cover-from', '#person-p-self .js-person-age']) {
      expect($(sel).classList.contains('nw')).toBe(true)
    }
    expect(Array.from($('.js-balance').querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['¥5,200.00', '¥5,000.00', '¥200.00'])
  })
})
