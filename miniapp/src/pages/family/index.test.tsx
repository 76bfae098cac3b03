import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { contractError, installFakeBff } from '../../../test/fakeBff'
import { shareNow } from '../../../test/taro'
import { invitationShare } from '../../lib/share'
import Family from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

async function open(setup?: (bff: ReturnType<typeof installFakeBff>) => void) {
  const bff = installFakeBff()
  setup?.(bff)
  render(<Family />)
  await waitFor(() => expect($('.js-modes')).toBeTruthy())
  return bff
}

describe('家庭共济 (API.md "Family", P-FAM)', () => {
  it('lists members masked, with relation, status and insurance', async () => {
    await open()
    const rows = $$('.js-member')
    expect(rows).toHaveLength(2)
    const spouse = $('#member-m-1')
    expect(within(spouse).getByText('张*')).toBeTruthy()
    expect(spouse.querySelector('.js-member-relation')!.textContent).toBe('妻子')
    expect(spouse.querySelector('.js-member-status')!.textContent).toBe('已生效')
    expect(spouse.querySelector('.js-member-insurance')!.textContent).toBe('城乡居民医保 · 正常参保 · 江苏省南京市')
    expect($('#member-m-2 .js-member-status').textContent).toBe('待对方确认')
    expect(document.body.textContent).not.toMatch(/\d{17}[\dX]/) // never a full ID number
  })

  it('API.md Family: a PENDING_CONSENT row (only name, relation, gender) shows who was invited and nothing more', async () => {
    await open()
    const father = $('#member-m-2')
    expect(father.querySelector('.js-member-masked-name')!.textContent).toBe('王**')
    expect(father.querySelector('.js-member-relation')!.textContent).toBe('父亲')
    expect(father.querySelector('.js-member-age')).toBeNull()
    expect(father.querySelector('.js-member-status')!.textContent).toBe('待对方确认')
    expect(father.querySelector('.js-member-masked-id')).toBeNull()
    expect(father.querySelector('.js-member-insurance')).toBeNull()
    expect(father.querySelector('.js-member-pending-hint')!.textContent).toContain('对方确认后')
    expect(father.textContent).not.toMatch(/undefined|NaN/)
    expect(father.querySelector('.js-member-unbind')).toBeTruthy()
    expect(document.body.textContent).not.toMatch(/\d{17}[\dX]/) // never a full ID number
  })

  it('empty state', async () => {
    await open((b) => (b.state.family.members = []))
    expect($('.js-empty').textContent).toContain('还没有绑定家庭成员')
  })

  it('REAL_NAME_REQUIRED (403): explains and links to 实名认证', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u', verified: false }
    render(<Family />)
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    expect($('.js-error-text').textContent).toBe('请先完成实名认证')
    fireEvent.click($('.js-error-verify'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/identity/index' })
  })

  it('P-FAM-7: the mode switches send PUT /family/modes with both values', async () => {
    const bff = await open()
    expect($('.js-mode-pay').getAttribute('aria-checked')).toBe('false')
    expect($('.js-mode-premium').classList.contains('is-on')).toBe(true)
    fireEvent.click($('.js-mode-pay'))
    await waitFor(() => expect(bff.callsTo('PUT', '/family/modes')).toHaveLength(1))
    expect(bff.callsTo('PUT', '/family/modes')[0].body).toEqual({ pay: true, premium: true })
    await waitFor(() => expect($('.js-mode-pay').classList.contains('is-on')).toBe(true))
  })

  it('a refused mode change is undone and explained (e.g. SERVICE_SUSPENDED with resume time)', async () => {
    const bff = await open()
    bff.on('PUT /family/modes', () =>
      contractError(503, 'SERVICE_SUSPENDED', '系统维护中，暂停办理', { resumesAt: '2026-12-01T06:00:00+08:00' }),
    )
    fireEvent.click($('.js-mode-premium'))
    await waitFor(() => expect($('.js-modes-error')).toBeTruthy())
    expect($('.js-modes-error').textContent).toContain('预计 2026年12月1日 06:00 恢复')
    expect($('.js-mode-premium').classList.contains('is-on')).toBe(true)
  })

  it('P-FAM-3: the relation picker offers the relations the policy allows', async () => {
    await open()
    fireEvent.click($('.js-member-add-open'))
    expect($$('.js-relation-option').map((e) => e.textContent)).toEqual([
      '配偶',
      '父母',
      '子女',
      '兄弟姐妹',
      '祖父母/外祖父母',
      '孙子女/外孙子女',
    ])
  })

  it('add member: field checks before sending, then POST /family/members and the pending notice', async () => {
    const bff = await open()
    fireEvent.click($('.js-member-add-open'))
    fireEvent.click($('.js-member-submit'))
    expect($('.js-member-name-error')).toBeTruthy()
    expect($('.js-member-relation-error')).toBeTruthy()
    expect(bff.callsTo('POST', '/family/members')).toHaveLength(0)

    fireEvent.change($('.js-member-name'), { target: { value: '王德福' } })
    fireEvent.change($('.js-member-id'), { target: { value: '32030219520708013X' } })
    fireEvent.click($('.js-relation-PARENT'))
    expect($('.js-relation-PARENT').classList.contains('is-selected')).toBe(true)
    fireEvent.click($('.js-member-submit'))
    await waitFor(() => expect($('.js-family-notice')).toBeTruthy())
    expect(bff.callsTo('POST', '/family/members')[0].body).toEqual({
      name: '王德福',
      idNumber: '32030219520708013X',
      relation: 'PARENT',
    })
    expect($('.js-family-notice').textContent).toContain('等待对方')
    await waitFor(() => expect($$('.js-member')).toHaveLength(3))
  })

  it('API.md WeChat, Messages: in WeChat the add tap asks to be told of the answer and of family payments', async () => {
    process.env.TARO_ENV = 'weapp'
    await open()
    fireEvent.click($('.js-member-add-open'))
    fireEvent.change($('.js-member-name'), { target: { value: '王德福' } })
    fireEvent.change($('.js-member-id'), { target: { value: '32030219520708013X' } })
    fireEvent.click($('.js-relation-PARENT'))
    fireEvent.click($('.js-member-submit'))
    await waitFor(() => expect($('.js-family-notice')).toBeTruthy())
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tpl-consent', 'tpl-pay'] })
  })

  it('API.md WeChat, Sharing: a member waiting for consent has 发送邀请 (a share button); the card opens the consent page and names nobody', async () => {
    process.env.TARO_ENV = 'weapp'
    await open()
    const share = $('#member-m-2 .js-member-share')
    expect(share.getAttribute('data-open-type')).toBe('share')
    expect(share.getAttribute('data-member-id')).toBe('m-2')
    expect($('#member-m-1 .js-member-share')).toBeNull() // active: nothing to share
    // WeChat hands the tapped button's data-* to the page as target.dataset (camelCased)
    expect(shareNow({ from: 'button', target: { dataset: { memberId: 'm-2' } } })).toEqual(invitationShare('m-2'))
    expect(shareNow({ from: 'menu' })).toEqual({ title: expect.any(String), path: '/pages/home/index' })
    expect(invitationShare('m-2')).toEqual({ title: expect.not.stringMatching(/王|\*/), path: '/pages/consent/index?memberId=m-2' })
    expect(invitationShare('../evil')).toEqual({ title: expect.any(String), path: '/pages/home/index' })
  })

  it('in the browser (H5) there is no share button', async () => {
    await open()
    expect($('.js-member-share')).toBeNull()
  })

  it('add member: 422 NOT_ELIGIBLE shows every reason (P-PAY-9 style)', async () => {
    const bff = await open()
    bff.on('POST /family/members', () =>
      contractError(422, 'NOT_ELIGIBLE', '不符合办理条件，请查看具体原因', {
        reasons: [
          { code: 'RELATION_UNVERIFIED', message: '户籍信息无法核实该亲属关系' },
          { code: 'REGION_NOT_ALLOWED', message: '该家庭成员的参保地不在家庭共济允许的范围内' },
        ],
      }),
    )
    fireEvent.click($('.js-member-add-open'))
    fireEvent.change($('.js-member-name'), { target: { value: '赵桂兰' } })
    fireEvent.change($('.js-member-id'), { target: { value: '340102193001010180' } })
    fireEvent.click($('.js-relation-GRANDPARENT'))
    fireEvent.click($('.js-member-submit'))
    await waitFor(() => expect($$('.js-member-error-reason')).toHaveLength(2))
    expect($('.js-member-error').textContent).toContain('不符合办理条件')
    expect($$('.js-member-error-reason').map((e) => e.textContent)).toEqual([
      '户籍信息无法核实该亲属关系',
      '该家庭成员的参保地不在家庭共济允许的范围内',
    ])
  })

  it('P-FAM-6: invitations can be accepted (the member side)', async () => {
    const bff = await open((b) => {
      b.state.invitations = [
        { memberId: 'm-9', relation: 'CHILD', organizer: { maskedName: '李**', gender: 'F', relation: 'PARENT' }, modes: { pay: true, premium: false } },
      ]
    })
    await waitFor(() => expect($('.js-invitation')).toBeTruthy())
    expect($('.js-invitation').textContent).toContain('李**')
    expect($('.js-invitation').textContent).toContain('子女')
    fireEvent.click($('.js-invitation-accept'))
    await waitFor(() => expect(bff.callsTo('POST', '/family/invitations/m-9/accept')).toHaveLength(1))
    await waitFor(() => expect($('.js-invitation')).toBeNull())
    expect($('.js-family-notice').textContent).toContain('已同意')
  })

  it('invitations can be declined', async () => {
    const bff = await open((b) => {
      b.state.invitations = [
        { memberId: 'm-8', relation: 'SPOUSE', organizer: { maskedName: '王**', gender: 'M', relation: 'SPOUSE' }, modes: { pay: false, premium: true } },
      ]
    })
    await waitFor(() => expect($('.js-invitation')).toBeTruthy())
    fireEvent.click($('.js-invitation-decline'))
    await waitFor(() => expect(bff.callsTo('POST', '/family/invitations/m-8/decline')).toHaveLength(1))
    await waitFor(() => expect($('.js-invitation')).toBeNull())
  })

  it('P-FAM-8: unbind asks for confirmation (Taro.showModal) and then DELETEs', async () => {
    const bff = await open()
    ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true })
    fireEvent.click($('#member-m-1 .js-member-unbind'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect((Taro.showModal as jest.Mock).mock.calls[0][0].content).toContain('张*')
    expect(bff.callsTo('DELETE', '/family/members/m-1')).toHaveLength(0)

    fireEvent.click($('#member-m-1 .js-member-unbind'))
    await waitFor(() => expect(bff.callsTo('DELETE', '/family/members/m-1')).toHaveLength(1))
    await waitFor(() => expect($('#member-m-1')).toBeNull())
    expect($('.js-family-notice').textContent).toContain('已解除')
  })

  it('an unbind refused by the BFF is shown in plain words', async () => {
    const bff = await open()
    bff.on('DELETE /family/members/:id', () => contractError(403, 'FORBIDDEN', '您无权进行此操作'))
    fireEvent.click($('#member-m-2 .js-member-unbind'))
    await waitFor(() => expect($('.js-family-action-error')).toBeTruthy())
    expect($('.js-family-action-error').textContent).toBe('您无权进行此操作')
  })

  it('shows a loading state first and an error state with retry', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Family />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    fireEvent.click($('.js-retry'))
    await screen.findByText('共济方式')
  })

  it('#14 finding 1: a member row says what the person is to me (妻子, 儿子) and their age; a son and a father both "王**" read apart', async () => {
    await open((b) => {
      b.state.family.members.push({
        memberId: 'm-3',
        personId: 'p-son',
        relation: 'CHILD',
        status: 'ACTIVE',
        maskedName: '王**',
        maskedIdNumber: '320***********0031',
        gender: 'M',
        age: 11,
        insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102' },
      })
    })
    const line = (id: string) => [$(`#${id} .js-member-relation`).textContent, $(`#${id} .js-member-masked-name`).textContent, $(`#${id} .js-member-age`)?.textContent ?? null]
    expect(line('member-m-1')).toEqual(['妻子', '张*', '43岁'])
    expect(line('member-m-3')).toEqual(['儿子', '王**', '11岁'])
    expect(line('member-m-2')).toEqual(['父亲', '王**', null]) // pending: name and relation word only
    // #14 finding 5: age, ID and place are whole tokens
    expect($('#member-m-3 .js-member-age').classList.contains('nw')).toBe(true)
    expect(Array.from(document.querySelectorAll('#member-m-1 .js-member-insurance .nw')).map((e) => e.textContent)).toEqual(['江苏省', '南京市'])
  })

  it('#14 finding 1: the unbind confirmation names the member by relation word and name', async () => {
    await open()
    ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true })
    fireEvent.click($('#member-m-1 .js-member-unbind'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect((Taro.showModal as jest.Mock).mock.calls[0][0].content).toContain('确定解除与妻子 张*的家庭共济绑定吗')
  })
})
