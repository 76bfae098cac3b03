import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { contractError, installFakeBff } from '../../../test/fakeBff'
import { setElder } from '../../lib/elder'
import type { Membership } from '../../lib/types'
import Memberships from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

const joined: Membership[] = [
  { memberId: 'm-10', relation: 'CHILD', status: 'ACTIVE', organizer: { maskedName: '王**' }, modes: { pay: true, premium: false } },
  { memberId: 'm-11', relation: 'SPOUSE', status: 'ACTIVE', organizer: { maskedName: '张*' }, modes: { pay: false, premium: true } },
]

describe('我加入的家庭 (API.md GET /family/memberships; a member leaves with DELETE /family/members/{memberId})', () => {
  it('shows each network: organizer masked, my relation, PAY and PREMIUM', async () => {
    const bff = installFakeBff()
    bff.state.memberships = joined.map((m) => ({ ...m, organizer: { ...m.organizer }, modes: { ...m.modes } }))
    render(<Memberships />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($$('.js-membership')).toHaveLength(2))
    const [father, wife] = $$('.js-membership')
    expect(father.querySelector('.js-membership-organizer')!.textContent).toBe('王** 的家庭')
    expect(father.querySelector('.js-membership-relation')!.textContent).toBe('儿子') // #14 finding 1: what I (a man, GET /me) am to the organizer, as a word
    expect(father.querySelector('.js-membership-status')!.textContent).toBe('已生效')
    expect(father.querySelector('.js-membership-pay')!.classList.contains('is-on')).toBe(true)
    expect(father.querySelector('.js-membership-premium')!.textContent).toBe('未开启')
    expect(wife.querySelector('.js-membership-relation')!.textContent).toBe('丈夫')
    expect(wife.querySelector('.js-membership-pay')!.textContent).toBe('未开启')
    expect(wife.querySelector('.js-membership-premium')!.classList.contains('is-on')).toBe(true)
  })

  it('leaving asks first and says what leaving does; cancel changes nothing', async () => {
    const bff = installFakeBff()
    bff.state.memberships = joined.map((m) => ({ ...m, organizer: { ...m.organizer }, modes: { ...m.modes } }))
    ;(Taro.showModal as jest.Mock).mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }))
    render(<Memberships />)
    await waitFor(() => expect($$('.js-membership')).toHaveLength(2))
    fireEvent.click($$('.js-membership-leave')[0])
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    const asked = (Taro.showModal as jest.Mock).mock.calls[0][0] as { title: string; content: string }
    expect(asked.title).toBe('退出家庭共济')
    expect(asked.content).toContain('王**的个人账户将不再为您共济支付就医费用、代缴医保')
    expect(asked.content).toContain('已完成的支付和缴费不受影响')
    await Promise.resolve()
    expect(bff.callsTo('DELETE', '/family/members/m-10')).toHaveLength(0)
  })

  it('confirmed: DELETE /family/members/{memberId}, then the list without it', async () => {
    const bff = installFakeBff()
    bff.state.memberships = joined.map((m) => ({ ...m, organizer: { ...m.organizer }, modes: { ...m.modes } }))
    render(<Memberships />)
    await waitFor(() => expect($$('.js-membership')).toHaveLength(2))
    fireEvent.click($$('.js-membership-leave')[0])
    await waitFor(() => expect($$('.js-membership')).toHaveLength(1))
    expect(bff.callsTo('DELETE', '/family/members/m-10')).toHaveLength(1)
    expect($('.js-memberships-notice').textContent).toBe('已退出 王** 的家庭共济')
    expect($('.js-membership-organizer').textContent).toBe('张* 的家庭')
  })

  it('a refused leave says why in Chinese (P-OPS-1 maintenance) and keeps the row', async () => {
    const bff = installFakeBff()
    bff.state.memberships = joined.map((m) => ({ ...m, organizer: { ...m.organizer }, modes: { ...m.modes } }))
    bff.on('DELETE /family/members/:id', () => contractError(503, 'SERVICE_SUSPENDED', '系统维护中，请稍后再试', { resumesAt: '2099-01-02T06:00:00+08:00' }))
    render(<Memberships />)
    await waitFor(() => expect($$('.js-membership')).toHaveLength(2))
    fireEvent.click($$('.js-membership-leave')[0])
    await waitFor(() => expect($('.js-memberships-error')).toBeTruthy())
    expect($('.js-memberships-error').textContent).toContain('维护')
    expect($$('.js-membership')).toHaveLength(2)
  })

  it('empty state with a way to the family page', async () => {
    installFakeBff()
    render(<Memberships />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    fireEvent.click($('.js-memberships-family'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/family/index' })
  })

  it('error with retry', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Memberships />)
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
  })

  it('大字版', async () => {
    installFakeBff()
    setElder(true)
    render(<Memberships />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    expect($('.page-memberships').classList.contains('elder')).toBe(true)
  })

  it('#14 finding 1: what I am to the organizer uses my own gender: "您是对方的 女儿"', async () => {
    const bff = installFakeBff()
    bff.state.me.person!.gender = 'F'
    bff.state.memberships = joined.map((m) => ({ ...m, organizer: { ...m.organizer }, modes: { ...m.modes } }))
    render(<Memberships />)
    await waitFor(() => expect($$('.js-membership')).toHaveLength(2))
    await waitFor(() => expect($$('.js-membership-relation').map((e) => e.textContent)).toEqual(['女儿', '妻子']))
    expect($$('.js-membership')[0].textContent).toContain('您是对方的女儿')
  })
})
