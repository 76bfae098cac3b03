import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { installFakeBff } from '../../../test/fakeBff'
import { setRouterParams } from '../../../test/taro'
import { KEYS, readItem } from '../../lib/storage'
import Consent from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const INVITATION = {
  memberId: 'm-shared-1',
  relation: 'PARENT' as const,
  organizer: { maskedName: '王**', gender: 'M' as const, relation: 'CHILD' as const },
  modes: { pay: true, premium: false },
}

describe('the consent page a shared invitation opens (API.md WeChat: it reveals nothing until the opener signed in and verified as the invitee)', () => {
  beforeEach(() => setRouterParams({ memberId: 'm-shared-1' }))

  it('not signed in: asks to sign in, asks the BFF nothing, and comes back here after 登录', async () => {
    const bff = installFakeBff({ signedIn: false })
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-signin')).toBeTruthy())
    expect(document.body.textContent).not.toContain('王**')
    expect(bff.calls).toHaveLength(0)
    fireEvent.click($('.js-consent-login'))
    expect(readItem(KEYS.returnTo)).toBe('/pages/consent/index?memberId=m-shared-1')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('signed in but not verified: asks for 实名认证 first, never lists invitations', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u-2', verified: false }
    bff.state.invitations = [INVITATION]
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-verify')).toBeTruthy())
    expect(bff.callsTo('GET', '/family/invitations')).toHaveLength(0)
    expect(document.body.textContent).not.toContain('王**')
    fireEvent.click($('.js-consent-identity'))
    expect(readItem(KEYS.returnTo)).toBe('/pages/consent/index?memberId=m-shared-1')
  })

  it('verified, but the invitation is not theirs: the same "not found" as for an id that does not exist', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [{ ...INVITATION, memberId: 'm-other' }]
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-none')).toBeTruthy())
    expect(document.body.textContent).not.toContain('王**')
  })

  it('the invitee: who invites and what agreeing allows; 同意 → POST accept', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [INVITATION]
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-invitation')).toBeTruthy())
    expect($('.js-consent-invitation').textContent).toContain('您的儿子 王** 邀请您加入家庭共济')
    fireEvent.click($('.js-consent-accept'))
    await waitFor(() => expect($('.js-consent-done')).toBeTruthy())
    expect(bff.callsTo('POST', '/family/invitations/m-shared-1/accept')).toHaveLength(1)
  })

  it('#14 finding 2: the invitation in the invitee’s words, each mode in plain words, and that it can be left later', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [INVITATION]
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-invitation')).toBeTruthy())
    expect($('.js-invitation-headline').textContent).toBe('您的儿子 王** 邀请您加入家庭共济')
    expect($('.js-consent-invitation').textContent).not.toContain('关系：')
    expect($('.js-invitation-mode-pay').textContent).toMatch(/共济支付（已开启）：您看病、购药时.*个人负担的部分/)
    expect($('.js-invitation-mode-premium').textContent).toMatch(/共济缴费（未开启）：对方可用其职工医保个人账户.*开启后才可使用/)
    expect($('.js-invitation-leave').textContent).toContain('我加入的家庭')
  })

  it('#14 finding 2: 同意 and 拒绝 each ask first; cancelled, nothing is sent; agreed, the joined network is one tap away', async () => {
    const bff = installFakeBff()
    bff.state.invitations = [INVITATION]
    render(<Consent />)
    await waitFor(() => expect($('.js-consent-invitation')).toBeTruthy())
    ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true })
    fireEvent.click($('.js-consent-decline'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect((Taro.showModal as jest.Mock).mock.calls[0][0]).toMatchObject({ title: '拒绝邀请', confirmText: '拒绝' })
    ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true })
    fireEvent.click($('.js-consent-accept'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(2))
    expect((Taro.showModal as jest.Mock).mock.calls[1][0]).toMatchObject({ title: '同意加入家庭共济', confirmText: '同意' })
    expect((Taro.showModal as jest.Mock).mock.calls[1][0].content).toContain('您的儿子 王**')
    await new Promise((r) => setTimeout(r, 20))
    expect(bff.callsTo('POST', '/family/invitations/m-shared-1/accept')).toHaveLength(0)
    expect(bff.callsTo('POST', '/family/invitations/m-shared-1/decline')).toHaveLength(0)
    fireEvent.click($('.js-consent-accept'))
    await waitFor(() => expect($('.js-consent-done')).toBeTruthy())
    expect(bff.callsTo('POST', '/family/invitations/m-shared-1/accept')).toHaveLength(1)
    fireEvent.click($('.js-consent-memberships'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/memberships/index' })
  })
})
