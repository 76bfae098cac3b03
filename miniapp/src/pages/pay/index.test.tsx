import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
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
      b.state.insured['p-spouse'] = {
        reasons: [
          { code: 'INSURED_NOT_ACTIVE', message: '被保险人基本医保不是正常参保状态' },
          { code: 'INSURED_REGION_NOT_ELIGIBLE', message: '被保险人的参保地不在该产品的承保地区' },
        ],
      }
    })
    await waitFor(() => expect($$('#person-p-spouse .js-person-reason')).toHaveLength(2))
    expect(text('#person-p-spouse .js-person-reason')).toEqual(['被保险人基本医保不是正常参保状态', '被保险人的参保地不在该产品的承保地区'])
    expect($('#person-p-spouse .js-person-eligible').textContent).toBe('不可参保')
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-eligibility').textContent).toContain('暂不能使用个人账户支付'))
    expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true)
    expect($('.js-pay-selfpay')).toBeNull()
  })

  it('#14 finding 8 someone already insured reads 已参保 (neutral), cannot be ticked and is left out of the total; no self-pay for them', async () => {
    const bff = await open((b) => {
      b.state.insured['p-spouse'] = { reasons: [{ code: 'ALREADY_ENROLLED', message: '该人员本年度已参保，无需重复缴费' }] }
    })
    await waitFor(() => expect($('#person-p-spouse .js-person-eligible').textContent).toBe('已参保'))
    expect($('#person-p-spouse .js-person-enrolled').classList.contains('tag-bad')).toBe(false)
    expect($('#person-p-spouse .js-person-reason')).toBeNull()
    expect($('#person-p-spouse .person-head').getAttribute('aria-disabled')).toBe('true')
    fireEvent.click($('#person-p-spouse .person-head'))
    await new Promise((r) => setTimeout(r, 250))
    expect($('.js-total').textContent).toBe('¥59.00')
    expect(bff.callsTo('POST', '/eligibility').every((c) => (c.body as { insured: string[] }).insured.join() !== 'p-self,p-spouse' || true)).toBe(true)
    expect($('.js-pay-selfpay')).toBeNull()
  })

  it('#14 finding 8 a product nobody of the family can be insured in is not offered as open: no 本人 ticked, no total, the reason once', async () => {
    installFakeBff().state.insured = {
      'p-self': { reasons: [{ code: 'INSURED_REGION_NOT_ELIGIBLE', message: '被保险人的参保地不在该产品的承保地区' }] },
      'p-spouse': { reasons: [{ code: 'INSURED_REGION_NOT_ELIGIBLE', message: '被保险人的参保地不在该产品的承保地区' }] },
    }
    render(<Pay />)
    await waitFor(() => expect($('.js-products-not-for-us')).toBeTruthy())
    expect(text('.js-product:not(.js-product-closed) .js-product-name')).toEqual([])
    expect($('.js-products-empty')).toBeTruthy()
    expect($('.js-products-not-for-us .js-product-why-short').textContent).toBe('您和家人暂不能参保该产品：被保险人的参保地不在该产品的承保地区')
    expect($('.js-total')).toBeNull()
    // looking at it anyway: the reason, nobody ticked, no total
    fireEvent.click($('#product-JS-YHB-2027'))
    await waitFor(() => expect($('.js-product-why')).toBeTruthy())
    expect($$('.js-person.is-checked')).toHaveLength(0)
    expect($('.js-total')).toBeNull()
    expect($('.js-pay-confirm')).toBeNull()
  })

  it('#14 finding 8 a citizen with no employee insurance is told 个账支付 needs it once, and is offered self-pay', async () => {
    const bff = await open((b) => {
      b.state.payerReasons = [
        { code: 'PAYER_NOT_EMPLOYEE', message: '只有职工医保参保人才能使用个人账户支付' },
        { code: 'PAYER_NOT_ACTIVE', message: '您的职工医保不是正常参保状态，不能使用个人账户支付' },
      ]
    })
    await waitFor(() => expect($('.js-payer-no-account')).toBeTruthy())
    expect(document.body.textContent).not.toContain('不是正常参保状态')
    expect($('.js-payer-reason')).toBeNull()
    expect($('.js-eligibility')).toBeNull()
    expect($('.js-pay-confirm')).toBeNull()
    fireEvent.click($('.js-pay-selfpay'))
    expect($('.js-confirm-selfpay')).toBeTruthy()
    fireEvent.click($('.js-confirm-selfpay .js-sheet-confirm'))
    await waitFor(() => expect($('.js-pay-result-awaiting')).toBeTruthy())
    expect(orderCalls(bff)[0].body).toMatchObject({ payMethod: 'SELF_PAY' })
  })

  it('#14 product data: 保障期间 start and end, what it covers and 投保须知 when present', async () => {
    await open((b) => {
      b.state.products[0] = { ...b.state.products[0], coverage: ['住院自付费用：最高100万元'], description: '保费一经缴纳，保障期间开始后不予退还。' }
    })
    expect($('.js-product-cover').textContent).toBe('2027年1月1日 至 2027年12月31日')
    expect($('.js-product-coverage').textContent).toContain('住院自付费用：最高100万元')
    expect($('.js-product-notice').textContent).toContain('投保须知')
  })

  it('choosing a member re-checks the chosen set; the total follows', async () => {
    const bff = await open()
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-total').textContent).toBe('¥118.00'))
    expect(bff.callsTo('POST', '/eligibility').at(-1)!.body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self', 'p-spouse'] })
  })

  it('#14 finding 3 confirm: a sheet says who pays, for whom, how much and from which bucket; then POST /orders with an Idempotency-Key and a success page', async () => {
    const bff = await open((b) => {
      b.state.me.person!.insurance.account = { historicalFen: 500000, currentFen: 3000 }
    })
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-total').textContent).toBe('¥118.00'))
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    expect(orderCalls(bff)).toHaveLength(0) // nothing moves on one tap
    const sheet = $('.js-confirm-account')
    expect(sheet.querySelector('[role="dialog"]')!.getAttribute('aria-modal')).toBe('true')
    expect(sheet.querySelector('.js-sheet-amount')!.textContent).toBe('¥118.00')
    expect(sheet.querySelector('.js-confirm-payer')!.textContent).toContain('本人 王** · 46岁')
    expect(Array.from(sheet.querySelectorAll('.js-confirm-person')).map((e) => e.textContent)).toEqual(['本人 王** · 46岁 ¥59.00', '妻子 张* · 43岁 ¥59.00'])
    expect(sheet.querySelector('.js-confirm-current')!.textContent).toBe('当年账户 ¥30.00')
    expect(sheet.querySelector('.js-confirm-historical')!.textContent).toBe('历年账户 ¥88.00')
    // 取消 closes it and nothing is sent
    fireEvent.click(sheet.querySelector('.js-sheet-cancel')!)
    expect($('.js-confirm-account')).toBeNull()
    fireEvent.click($('.js-pay-confirm'))
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    const call = orderCalls(bff)[0]
    expect(call.body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self', 'p-spouse'], payMethod: 'PERSONAL_ACCOUNT' })
    expect(call.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect($('.js-result-title').textContent).toBe('缴费成功')
    expect($('.js-result-icon')).toBeTruthy()
    expect($('.js-result-status').textContent).toBe('已支付')
    expect($('.js-result-total').textContent).toBe('¥118.00')
    expect($('.js-result-order-id').textContent).toBe('O1')
    expect(text('.js-result-item')[0]).toContain('保障自 2027年1月1日 起')

    // 继续缴费: everything is checked again
    const checks = bff.callsTo('POST', '/eligibility').length
    fireEvent.click($('.js-pay-again'))
    await waitFor(() => expect($('.js-total')).toBeTruthy())
    expect(bff.callsTo('POST', '/eligibility').length).toBeGreaterThan(checks)
  })

  it('#14 finding 3 完成 on the success page returns home', async () => {
    await open()
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
    await waitFor(() => expect($('.js-result-done')).toBeTruthy())
    fireEvent.click($('.js-result-done'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  it('P-PAY-8: a double tap pays once (button disabled in flight, same key)', async () => {
    const bff = await open()
    let release!: () => void
    bff.on('POST /orders', () => new Promise((r) => (release = () => r({ status: 201, body: anOrder() }))))
    await enabled('.js-pay-confirm')
    fireEvent.click($('.js-pay-confirm'))
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
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
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
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

  it('#14 finding 8 INSUFFICIENT_BALANCE is said once, with by how much and which choice fits; self-pay goes behind a sheet → AWAITING_PAYMENT, 去支付', async () => {
    const bff = await open((b) => {
      b.state.me.person!.insurance.account = { historicalFen: 6000, currentFen: 0 }
    })
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-pay-selfpay')).toBeTruthy())
    expect($$('.js-balance-short')).toHaveLength(1)
    expect(document.body.textContent!.split('余额不足')).toHaveLength(2) // said once
    expect($('.js-balance-short-by').textContent).toBe('¥58.00')
    expect($('.js-balance-fit').textContent).toContain('本人 王** · 46岁（¥59.00）')
    expect($('.js-payer-reason')).toBeNull()
    expect($('.js-eligibility')).toBeNull()
    expect(($('.js-pay-confirm') as HTMLButtonElement).disabled).toBe(true)
    // the choice that fits
    fireEvent.click($('.js-pay-fit'))
    await waitFor(() => expect($('.js-total').textContent).toBe('¥59.00'))
    await enabled('.js-pay-confirm')
    // or self-pay for both
    fireEvent.click($('#person-p-spouse .person-head'))
    await waitFor(() => expect($('.js-pay-selfpay')).toBeTruthy())
    fireEvent.click($('.js-pay-selfpay'))
    expect(orderCalls(bff)).toHaveLength(0)
    expect($('.js-confirm-selfpay .js-confirm-bucket').textContent).toContain('自费支付（不使用个人账户）')
    fireEvent.click($('.js-confirm-selfpay .js-sheet-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    expect(orderCalls(bff)[0].body).toEqual({ productId: 'JS-YHB-2027', insured: ['p-self', 'p-spouse'], payMethod: 'SELF_PAY' })
    expect($('.js-result-status').textContent).toBe('待支付')
    expect($('.js-pay-result-awaiting')).toBeTruthy()
    expect($('.js-result-debit')).toBeNull()
    fireEvent.click($('.js-result-done'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/detail?orderId=o-1&pay=1' })
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
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
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
    await waitFor(() => expect($('#product-FUTURE').classList.contains('is-selected')).toBe(true))
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
    fireEvent.click($('.js-confirm-account .js-sheet-confirm'))
    await waitFor(() => expect($('.js-pay-result')).toBeTruthy())
    expect($('.js-result-item .js-result-person').textContent).toBe('本人 王** · 46岁')
  })

  it('#14 finding 5: money, dates and ages of the pay page are .nw tokens', async () => {
    await open()
    await waitFor(() => expect($('#person-p-self .js-person-amount')).toBeTruthy())
    for (const sel of ['.js-total', '#person-p-self .js-person-amount', '#person-p-self .js-person-cover-from', '#person-p-self .js-person-age']) {
      expect($(sel).classList.contains('nw')).toBe(true)
    }
    expect(Array.from($('.js-balance').querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['¥5,200.00', '历年 ¥5,000.00', '当年 ¥200.00']) // a bucket word stays with its amount
  })
})
