import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { anOrder, installFakeBff } from '../../../test/fakeBff'
import { isSignedIn } from '../../lib/session'
import Account, { CLOSING_EFFECTS } from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

describe('我的数据与注销 (API.md "Your data": GET /me/export, DELETE /me)', () => {
  it('shows what is held (GET /me/export) and copies all of it', async () => {
    const bff = installFakeBff()
    bff.state.orders = [anOrder()]
    render(<Account />)
    await waitFor(() => expect($('.js-export-summary')).toBeTruthy())
    expect($('.js-export-orders').textContent).toBe('1 笔')
    expect($('.js-export-summary').textContent).toContain(bff.state.me.person!.maskedIdNumber)
    fireEvent.click($('.js-export-copy'))
    await waitFor(() => expect(Taro.setClipboardData).toHaveBeenCalled())
    const copied = JSON.parse((Taro.setClipboardData as jest.Mock).mock.calls.at(-1)[0].data)
    expect(copied.orders).toHaveLength(1)
    fireEvent.click($('.js-export-toggle'))
    expect($('.js-export-json').textContent).toContain('"signIns"')
  })

  it('closing takes two steps that say what happens first; then the account is closed and signed out', async () => {
    const bff = installFakeBff()
    render(<Account />)
    expect($$('.js-close-effect').map((e) => e.textContent)).toEqual(CLOSING_EFFECTS.map((t) => `· ${t}`))
    fireEvent.click($('.js-close-start'))
    expect(bff.callsTo('DELETE', '/me')).toHaveLength(0) // the first tap only asks
    expect($('.js-close-confirm').textContent).toContain('无法撤销')
    fireEvent.click($('.js-close-confirm-no'))
    expect($('.js-close-confirm')).toBeNull()
    fireEvent.click($('.js-close-start'))
    fireEvent.click($('.js-close-confirm-yes'))
    await waitFor(() => expect(bff.callsTo('DELETE', '/me')).toHaveLength(1))
    await waitFor(() => expect(isSignedIn()).toBe(false))
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  it('409 OPEN_OBLIGATIONS: says what is open and leads to the orders; still signed in', async () => {
    const bff = installFakeBff()
    bff.state.orders = [anOrder({ orderId: 'o-wait', status: 'AWAITING_PAYMENT', debit: undefined })]
    render(<Account />)
    fireEvent.click($('.js-close-start'))
    fireEvent.click($('.js-close-confirm-yes'))
    await waitFor(() => expect($('.js-close-open-orders').textContent).toContain('待支付的订单 1 笔'))
    expect(isSignedIn()).toBe(true)
    fireEvent.click($('.js-close-go-orders'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/index' })
  })
})
