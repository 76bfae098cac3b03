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
    expect($('.js-consent-invitation').textContent).toContain('王**（您的子女）')
    fireEvent.click($('.js-consent-accept'))
    await waitFor(() => expect($('.js-consent-done')).toBeTruthy())
    expect(bff.callsTo('POST', '/family/invitations/m-shared-1/accept')).toHaveLength(1)
  })
})
