import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../../test/fakeBff'
import { resetElderCache } from '../../lib/elder'
import { isSignedIn } from '../../lib/session'
import { KEYS, readItem } from '../../lib/storage'
import Home from '../home/index'
import Mine from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement

describe('我的 / 大字版 (适老化)', () => {
  it('the 大字版 switch enlarges every page and is remembered on the device', async () => {
    installFakeBff()
    const { unmount } = render(<Mine />)
    expect($('.page-mine').classList.contains('elder')).toBe(false)
    expect($('.js-elder-switch').getAttribute('aria-checked')).toBe('false')
    fireEvent.click($('.js-elder-switch'))
    expect($('.page-mine').classList.contains('elder')).toBe(true)
    expect($('.js-elder-switch').classList.contains('is-on')).toBe(true)
    expect(readItem(KEYS.elder)).toBe('1')
    unmount()

    // "restart": read back from storage; other pages follow
    resetElderCache()
    render(<Home />)
    expect($('.page-home').classList.contains('elder')).toBe(true)
  })

  it('switching it off again', async () => {
    installFakeBff()
    render(<Mine />)
    fireEvent.click($('.js-elder-switch'))
    fireEvent.click($('.js-elder-switch'))
    expect($('.page-mine').classList.contains('elder')).toBe(false)
    expect(readItem(KEYS.elder)).toBe('0')
  })

  it('shows the account and signs out (POST /auth/logout revokes the sign-in on the BFF)', async () => {
    const bff = installFakeBff()
    render(<Mine />)
    await waitFor(() => expect($('.js-mine-realname-state').textContent).toBe('已实名'))
    fireEvent.click($('.js-logout'))
    expect(isSignedIn()).toBe(false)
    await waitFor(() => expect(bff.callsTo('POST', '/auth/logout')).toHaveLength(1))
    expect(bff.callsTo('POST', '/auth/logout')[0].headers.authorization).toMatch(/^Bearer \S+/)
    await waitFor(() => expect($('.js-mine-signin-state').textContent).toBe('未登录'))
  })

  it('links to orders and 实名认证', () => {
    installFakeBff()
    render(<Mine />)
    fireEvent.click($('.js-mine-orders'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/index' })
  })

  it('服务 opens 账户明细, 就诊结算记录 and 我加入的家庭 (subpackages)', async () => {
    installFakeBff()
    render(<Mine />)
    fireEvent.click($('.js-mine-statement'))
    fireEvent.click($('.js-mine-settlements'))
    fireEvent.click($('.js-mine-memberships'))
    expect((Taro.navigateTo as jest.Mock).mock.calls.map((c) => c[0].url)).toEqual(['/pages/statement/index', '/pages/settlements/index', '/pages/memberships/index'])
  })
})
