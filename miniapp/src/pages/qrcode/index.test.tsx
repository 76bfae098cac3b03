import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { aSettlement, installFakeBff } from '../../../test/fakeBff'
import { hidePage, showPage } from '../../../test/taro'
import { qrDataUrl } from '../../lib/qr'
import QrCodePage from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const img = () => $('.js-qrcode') as HTMLImageElement
const qrCalls = (bff: ReturnType<typeof installFakeBff>) => bff.callsTo('POST', '/qrcodes')
const tick = async (ms: number) => {
  await act(async () => {
    jest.advanceTimersByTime(ms)
  })
}

async function open(setup?: (bff: ReturnType<typeof installFakeBff>) => void) {
  jest.useFakeTimers({ now: Date.parse('2026-11-24T10:00:00+08:00') })
  const bff = installFakeBff()
  setup?.(bff)
  render(<QrCodePage />)
  await waitFor(() => expect($('.js-qrcode')).toBeTruthy())
  return bff
}

describe('医保码 (API.md "E-voucher QR", P-QR)', () => {
  it('shows the QR of the token (it encodes `token` exactly) with the masked name', async () => {
    const bff = await open()
    expect(qrCalls(bff)[0].body).toEqual({ personId: 'p-self' })
    const token = 'qr.p-self.2'
    expect(img().getAttribute('src')).toBe(qrDataUrl(token))
    expect(img().getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
    expect($('.js-qr-name').textContent).toBe('王**')
  })

  it('P-QR-1: a visible countdown, and a fresh code before the old one expires', async () => {
    const bff = await open()
    expect($('.js-qr-seconds').textContent).toBe('60')
    await tick(5000)
    // the ticker runs once a second: 55 s left, give or take its phase
    expect(Number($('.js-qr-seconds').textContent)).toBeGreaterThanOrEqual(55)
    expect(Number($('.js-qr-seconds').textContent)).toBeLessThanOrEqual(56)
    const first = img().getAttribute('src')
    // 60 s validity → refreshed 10 s before expiry (shared refreshDelayMs)
    await tick(44_000)
    expect(qrCalls(bff)).toHaveLength(1)
    await tick(1000)
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
    await waitFor(() => expect(img().getAttribute('src')).not.toBe(first))
    expect($('.js-qr-seconds').textContent).toBe('60')
  })

  it('short validity: refreshed a quarter of the validity before expiry', async () => {
    const bff = await open((b) => (b.state.qrTtlSeconds = 8))
    await tick(5000)
    expect(qrCalls(bff)).toHaveLength(1)
    await tick(1000)
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
  })

  it('P-QR-3 亲情账户: a bound ACTIVE member can be chosen; the code is the member’s', async () => {
    const bff = await open()
    expect(Array.from(document.querySelectorAll('.js-qr-person')).map((e) => e.textContent)).toEqual(['本人 王** · 46岁', '妻子 张* · 43岁'])
    fireEvent.click($('#qr-person-p-spouse'))
    await waitFor(() => expect(qrCalls(bff).at(-1)!.body).toEqual({ personId: 'p-spouse' }))
    await waitFor(() => expect($('.js-qr-name').textContent).toBe('张*'))
    expect($('#qr-person-p-spouse').classList.contains('is-active')).toBe(true)
  })

  it('offline: an error state, and the code comes back when the network does', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-24T10:00:00+08:00') })
    const bff = installFakeBff()
    render(<QrCodePage />)
    await waitFor(() => expect($('.js-qrcode')).toBeTruthy())
    bff.offline = true
    await tick(50_000) // refresh time: fails
    await waitFor(() => expect($('.js-qr-refresh-error')).toBeTruthy())
    await tick(10_000) // the old code has expired: no stale code on screen
    await waitFor(() => expect($('.js-qr-error')).toBeTruthy())
    expect($('.js-qrcode')).toBeNull()
    expect($('.js-qr-error').textContent).toContain('网络连接失败')
    bff.offline = false
    fireEvent.click($('.js-qr-retry'))
    await waitFor(() => expect($('.js-qrcode')).toBeTruthy())
  })

  it('the BFF clock far from the phone’s (SANDBOX_NOW): falls back to the default validity', async () => {
    const bff = await open((b) =>
      b.on('POST /qrcodes', () => ({ status: 201, body: { token: 'qr-skew', expiresAt: '2031-01-01T00:01:00+08:00' } })),
    )
    expect($('.js-qr-seconds').textContent).toBe('60')
    await tick(50_000)
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
  })

  it('stops refreshing while the page is hidden; resumes on show', async () => {
    const bff = await open()
    act(() => hidePage())
    await tick(120_000)
    expect(qrCalls(bff)).toHaveLength(1)
    act(() => showPage())
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
  })

  it('WeChat: raises the screen brightness while shown and restores it when hidden', async () => {
    process.env.TARO_ENV = 'weapp'
    await open()
    await waitFor(() => expect(Taro.setScreenBrightness).toHaveBeenCalledWith({ value: 1 }))
    act(() => hidePage())
    await waitFor(() => expect(Taro.setScreenBrightness).toHaveBeenLastCalledWith({ value: 0.4 }))
  })

  it('H5: no brightness API is called', async () => {
    await open()
    expect(Taro.setScreenBrightness).not.toHaveBeenCalled()
  })

  it('unverified: asks for 实名认证 instead of showing a code', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u', verified: false }
    render(<QrCodePage />)
    await waitFor(() => expect($('.js-error-verify')).toBeTruthy())
    expect(qrCalls(bff)).toHaveLength(0)
  })

  it('#14 conventions: titled 医保电子凭证, masked ID and 参保地 as a place under the name, 刷新医保码 as a full button', async () => {
    await open()
    expect($('.page-heading').textContent).toBe('医保电子凭证')
    expect($('.js-qr-id').textContent).toBe('320***********0113')
    expect($('.js-qr-region').textContent).toBe('参保地 江苏省南京市')
    expect($('.js-qr-refresh').textContent).toBe('刷新医保码')
    expect($('.js-qr-refresh').classList.contains('btn-small')).toBe(false)
    // an insured person reads no warning
    expect($('.js-qr-insurance')).toBeNull()
  })

  it.each([
    ['NONE', 'NONE', '您当前未参保'],
    ['EMPLOYEE', 'SUSPENDED', '您的医保已暂停（中断参保）'],
    ['RESIDENT', 'TERMINATED', '您的医保已终止'],
  ] as const)('#14 finding 6: %s/%s — the code page says so (self-pay at the hospital), the code still shows', async (scheme, status, title) => {
    await open((b) => {
      b.state.me.person!.insurance = { scheme, status, region: '320102' }
    })
    expect($('.js-qr-insurance').textContent).toContain(title)
    expect($('.js-qr-insurance').textContent).toContain('结算时医保不能报销')
    expect($('.js-qr-insurance-more').textContent).toContain('医院扫码时也会看到')
    expect($('.js-qrcode')).toBeTruthy()
  })

  it('#14 finding 6: a member whose insurance is suspended — said of the member, not of the caller', async () => {
    await open((b) => {
      const m = b.state.family.members[0]
      if (m.status === 'ACTIVE') m.insurance = { scheme: 'RESIDENT', status: 'SUSPENDED', region: '110105' }
    })
    expect($('.js-qr-insurance')).toBeNull()
    fireEvent.click($('#qr-person-p-spouse'))
    await waitFor(() => expect($('.js-qr-insurance').textContent).toContain('该家庭成员的医保已暂停'))
    expect($('.js-qr-region').textContent).toBe('参保地 北京市')
  })

  it('#14 finding 7: polls GET /qrcodes/current while shown; a check-in replaces the code by 已在 XX医院 完成签到 within 2 s', async () => {
    const bff = await open()
    const polls = () => bff.callsTo('GET', '/qrcodes/current?personId=p-self')
    await tick(1000)
    expect(polls().length).toBeGreaterThanOrEqual(1)
    bff.checkInQr('p-self', { checkIn: { checkInId: 'c-1', checkedInAt: '2026-11-24T10:00:05+08:00', hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } } })
    await tick(1000)
    await tick(1000)
    await waitFor(() => expect($('.js-qr-done-title').textContent).toBe('已在 南京市第一医院 完成签到'))
    // never shown as valid once used: no code, no countdown
    expect($('.js-qrcode')).toBeNull()
    expect($('.js-qr-countdown')).toBeNull()
    expect($('.js-qr-done-time').textContent).toContain('2026年11月24日 10:00')
    expect($('.js-qr-done-wait')).toBeTruthy()
    // no fresh code is fetched behind the citizen's back
    await tick(60_000)
    expect(qrCalls(bff)).toHaveLength(1)
  })

  it('#14 finding 7: once settled, the bill and its split show; 生成新码 brings a fresh code', async () => {
    const bff = await open()
    bff.checkInQr('p-self', { checkIn: { checkInId: 'c-1', checkedInAt: '2026-11-24T10:00:05+08:00', hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } } })
    await tick(1000)
    await waitFor(() => expect($('.js-qr-done')).toBeTruthy())
    bff.checkInQr('p-self', {
      checkIn: { checkInId: 'c-1', checkedInAt: '2026-11-24T10:00:05+08:00', hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } },
      settlements: [aSettlement({ patient: { personId: 'p-self', maskedName: '王**' }, family: [], ownAccount: { currentFen: 5000, historicalFen: 0 }, cashFen: 12000 })],
    })
    await tick(3000)
    await waitFor(() => expect($('.js-qr-bill')).toBeTruthy())
    expect($('.js-qr-bill-total').textContent).toBe('¥320.00')
    expect($('.js-qr-bill').textContent).toContain('医保统筹支付¥150.00')
    expect($('.js-qr-bill').textContent).toContain('个人账户支付¥50.00')
    expect($('.js-qr-bill').textContent).toContain('现金支付¥120.00')
    fireEvent.click($('.js-qr-new'))
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
    await waitFor(() => expect($('.js-qrcode')).toBeTruthy())
    expect($('.js-qr-done')).toBeNull()
  })

  it('#14 finding 7: a code the server says has expired is replaced at once, not counted down', async () => {
    const bff = await open()
    bff.on('GET /qrcodes/current', () => ({ status: 200, body: { status: 'EXPIRED', expiresAt: bff.latestQr.get('p-self')!.expiresAt } }))
    await tick(1000)
    await waitFor(() => expect(qrCalls(bff)).toHaveLength(2))
  })

  it('#14 finding 7: an answer about another code (before a refresh) does not touch the one on screen', async () => {
    const bff = await open()
    bff.on('GET /qrcodes/current', () => ({
      status: 200,
      body: { status: 'USED', expiresAt: '2026-11-24T09:00:00+08:00', checkIn: { checkInId: 'c-0', checkedInAt: '2026-11-24T08:59:00+08:00', hospital: { hospitalId: 'H1', name: '别的医院' } } },
    }))
    await tick(3000)
    expect($('.js-qr-done')).toBeNull()
    expect($('.js-qrcode')).toBeTruthy()
  })

  it('#14 finding 7: no polling while the page is hidden', async () => {
    const bff = await open()
    act(() => hidePage())
    const before = bff.callsTo('GET', '/qrcodes/current?personId=p-self').length
    await tick(10_000)
    expect(bff.callsTo('GET', '/qrcodes/current?personId=p-self')).toHaveLength(before)
  })
})
