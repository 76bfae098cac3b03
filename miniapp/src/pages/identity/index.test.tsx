import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { checkCharacter } from '@yibao/shared'
import Taro from '@tarojs/taro'
import { setPhoneNumberAnswer } from '../../../test/components'
import { contractError, installFakeBff } from '../../../test/fakeBff'
import Identity from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const type = (sel: string, value: string) => {
  fireEvent.change($(sel), { target: { value } })
  fireEvent.blur($(sel))
}
const GOOD = { name: '王建国', id: '320102198003140113', phone: '13800000001' }

async function openForm() {
  const bff = installFakeBff()
  bff.state.me = { userId: 'u-9', verified: false }
  render(<Identity />)
  await waitFor(() => expect($('.js-verify-submit')).toBeTruthy())
  return bff
}

function fill(v = GOOD) {
  type('.js-verify-name', v.name)
  type('.js-verify-id', v.id)
  type('.js-verify-phone', v.phone)
}

describe('实名认证 (API.md "Real name", P-ID-1/2/3/6)', () => {
  it('P-ID-1: a wrong check character is caught on the spot, nothing is sent', async () => {
    const bff = await openForm()
    fill({ ...GOOD, id: '320102198003140114' })
    expect($('.js-verify-id-error').textContent).toContain('身份证号码不正确')
    fireEvent.click($('.js-verify-submit'))
    expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(0)
  })

  it('P-ID-1: an impossible or future birth date is refused', async () => {
    await openForm()
    type('.js-verify-id', '32010219800231' + '011' + checkCharacter('32010219800231011'))
    expect($('.js-verify-id-error').textContent).toContain('身份证号码不正确')
    const future = '32010220990101011'
    type('.js-verify-id', future + checkCharacter(future))
    expect($('.js-verify-id-error').textContent).toContain('出生日期晚于今天')
  })

  it('P-ID-3: name and phone checks', async () => {
    const bff = await openForm()
    type('.js-verify-name', '王')
    type('.js-verify-phone', '2380000000')
    expect($('.js-verify-name-error').textContent).toContain('2至30个字')
    expect($('.js-verify-phone-error').textContent).toContain('以1开头的11位数字')
    fireEvent.click($('.js-verify-submit'))
    expect(bff.calls.filter((c) => c.path === '/identity/verify')).toHaveLength(0)
  })

  it('accepts minority names with · and lower-case x; errors clear as the user fixes them', async () => {
    await openForm()
    type('.js-verify-name', '阿')
    expect($('.js-verify-name-error')).toBeTruthy()
    type('.js-verify-name', '阿依古丽·买买提')
    expect($('.js-verify-name-error')).toBeNull()
    type('.js-verify-id', '32030219520708013x')
    expect($('.js-verify-id-error')).toBeNull()
  })

  it('submits name, ID (normalised) and phone; success state', async () => {
    const bff = await openForm()
    fill({ ...GOOD, id: '32030219520708013x' })
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-success')).toBeTruthy())
    expect(bff.callsTo('POST', '/identity/verify')[0].body).toEqual({
      name: '王建国',
      idNumber: '32030219520708013X',
      phone: '13800000001',
    })
  })

  it('the submit button is disabled while the request is in flight', async () => {
    const bff = await openForm()
    let release!: () => void
    bff.on('POST /identity/verify', () => new Promise((r) => (release = () => r({ status: 200, body: { verified: true } }))))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect(($('.js-verify-submit') as HTMLButtonElement).disabled).toBe(true))
    fireEvent.click($('.js-verify-submit'))
    release()
    await waitFor(() => expect($('.js-verify-success')).toBeTruthy())
    expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(1)
  })

  it('422 REAL_NAME_MISMATCH and 409 IDENTITY_IN_USE in plain words', async () => {
    const bff = await openForm()
    bff.on('POST /identity/verify', () => contractError(422, 'REAL_NAME_MISMATCH', '姓名、身份证号和手机号与医保登记信息不一致', { remainingAttempts: 4 }))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-error')).toBeTruthy())
    expect($('.js-verify-error').textContent).toBe('姓名、身份证号和手机号与医保登记信息不一致')
    bff.on('POST /identity/verify', () => contractError(409, 'IDENTITY_IN_USE', '该身份已被其他账号实名认证'))
    fireEvent.click($('.js-verify-submit'))
    await screen.findByText('该身份已被其他账号实名认证')
  })

  it('400 VALIDATION_FAILED field reasons land on their fields', async () => {
    const bff = await openForm()
    bff.on('POST /identity/verify', () =>
      contractError(400, 'VALIDATION_FAILED', '填写的信息有误', {
        reasons: [{ code: 'PHONE_INVALID', message: '手机号不正确（服务端）', field: 'phone' }],
      }),
    )
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-phone-error')).toBeTruthy())
    expect($('.js-verify-phone-error').textContent).toBe('手机号不正确（服务端）')
  })

  it('P-ID-6: 429 REAL_NAME_LOCKED shows when to try again and disables the form', async () => {
    const bff = await openForm()
    bff.on('POST /identity/verify', () =>
      contractError(429, 'REAL_NAME_LOCKED', '实名认证失败次数过多，请稍后再试', { resumesAt: '2026-11-25T09:30:00+08:00' }),
    )
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-locked')).toBeTruthy())
    expect($('.js-verify-locked').textContent).toContain('请于 2026年11月25日 09:30 后再试')
    expect(($('.js-verify-submit') as HTMLButtonElement).disabled).toBe(true)
  })

  it('REAL_NAME_LOCKED with a Retry-After header', async () => {
    const bff = await openForm()
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-24T10:00:00+08:00'))
    bff.on('POST /identity/verify', () => ({
      ...contractError(429, 'REAL_NAME_LOCKED', '实名认证失败次数过多，请稍后再试'),
      headers: { 'Retry-After': '7200' },
    }))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-locked')).toBeTruthy())
    expect($('.js-verify-locked').textContent).toContain('2026年11月24日 12:00')
    ;(Date.now as jest.Mock).mockRestore()
  })

  it('already verified: shows the masked identity instead of the form', async () => {
    installFakeBff()
    render(<Identity />)
    await waitFor(() => expect($('.js-verify-done')).toBeTruthy())
    expect($('.js-verify-done').textContent).toContain('138****0001')
    expect($('.js-verify-submit')).toBeNull()
  })
})

describe('实名认证 in WeChat: the 微信手机号 button first, typing second (API.md WeChat, Phone)', () => {

  async function openInWeChat() {
    process.env.TARO_ENV = 'weapp'
    return openFormNoFill()
  }
  async function openFormNoFill() {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u-9', verified: false }
    render(<Identity />)
    await waitFor(() => expect($('.js-verify-submit')).toBeTruthy())
    return bff
  }

  it('offers the getPhoneNumber button and no phone field; the code goes to POST /identity/phone, the proof to /identity/verify', async () => {
    const bff = await openInWeChat()
    expect($('.js-phone-button').getAttribute('data-open-type')).toBe('getPhoneNumber')
    expect($('.js-verify-phone')).toBeNull()
    setPhoneNumberAnswer({ code: 'ph-123', errMsg: 'getPhoneNumber:ok' })
    fireEvent.click($('.js-phone-button'))
    await waitFor(() => expect($('.js-phone-wechat').textContent).toContain('138****0001'))
    expect(bff.callsTo('POST', '/identity/phone')[0].body).toEqual({ code: 'ph-123' })
    type('.js-verify-name', GOOD.name)
    type('.js-verify-id', GOOD.id)
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-success')).toBeTruthy())
    const sent = bff.callsTo('POST', '/identity/verify')[0].body as Record<string, string>
    expect(sent).toEqual({ name: GOOD.name, idNumber: GOOD.id, phoneProof: expect.any(String) })
    // asked at the tap that finishes 实名认证: family invitations
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tpl-invite'] })
  })

  it('the user who refuses the phone button is told so and can type the number instead', async () => {
    const bff = await openInWeChat()
    setPhoneNumberAnswer({ errMsg: 'getPhoneNumber:fail user deny' })
    fireEvent.click($('.js-phone-button'))
    expect($('.js-phone-error').textContent).toContain('手动填写')
    fireEvent.click($('.js-phone-type'))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-success')).toBeTruthy())
    expect(bff.callsTo('POST', '/identity/verify')[0].body).toEqual({ name: GOOD.name, idNumber: GOOD.id, phone: GOOD.phone })
  })

  it('a bad code shows the BFF\'s message; submitting without a phone asks for one and sends nothing', async () => {
    const bff = await openInWeChat()
    setPhoneNumberAnswer({ code: 'bad', errMsg: 'getPhoneNumber:ok' })
    fireEvent.click($('.js-phone-button'))
    await waitFor(() => expect($('.js-phone-error').textContent).toContain('凭证无效'))
    type('.js-verify-name', GOOD.name)
    type('.js-verify-id', GOOD.id)
    fireEvent.click($('.js-verify-submit'))
    expect($('.js-phone-error').textContent).toContain('使用微信手机号')
    expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(0)
  })

  it('in the browser (H5) there is no phone button, and nothing is asked to subscribe', async () => {
    const bff = await openFormNoFill()
    expect($('.js-phone-button')).toBeNull()
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-success')).toBeTruthy())
    expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(1)
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
  })
})

describe('#14 finding 12: 实名认证 says what to do next', () => {
  const mismatch = (remainingAttempts: number) => () =>
    contractError(422, 'REAL_NAME_MISMATCH', '姓名、身份证号和手机号与医保登记信息不一致', { remainingAttempts })

  it('#14 finding 12 (P-ID-6): no count after the 1st and 2nd failure; from the 3rd on, how many attempts remain before the 24-hour lock', async () => {
    const bff = await openForm()
    fill()
    for (const [remaining, warning] of [
      [4, null],
      [3, null],
      [2, '已连续 3 次未通过，还可以再试 2 次；再错 2 次将锁定 24 小时'],
      [1, '已连续 4 次未通过，还可以再试 1 次；再错 1 次将锁定 24 小时'],
      [0, '已连续 5 次未通过，实名认证将锁定 24 小时'],
    ] as const) {
      bff.on('POST /identity/verify', mismatch(remaining))
      fireEvent.click($('.js-verify-submit'))
      await waitFor(() => expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(5 - remaining))
      await waitFor(() => expect($('.js-verify-error')).toBeTruthy())
      await waitFor(() => expect(($('.js-verify-submit') as HTMLButtonElement).disabled).toBe(false))
      if (warning === null) expect($('.js-verify-attempts')).toBeNull()
      else expect($('.js-verify-attempts').textContent).toContain(warning)
    }
  })

  it('#14 finding 12: a mismatch without a count (an older BFF) shows the message alone', async () => {
    const bff = await openForm()
    bff.on('POST /identity/verify', () => contractError(422, 'REAL_NAME_MISMATCH', '姓名、身份证号和手机号与医保登记信息不一致'))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-error')).toBeTruthy())
    expect($('.js-verify-attempts')).toBeNull()
  })

  it('#14 finding 12 (P-ID-5): 该身份已在其他微信账号完成实名认证 comes with where to go: close the other account, or appeal (经办机构 / 12393)', async () => {
    const bff = await openForm()
    bff.on('POST /identity/verify', () => contractError(409, 'IDENTITY_IN_USE', '该身份已在其他微信账号完成实名认证'))
    fill()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-in-use-steps')).toBeTruthy())
    expect($('.js-verify-error').textContent).toContain('该身份已在其他微信账号完成实名认证')
    expect($('.js-verify-in-use-steps').textContent).toContain('注销')
    expect($('.js-verify-in-use-steps').textContent).toContain('医保经办机构')
    expect($('.js-verify-in-use-steps').textContent).toContain('12393')
  })

  it('#14 finding 12: an empty field says what to type (请输入身份证号码), not that it is wrong', async () => {
    const bff = await openForm()
    fireEvent.click($('.js-verify-submit'))
    await waitFor(() => expect($('.js-verify-id-error')).toBeTruthy())
    expect($('.js-verify-id-error').textContent).toBe('请输入身份证号码')
    expect($('.js-verify-name-error').textContent).toBe('请输入姓名')
    expect($('.js-verify-phone-error').textContent).toBe('请输入手机号')
    type('.js-verify-id', '123')
    expect($('.js-verify-id-error').textContent).toContain('身份证号码不正确')
    type('.js-verify-id', '   ')
    expect($('.js-verify-id-error').textContent).toBe('请输入身份证号码')
    expect(bff.callsTo('POST', '/identity/verify')).toHaveLength(0)
  })
})
