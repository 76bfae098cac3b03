import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { aLedgerEntry, contractError, installFakeBff } from '../../../test/fakeBff'
import { showPage } from '../../../test/taro'
import { isElder, resetElderCache } from '../../lib/elder'
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
    expect($('.js-insurance-region').textContent).toBe('江苏省南京市')
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
    // #14 finding 9: in a citizen's words, not "公告加载失败：…"
    expect($('.js-notices-error').textContent).toBe('系统公告暂时无法显示，不影响办理业务。')
  })

  it('shortcuts open the flows', async () => {
    installFakeBff()
    render(<Home />)
    fireEvent.click($('.js-shortcut-pay'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index' })
    fireEvent.click($('.js-shortcut-family'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/family/index' })
  })

  describe('the latest 共济 payment from my account (GET /account/ledger, P-SET-7) in one line', () => {
    const HOSPITAL = { hospitalId: 'H320102001', name: '南京市第一医院' }
    const CHILD = { personId: 'p-child', maskedName: '王**', relation: 'CHILD' as const }
    const paid = () => {
      const e = aLedgerEntry({ entryId: 'le-2', at: '2026-11-24T10:30:00+08:00', kind: 'FAMILY_SETTLEMENT', amountFen: -1500, settlementId: 's-1', hospital: HOSPITAL, person: CHILD })
      delete e.orderId
      return e
    }

    it('the newest FAMILY_SETTLEMENT entry, and a tap opens 账户明细', async () => {
      const bff = installFakeBff()
      bff.state.ledger = [aLedgerEntry({ entryId: 'le-3', at: '2026-11-25T09:00:00+08:00' }), paid(), aLedgerEntry({ entryId: 'le-1', at: '2026-11-01T09:00:00+08:00' })]
      render(<Home />)
      await waitFor(() => expect($('.js-home-family-payment')).toBeTruthy())
      expect($('.js-home-family-payment').textContent).toBe('最近共济支付：2026年11月24日 10:30 为子女 王**在南京市第一医院支付 ¥15.00')
      fireEvent.click($('.js-home-family-payment'))
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/statement/index' })
    })

    it('says when it was refunded; comes in when the page is shown again', async () => {
      const bff = installFakeBff()
      render(<Home />)
      await screen.findByText('已实名')
      await waitFor(() => expect(bff.callsTo('GET', '/account/ledger?limit=50')).toHaveLength(1))
      expect($('.js-home-family-payment')).toBeNull()
      const refund = aLedgerEntry({ entryId: 'le-3', at: '2026-11-24T11:00:00+08:00', kind: 'REFUND', amountFen: 1500, settlementId: 's-1', hospital: HOSPITAL, person: CHILD })
      delete refund.orderId
      bff.state.ledger = [refund, paid()]
      // useReshow ignores a show within 800 ms of the mount (the first show): a second later
      const later = Date.now() + 1000
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => later)
      showPage()
      clock.mockRestore()
      await waitFor(() => expect($('.js-home-family-payment')).toBeTruthy())
      expect($('.js-home-family-payment').textContent).toContain('（已退费）')
    })

    it('the balances and 账户明细 open the statement', async () => {
      installFakeBff()
      render(<Home />)
      await screen.findByText('已实名')
      fireEvent.click($('.js-home-statement'))
      fireEvent.click($('.js-home-balances'))
      expect(Taro.navigateTo).toHaveBeenCalledTimes(2)
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/statement/index' })
    })
  })

  describe('#14 conventions: the home page as a citizen meets it', () => {
    it('a greeting with the masked name instead of "已登录"', async () => {
      installFakeBff()
      render(<Home />)
      await screen.findByText('已实名')
      expect($('.js-signin-state').textContent).toBe('您好，王**')
      expect(document.body.textContent).not.toContain('已登录')
    })

    it('医保码 first and largest, every tile with an icon; 实名认证 hidden once verified', async () => {
      installFakeBff()
      render(<Home />)
      await screen.findByText('已实名')
      const tiles = Array.from(document.querySelectorAll('.shortcuts [role="link"]')) as HTMLElement[]
      expect(tiles[0].classList.contains('js-shortcut-qrcode')).toBe(true)
      expect(tiles[0].classList.contains('tile-qrcode')).toBe(true)
      expect(tiles.map((t) => t.querySelector('img')?.getAttribute('src') ?? '')).toEqual(tiles.map(() => expect.stringMatching(/^data:image\/svg\+xml/)))
      expect($('.js-shortcut-identity')).toBeNull()
      fireEvent.click($('.js-shortcut-qrcode'))
      expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/qrcode/index' })
    })

    it('实名认证 offered as a tile while not verified', async () => {
      const bff = installFakeBff()
      bff.state.me = { userId: 'u-2', verified: false }
      render(<Home />)
      await screen.findByText('未实名')
      expect($('.js-signin-state').textContent).toBe('您好')
      fireEvent.click($('.js-shortcut-identity'))
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/identity/index' })
    })

    it('the latest account movement in one line (GET /account/ledger)', async () => {
      const bff = installFakeBff()
      bff.state.ledger = [aLedgerEntry({ entryId: 'le-9', at: '2026-11-25T09:00:00+08:00', kind: 'PREMIUM', amountFen: -5900 })]
      render(<Home />)
      await waitFor(() => expect($('.js-home-latest-movement')).toBeTruthy())
      expect($('.js-home-latest-movement').textContent).toBe('最近变动：2026年11月25日 09:00 缴费 −¥59.00')
      fireEvent.click($('.js-home-latest-movement'))
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/statement/index' })
    })

    it('a 大字版 switch on the home page, remembered', async () => {
      resetElderCache()
      installFakeBff()
      render(<Home />)
      expect($('.page-home').classList.contains('elder')).toBe(false)
      fireEvent.click($('.js-home-elder-switch'))
      await waitFor(() => expect($('.page-home').classList.contains('elder')).toBe(true))
      expect(isElder()).toBe(true)
      resetElderCache()
      expect(isElder()).toBe(true)
      fireEvent.click($('.js-home-elder-switch'))
      await waitFor(() => expect($('.page-home').classList.contains('elder')).toBe(false))
    })
  })
})

describe('#14 finding 2: the home page while an invitation waits', () => {
  it('#14 finding 2: a verified citizen with an invitation sees the entry (who invites, in their words); an unverified one is not asked', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [{ memberId: 'm-9', relation: 'PARENT', organizer: { maskedName: '王**', gender: 'M', relation: 'CHILD' }, modes: { pay: true, premium: false } }]
    render(<Home />)
    await waitFor(() => expect($('.js-home-invitations')).toBeTruthy())
    expect($('.js-home-invitations').textContent).toContain('您的儿子 王** 邀请您加入家庭共济')
    fireEvent.click($('.js-home-invitations'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/family/index' })
  })

  it('#14 finding 2: not verified: no invitation call (it would be refused) and no entry', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u', verified: false }
    render(<Home />)
    await waitFor(() => expect($('.js-home-verify')).toBeTruthy())
    expect(bff.callsTo('GET', '/family/invitations')).toHaveLength(0)
    expect($('.js-home-invitations')).toBeNull()
  })
})
