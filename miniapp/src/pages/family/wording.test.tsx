import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { contractError, installFakeBff } from '../../../test/fakeBff'
import { resetSessionCache } from '../../lib/session'
import Family from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const count = (text: string) => document.body.textContent!.split(text).length - 1

describe('#14 finding 9: what 家庭 says when it cannot load', () => {
  it('a first-time visitor (never signed in) is asked to sign in — not told a sign-in expired — once', async () => {
    installFakeBff({ signedIn: false })
    render(<Family />)
    await waitFor(() => expect($('.js-error-login')).toBeTruthy())
    expect(count('您还没有登录，请先登录')).toBe(1)
    expect(document.body.textContent).not.toContain('登录已失效')
    fireEvent.click($('.js-error-login'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('a sign-in that really ended (the BFF refuses it, the refresh too) says so, once', async () => {
    const bff = installFakeBff()
    bff.expireAccessTokens()
    bff.on('POST /auth/refresh', () => contractError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录'))
    render(<Family />)
    await waitFor(() => expect($('.js-error-login')).toBeTruthy())
    expect(count('登录已失效，请重新登录')).toBe(1)
    // another page opened afterwards says the same (the session ended; the visitor did not just arrive)
    document.body.innerHTML = ''
    resetSessionCache()
    render(<Family />)
    await waitFor(() => expect($('.js-error-login')).toBeTruthy())
    expect(count('登录已失效，请重新登录')).toBe(1)
  })

  it('offline: the network error once, with 重试 (not again for the invitations)', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Family />)
    await waitFor(() => expect($('.js-retry')).toBeTruthy())
    expect(count('网络连接失败，请检查网络后重试')).toBe(1)
    expect($('.js-invitations-error')).toBeNull()
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($('.js-modes')).toBeTruthy())
  })

  it('the invitations alone failing is still said (the members loaded)', async () => {
    const bff = installFakeBff()
    bff.on('GET /family/invitations', () => contractError(500, 'INTERNAL', '系统繁忙，请稍后再试'))
    render(<Family />)
    await waitFor(() => expect($('.js-invitations-error')).toBeTruthy())
    expect(count('系统繁忙，请稍后再试')).toBe(1)
  })
})
