import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../../test/fakeBff'
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
})
