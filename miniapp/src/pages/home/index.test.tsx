import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { contractError, installFakeBff } from '../../../test/fakeBff'
import Home from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement

describe('首页 (GET /me, GET /notices)', () => {
  it('not signed in: shows the sign-in state and a 登录 button', async () => {
    installFakeBff({ signedIn: false })
    render(<Home />)
    expect($('.js-signin-state').textContent).toBe('未登录')
    fireEvent.click($('.js-home-login'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('shows real-name state, insurance (scheme, status, 参保地) and balances in yuan (money is fen)', async () => {
    installFakeBff()
    render(<Home />)
    await screen.findByText('已实名')
    expect($('.js-insurance-scheme').textContent).toBe('职工医保')
    expect($('.js-insurance-status').textContent).toBe('正常参保')
    expect($('.js-insurance-region').textContent).toBe('江苏省（320102）')
    expect($('.js-person-name').textContent).toBe('王**')
    expect($('.js-balance-historical').textContent).toBe('¥5,000.00')
    expect($('.js-balance-current').textContent).toBe('¥200.00')
  })

  it('unverified: offers 实名认证', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u-2', verified: false }
    render(<Home />)
    await screen.findByText('未实名')
    fireEvent.click($('.js-home-verify'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/identity/index' })
  })

  it('a resident without a personal account sees no balances', async () => {
    const bff = installFakeBff()
    bff.state.me.person!.insurance = { scheme: 'RESIDENT', status: 'SUSPENDED', region: '340102' }
    render(<Home />)
    await screen.findByText('城乡居民医保')
    expect($('.js-insurance-status').textContent).toBe('中断')
    expect($('.js-no-account')).toBeTruthy()
    expect($('.js-balance-historical')).toBeNull()
  })

  it('P-OPS-1: a maintenance banner with the resume time', async () => {
    const bff = installFakeBff()
    const now = Date.now()
    bff.state.notices = {
      suspended: true,
      maintenance: [
        {
          startsAt: new Date(now - 3600_000).toISOString(),
          endsAt: '2099-01-02T06:00:00+08:00',
          message: '医保核心系统停机切换',
        },
      ],
    }
    render(<Home />)
    await waitFor(() => expect($('.js-maintenance-banner')).toBeTruthy())
    expect($('.js-maintenance-current').textContent).toContain('系统维护中')
    expect($('.js-maintenance-current').textContent).toContain('医保核心系统停机切换')
    expect($('.js-maintenance-resume').textContent).toBe('预计 2099年1月2日 06:00 恢复')
  })

  it('announces an upcoming window; no banner without one', async () => {
    const bff = installFakeBff()
    bff.state.notices = {
      suspended: false,
      maintenance: [{ startsAt: '2099-01-01T22:00:00+08:00', endsAt: '2099-01-02T06:00:00+08:00', message: '系统升级' }],
    }
    const { unmount } = render(<Home />)
    await waitFor(() => expect($('.js-maintenance-upcoming')).toBeTruthy())
    expect($('.js-maintenance-upcoming').textContent).toContain('2099年1月1日 22:00 至 2099年1月2日 06:00')
    unmount()
    bff.state.notices = { suspended: false, maintenance: [] }
    render(<Home />)
    await screen.findByText('已实名')
    expect($('.js-maintenance-banner')).toBeNull()
  })

  it('loading, then an error state with retry when /me fails', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Home />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    expect($('.js-error-text').textContent).toBe('网络连接失败，请检查网络后重试')
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await screen.findByText('已实名')
  })

  it('a notices failure does not block the page', async () => {
    const bff = installFakeBff()
    bff.on('GET /notices', () => contractError(500, 'INTERNAL', '系统繁忙，请稍后再试'))
    render(<Home />)
    await screen.findByText('已实名')
    expect($('.js-notices-error').textContent).toContain('系统繁忙')
  })

  it('shortcuts open the flows', async () => {
    installFakeBff()
    render(<Home />)
    fireEvent.click($('.js-shortcut-pay'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index' })
    fireEvent.click($('.js-shortcut-family'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/family/index' })
  })
})
