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
    fireEvent.click($('.js-login-agree'))
    fireEvent.click($('.js-login-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/consent/index?memberId=m-9' }))
    expect(Taro.switchTab).not.toHaveBeenCalled()
    expect(readItem(KEYS.returnTo)).toBeFalsy()
  })

  it('signs in with a typed openid (two people can be simulated) and goes home', async () => {
    const bff = installFakeBff({ signedIn: false })
    render(<Login />)
    fireEvent.change($('.js-login-openid'), { target: { value: 'grandpa_2' } })
    fireEvent.click($('.js-login-agree'))
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
    fireEvent.click($('.js-login-agree'))
    fireEvent.click($('.js-login-submit'))
    expect($('.js-login-openid-error').textContent).toContain('1至64位')
    expect(bff.calls).toHaveLength(0)
  })

  it('shows the contract error in plain words', async () => {
    const bff = installFakeBff({ signedIn: false })
    bff.offline = true
    render(<Login />)
    fireEvent.click($('.js-login-agree'))
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
      fireEvent.click($('.js-login-agree'))
    fireEvent.click($('.js-login-submit'))
      await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
      expect(Taro.login).toHaveBeenCalled()
      expect(bff.callsTo('POST', '/auth/login')[0].body).toEqual({ code: 'wx-code-1' })
    } finally {
      g.__SANDBOX_LOGIN__ = true
    }
  })

  it('#14 conventions: sign-in needs the consent tick; without it 登录 explains and sends nothing', async () => {
    const bff = installFakeBff({ signedIn: false })
    render(<Login />)
    expect($('.js-login-agree').getAttribute('aria-checked')).toBe('false')
    fireEvent.click($('.js-login-submit'))
    expect($('.js-login-consent-error').textContent).toBe('请先阅读并勾选同意《用户服务协议》和《隐私政策》')
    expect(bff.calls).toHaveLength(0)
    fireEvent.click($('.js-login-agree'))
    expect($('.js-login-agree').getAttribute('aria-checked')).toBe('true')
    expect($('.js-login-consent-error')).toBeNull()
    fireEvent.click($('.js-login-submit'))
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }))
    expect(bff.callsTo('POST', '/auth/login')).toHaveLength(1)
  })

  it('#14 conventions: 《用户服务协议》 and 《隐私政策》 open as pages', () => {
    installFakeBff({ signedIn: false })
    render(<Login />)
    fireEvent.click($('.js-login-terms'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/legal/terms' })
    fireEvent.click($('.js-login-privacy'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/legal/privacy' })
    // the links do not tick the box
    expect($('.js-login-agree').getAttribute('aria-checked')).toBe('false')
  })

  it('#14 finding 9: on WeChat without SANDBOX_LOGIN no sandbox word is shown (沙箱, openid, 测试)', () => {
    process.env.TARO_ENV = 'weapp'
    const g = globalThis as unknown as { __SANDBOX_LOGIN__: boolean }
    g.__SANDBOX_LOGIN__ = false
    try {
      installFakeBff({ signedIn: false })
      render(<Login />)
      expect(document.body.textContent).not.toMatch(/沙箱|openid|测试/)
      expect(document.body.textContent).toContain('微信一键登录')
    } finally {
      g.__SANDBOX_LOGIN__ = true
    }
  })
})
