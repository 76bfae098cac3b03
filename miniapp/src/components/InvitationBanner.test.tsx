import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../test/fakeBff'
import { InvitationBanner } from './InvitationBanner'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const SON = { memberId: 'm-9', relation: 'PARENT' as const, organizer: { maskedName: '王**', gender: 'M' as const, relation: 'CHILD' as const }, modes: { pay: true, premium: false } }

describe('#14 finding 2: the home page entry and the 家庭 tab badge while an invitation waits', () => {
  it('#14 finding 2: one invitation: who invites in the invitee’s words; a tap opens the 家庭 tab; the tab has a badge', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [SON]
    render(<InvitationBanner signedIn />)
    await waitFor(() => expect($('.js-home-invitations')).toBeTruthy())
    expect($('.js-home-invitations').textContent).toContain('您的儿子 王** 邀请您加入家庭共济')
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 2, text: '1' })
    fireEvent.click($('.js-home-invitations'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/family/index' })
  })

  it('#14 finding 2: several invitations are counted', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [SON, { ...SON, memberId: 'm-10' }]
    render(<InvitationBanner signedIn />)
    await waitFor(() => expect($('.js-home-invitations')).toBeTruthy())
    expect($('.js-home-invitations').textContent).toContain('您有 2 条家庭共济邀请')
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 2, text: '2' })
  })

  it('#14 finding 2: none waiting: nothing shown and the badge removed; not verified (403): nothing, quietly', async () => {
    installFakeBff()
    const none = render(<InvitationBanner signedIn />)
    await waitFor(() => expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 2 }))
    expect($('.js-home-invitations')).toBeNull()
    none.unmount()
    const bff = installFakeBff()
    bff.state.me = { userId: 'u', verified: false }
    bff.on('GET /family/invitations', () => ({ status: 403, body: { error: { code: 'REAL_NAME_REQUIRED', message: '请先完成实名认证' } } }))
    render(<InvitationBanner signedIn />)
    await waitFor(() => expect(bff.callsTo('GET', '/family/invitations')).toHaveLength(1))
    expect($('.js-home-invitations')).toBeNull()
    expect(document.body.textContent).toBe('')
  })

  it('#14 finding 2: the badge never breaks a page where the tab bar refuses it (H5 before the tab bar exists)', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [SON]
    ;(Taro.setTabBarBadge as jest.Mock).mockImplementationOnce(() => Promise.reject(new Error('setTabBarBadge:fail not TabBar page')))
    render(<InvitationBanner signedIn />)
    await waitFor(() => expect($('.js-home-invitations')).toBeTruthy())
  })

  it('#14 finding 2: not signed in: asks nothing', async () => {
    const bff = installFakeBff({ signedIn: false })
    render(<InvitationBanner signedIn={false} />)
    await new Promise((r) => setTimeout(r, 20))
    expect(bff.calls).toHaveLength(0)
    expect($('.js-home-invitations')).toBeNull()
  })
})
