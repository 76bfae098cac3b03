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
    expect(father.querySelector('.js-member-pending-hint')!.textContent).toContain('等待对方同意')
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

  it('P-FAM-7: the mode switches send PUT /family/modes with both values (#14 finding 3: switching ON asks first)', async () => {
    const bff = await open()
    expect($('.js-mode-pay').getAttribute('aria-checked')).toBe('false')
    expect($('.js-mode-premium').classList.contains('is-on')).toBe(true)
    fireEvent.click($('.js-mode-pay'))
    await waitFor(() => expect($('.js-modes-confirm-pay')).toBeTruthy())
    expect(bff.callsTo('PUT', '/family/modes')).toHaveLength(0)
    fireEvent.click($('.js-modes-confirm .js-sheet-confirm'))
    await waitFor(() => expect(bff.callsTo('PUT', '/family/modes')).toHaveLength(1))
    expect(bff.callsTo('PUT', '/family/modes')[0].body).toEqual({ pay: true, premium: true })
    await waitFor(() => expect($('.js-mode-pay').classList.contains('is-on')).toBe(true))
  })

  it('#14 finding 3 switching 共济支付 ON: a sheet says who pays (the organizer\'s account), for whom, how much and from 历年账户; 取消 changes nothing', async () => {
    const bff = await open()
    fireEvent.click($('.js-mode-pay'))
    await waitFor(() => expect($('.js-modes-confirm-pay')).toBeTruthy())
    const sheet = $('.js-modes-confirm')
    expect(sheet.querySelector('.js-sheet-title')!.textContent).toBe('开启共济支付')
    expect(sheet.querySelector('.js-modes-payer')!.textContent).toContain('本人 王**')
    expect(Array.from(sheet.querySelectorAll('.js-modes-person')).map((e) => e.textContent)).toContain('妻子 张* · 43岁')
    expect(sheet.querySelector('.js-modes-amount')!.textContent).toContain('按每笔实际金额')
    expect(sheet.querySelector('.js-modes-bucket')!.textContent).toContain('历年账户')
    expect(sheet.querySelector('.js-modes-bucket')!.textContent).toContain('¥')
    fireEvent.click(sheet.querySelector('.js-sheet-cancel')!)
    expect($('.js-modes-confirm')).toBeNull()
    expect(bff.callsTo('PUT', '/family/modes')).toHaveLength(0)
    expect($('.js-mode-pay').getAttribute('aria-checked')).toBe('false')
  })

  it('#14 finding 3 switching a mode OFF needs no confirmation', async () => {
    const bff = await open()
    fireEvent.click($('.js-mode-premium'))
    await waitFor(() => expect(bff.callsTo('PUT', '/family/modes')).toHaveLength(1))
    expect($('.js-modes-confirm')).toBeNull()
    expect(bff.callsTo('PUT', '/family/modes')[0].body).toEqual({ pay: false, premium: false })
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
    expect($('.js-invitation').textContent).toContain('您的母亲 李**') // the organizer from the invitee's side (#14 finding 2)
    fireEvent.click($('.js-invitation-accept'))
    await waitFor(() => expect(bff.callsTo('POST', '/family/invitations/m-9/accept')).toHaveLength(1))
    await waitFor(() => expect($('.js-invitation')).toBeNull())
    expect($('.js-family-notice').textContent).toContain('已加入')
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

  describe('#14 finding 2: consent from the parent’s phone', () => {
    const SON_INVITES = { memberId: 'm-9', relation: 'PARENT' as const, organizer: { maskedName: '王**', gender: 'M' as const, relation: 'CHILD' as const }, modes: { pay: true, premium: false } }

    it('#14 finding 2: the invitation says who invites from the invitee’s side, what each mode allows, and that it can be left', async () => {
      await open((b) => (b.state.invitations = [SON_INVITES]))
      await waitFor(() => expect($('.js-invitation')).toBeTruthy())
      expect($('.js-invitation-headline').textContent).toBe('您的儿子 王** 邀请您加入家庭共济')
      expect($('.js-invitation').textContent).not.toContain('关系：')
      expect($('.js-invitation-mode-pay').textContent).toContain('共济支付（已开启）')
      expect($('.js-invitation-mode-pay').textContent).toContain('个人负担的部分')
      expect($('.js-invitation-mode-premium').textContent).toContain('共济缴费（未开启）')
      expect($('.js-invitation-mode-premium').textContent).toContain('开启后才可使用')
      expect($('.js-invitation-leave').textContent).toContain('随时退出')
    })

    it('#14 finding 2: 同意 goes behind a confirmation; cancelling it sends nothing', async () => {
      const bff = await open((b) => (b.state.invitations = [SON_INVITES]))
      await waitFor(() => expect($('.js-invitation')).toBeTruthy())
      ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true })
      fireEvent.click($('.js-invitation-accept'))
      await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
      const asked = (Taro.showModal as jest.Mock).mock.calls[0][0]
      expect(asked.title).toBe('同意加入家庭共济')
      expect(asked.content).toContain('您的儿子 王**')
      await new Promise((r) => setTimeout(r, 20))
      expect(bff.callsTo('POST', '/family/invitations/m-9/accept')).toHaveLength(0)
      fireEvent.click($('.js-invitation-decline'))
      await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(2))
      expect((Taro.showModal as jest.Mock).mock.calls[1][0].title).toBe('拒绝邀请')
      await waitFor(() => expect(bff.callsTo('POST', '/family/invitations/m-9/decline')).toHaveLength(1))
      expect(bff.callsTo('POST', '/family/invitations/m-9/accept')).toHaveLength(0)
    })

    it('#14 finding 2: the 家庭 tab carries a badge while an invitation waits, and loses it once answered', async () => {
      await open((b) => (b.state.invitations = [SON_INVITES]))
      await waitFor(() => expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 2, text: '1' }))
      fireEvent.click($('.js-invitation-accept'))
      await waitFor(() => expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 2 }))
    })

    it('#14 finding 2: after agreeing, a resident parent sees the network joined instead of "还没有绑定家庭成员", and can leave it behind a confirmation', async () => {
      const bff = await openResident((b) => (b.state.invitations = [SON_INVITES]))
      await waitFor(() => expect($('.js-invitation')).toBeTruthy())
      fireEvent.click($('.js-invitation-accept'))
      await waitFor(() => expect($('.js-joined-item')).toBeTruthy())
      expect($('.js-joined-title').textContent).toBe('王** 的家庭')
      expect($('.js-joined-as').textContent).toBe('您是对方的父亲')
      expect($('.js-joined-modes').textContent).toContain('共济支付：已开启')
      expect(document.body.textContent).not.toContain('还没有绑定家庭成员')
      fireEvent.click($('.js-joined-leave'))
      await waitFor(() => expect(bff.callsTo('DELETE', '/family/members/m-9')).toHaveLength(1))
      const asked = (Taro.showModal as jest.Mock).mock.calls.at(-1)![0]
      expect(asked.title).toBe('退出家庭共济')
      await waitFor(() => expect($('.js-joined-item')).toBeNull())
      expect($('.js-family-notice').textContent).toContain('已退出')
    })
  })

  describe('#14 finding 2: an employee parent who joined', () => {
    it('#14 finding 2: with no members of their own, the joined network comes first (no "还没有绑定家庭成员", no switches); adding their own stays one tap away', async () => {
      await open((b) => {
        b.state.family.members = []
        b.state.invitations = [{ memberId: 'm-9', relation: 'PARENT', organizer: { maskedName: '王**', gender: 'M', relation: 'CHILD' }, modes: { pay: true, premium: false } }]
      })
      await waitFor(() => expect($('.js-invitation')).toBeTruthy())
      fireEvent.click($('.js-invitation-accept'))
      await waitFor(() => expect($('.js-joined-item')).toBeTruthy())
      expect(document.body.textContent).not.toContain('还没有绑定家庭成员')
      expect($('.js-modes')).toBeNull()
      expect($('.js-family-organize-hint')).toBeTruthy()
      expect($('.js-family-notice').textContent).toContain('已加入您的儿子 王** 的家庭共济')
      fireEvent.click($('.js-member-add-open'))
      await waitFor(() => expect($('.js-member-form')).toBeTruthy())
    })
  })

  describe('#14 finding 10: the inviter side', () => {
    it('#14 finding 10: a declined invitation is said ("父亲 王** 已拒绝您的邀请"), can be dismissed, and invited again with the same relation', async () => {
      await open((b) => {
        b.state.family.members = b.state.family.members.filter((m) => m.status === 'ACTIVE')
        b.state.family.declined = [{ memberId: 'm-d', personId: 'p-father', relation: 'PARENT', maskedName: '王**', gender: 'M', declinedAt: '2026-11-23T09:00:00+08:00' }]
      })
      await waitFor(() => expect($('.js-declined-item')).toBeTruthy())
      expect($('.js-declined-text').textContent).toBe('父亲 王** 已拒绝您的邀请')
      fireEvent.click($('.js-declined-again'))
      await waitFor(() => expect($('.js-member-form')).toBeTruthy())
      expect($('.js-relation-PARENT').getAttribute('aria-checked')).toBe('true')
      fireEvent.click($('.js-declined-dismiss'))
      await waitFor(() => expect($('.js-declined-item')).toBeNull())
    })

    it('#14 finding 10: a dismissed decline stays dismissed when the page opens again', async () => {
      const declined = [{ memberId: 'm-d', personId: 'p-father', relation: 'PARENT' as const, maskedName: '王**', gender: 'M' as const, declinedAt: '2026-11-23T09:00:00+08:00' }]
      const bff = installFakeBff()
      bff.state.family.declined = declined
      const first = render(<Family />)
      await waitFor(() => expect($('.js-declined-item')).toBeTruthy())
      fireEvent.click($('.js-declined-dismiss'))
      await waitFor(() => expect($('.js-declined-item')).toBeNull())
      first.unmount()
      render(<Family />)
      await waitFor(() => expect($('.js-modes')).toBeTruthy())
      expect($('.js-declined-item')).toBeNull()
    })

    it('#14 finding 10: a pending row offers 撤回邀请 (not 解除绑定), behind its own confirmation, and shows no placeholders', async () => {
      const bff = await open()
      const row = $('#member-m-2')
      expect(row.querySelector('.js-member-withdraw')!.textContent).toBe('撤回邀请')
      expect(row.textContent).not.toContain('解除绑定')
      expect(row.textContent).not.toMatch(/未知|undefined|NaN|null/)
      expect(row.querySelector('.js-member-pending-hint')!.textContent).toContain('等待对方同意')
      expect($('#member-m-1 .js-member-unbind').textContent).toBe('解除绑定')
      fireEvent.click(row.querySelector('.js-member-withdraw')!)
      await waitFor(() => expect(bff.callsTo('DELETE', '/family/members/m-2')).toHaveLength(1))
      expect((Taro.showModal as jest.Mock).mock.calls[0][0].title).toBe('撤回邀请')
      await waitFor(() => expect($('.js-family-notice').textContent).toContain('已撤回'))
    })
  })

  describe('#14 finding 11: a resident cannot organise', () => {
    it('#14 finding 11: P-FAM-1 is said up front; no 共济 switches, no 添加家庭成员; 我加入的家庭 stays reachable', async () => {
      await openResident()
      expect($('.js-organizer-gate').textContent).toContain('只有职工医保参保人（有个人账户）才能建立家庭共济')
      expect($('.js-modes')).toBeNull()
      expect($('.js-member-add-open')).toBeNull()
      expect($('.js-members')).toBeNull()
      expect($('.js-joined-empty')).toBeTruthy()
      fireEvent.click($('.js-family-memberships'))
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/memberships/index' })
    })

    it('#14 finding 11: a suspended employee is told ORGANIZER_NOT_ACTIVE and keeps the members list (to unbind)', async () => {
      const bff = installFakeBff()
      bff.state.me.person!.insurance = { scheme: 'EMPLOYEE', status: 'SUSPENDED', region: '320102', account: { historicalFen: 0, currentFen: 0 } }
      render(<Family />)
      await waitFor(() => expect($('.js-organizer-gate')).toBeTruthy())
      expect($('.js-organizer-reason').textContent).toContain('不是正常参保状态')
      expect($('.js-modes')).toBeNull()
      expect($$('.js-member')).toHaveLength(2)
    })
  })
})

async function openResident(setup?: (bff: ReturnType<typeof installFakeBff>) => void) {
  const bff = installFakeBff()
  bff.state.me.person!.insurance = { scheme: 'RESIDENT', status: 'ACTIVE', region: '320302' }
  bff.state.family.members = []
  setup?.(bff)
  render(<Family />)
  await waitFor(() => expect($('.js-organizer-gate')).toBeTruthy())
  return bff
}
