import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../../test/fakeBff'
import { getTokens } from '../../lib/session'
import { KEYS, readItem, writeItem } from '../../lib/storage'
import Login from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement

describe('登录 (API.md "Sign-in": POST /auth/login {code:"sandbox:<openid>"})', () => {
  it('offers a persistent random openid for this device by default', () => {
    installFakeBff({ signedIn: false })
    render(<Login />)
    const first = ($('.js-login-openid') as HTMLInputElement).value
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(readItem(KEYS.openid)).toBe(first)
    screen.getByRole('button', { name: '登录' })
    document.body.innerHTML = ''
    render(<Login />)
    expect(($('.js-login-openid') as HTMLInputElement).value).toBe(first)
  })

  it('opened from a shared invitation: after sign-in, back to its consent page', async () => {
    installFakeBff({ signedIn: false })
    writeItem(KEYS.returnTo, '/pages/consent/index?memberId=m-9')
    render(<Login />)
    fireEvent.click($('.js-login-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/consent/index?memberId=m-9' }))
    expect(Taro.switchTab).not.toHaveBeenCalled()
    expect(readItem(KEYS.returnTo)).toBeFalsy()
  })

  it('signs in with a typed openid (two people can be simulated) and goes home', async () => {
    const bff = installFakeBff({ signedIn: false })
    render(<Login />)
    fireEvent.change($('.js-login-openid'), { target: { value: 'grandpa_2' } })
    fireEvent.click($('.js-login-submit'))
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }))
    expect(bff.callsTo('POST', '/auth/login')[0].body).toEqual({ code: 'sandbox:grandpa_2' })
    expect(getTokens()!.accessToken).toMatch(/^at-grandpa_2/)
    expect(readItem(KEYS.openid)).toBe('grandpa_2')
  })

  it('checks the openid (1–64 of A-Za-z0-9_-) before sending', () => {
    const bff = installFakeBff({ signedIn: false })
    render(<Login />)
    fireEvent.change($('.js-login-openid'), { target: { value: '王 bad id' } })
    fireEvent.click($('.js-login-submit'))
    expect($('.js-login-openid-error').textContent).toContain('1至64位')
    expect(bff.calls).toHaveLength(0)
  })

  it('shows the contract error in plain words', async () => {
    const bff = installFakeBff({ signedIn: false })
    bff.offline = true
    render(<Login />)
    fireEvent.click($('.js-login-submit'))
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()
    expect($('.js-login-error')).toBeTruthy()
  })

  it('on WeChat (no SANDBOX_LOGIN) uses Taro.login() for the code', async () => {
    process.env.TARO_ENV = 'weapp'
    const g = globalThis as unknown as { __SANDBOX_LOGIN__: boolean }
    g.__SANDBOX_LOGIN__ = false
    try {
      const bff = installFakeBff({ signedIn: false })
      render(<Login />)
      expect($('.js-login-openid')).toBeNull()
      fireEvent.click($('.js-login-submit'))
      await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
      expect(Taro.login).toHaveBeenCalled()
      expect(bff.callsTo('POST', '/auth/login')[0].body).toEqual({ code: 'wx-code-1' })
    } finally {
      g.__SANDBOX_LOGIN__ = true
    }
  })
})
