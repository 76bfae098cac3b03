import Taro from '@tarojs/taro'
import { acceptQuestion, declineQuestion, invitationHeadline, showInvitationBadge } from './invitations'

const FROM_DAUGHTER = { organizer: { maskedName: '钱**', gender: 'F' as const, relation: 'CHILD' as const } }

describe('#14 finding 2: invitations in the invitee’s words', () => {
  it('#14 finding 2: the organizer by relation and gender, from the reader’s side', () => {
    expect(invitationHeadline(FROM_DAUGHTER)).toBe('您的女儿 钱** 邀请您加入家庭共济')
    expect(invitationHeadline({ organizer: { maskedName: '张*', gender: 'M', relation: 'SPOUSE' } })).toBe('您的丈夫 张* 邀请您加入家庭共济')
    expect(acceptQuestion(FROM_DAUGHTER).content).toContain('您的女儿 钱**')
    expect(declineQuestion(FROM_DAUGHTER).content).toContain('会看到您已拒绝')
  })
})

describe('#14 finding 2: the 家庭 tab badge', () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => {
    jest.useRealTimers()
    ;(Taro.setTabBarBadge as jest.Mock).mockImplementation(() => Promise.resolve({ errMsg: 'setTabBarBadge:ok' }))
  })

  it('#14 finding 2: an H5 tab bar not there yet (the promise never settles) is asked again, at most 5 more times', async () => {
    const set = Taro.setTabBarBadge as jest.Mock
    set.mockImplementation(() => new Promise(() => undefined))
    showInvitationBadge(2)
    expect(set).toHaveBeenCalledWith({ index: 2, text: '2' })
    for (let i = 0; i < 10; i++) await jest.advanceTimersByTimeAsync(400)
    expect(set).toHaveBeenCalledTimes(6)
  })

  it('#14 finding 2: a newer count stops the retries of the older one', async () => {
    const set = Taro.setTabBarBadge as jest.Mock
    set.mockImplementation(() => new Promise(() => undefined))
    showInvitationBadge(1)
    showInvitationBadge(0)
    for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(400)
    expect(set).toHaveBeenCalledTimes(1)
    expect(Taro.removeTabBarBadge).toHaveBeenCalledTimes(1)
  })

  it('#14 finding 2: an answer (even a refusal) ends it; more than 99 reads 99', async () => {
    const set = Taro.setTabBarBadge as jest.Mock
    set.mockImplementation(() => Promise.reject(new Error('not a tab page')))
    showInvitationBadge(120)
    for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(400)
    expect(set).toHaveBeenCalledTimes(1)
    expect(set).toHaveBeenCalledWith({ index: 2, text: '99' })
  })
})
