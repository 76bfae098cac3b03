import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { aSettlement, installFakeBff } from '../../../test/fakeBff'
import { setElder } from '../../lib/elder'
import Settlements from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]
const parts = (card: HTMLElement) => Array.from(card.querySelectorAll('.js-part')).map((p) => p.textContent)

describe('就诊结算记录 (API.md GET /settlements, P-SET-7: the patient sees the bill and who paid each part)', () => {
  it('lists bills newest first with hospital, time, status and who paid each part', async () => {
    const bff = installFakeBff()
    // the child is a member of my network: the family part is my account's
    bff.state.family.members.push({
      memberId: 'm-child',
      personId: 'p-child',
      relation: 'CHILD',
      status: 'ACTIVE',
      maskedName: '王**',
      maskedIdNumber: '320***********0151',
      gender: 'M',
      age: 11,
      insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102' },
    })
    bff.state.settlements = [
      // my own bill, older, refunded
      aSettlement({
        settlementId: 's-0',
        billNo: 'B20261120001',
        patient: { personId: 'p-self', maskedName: '王**' },
        totalFen: 50000,
        compliantFen: 45000,
        deductibleAppliedFen: 20000,
        fundFen: 17500,
        ownAccount: { currentFen: 20000, historicalFen: 7500 },
        family: [],
        cashFen: 5000,
        status: 'REFUNDED',
        settledAt: '2026-11-20T09:00:00+08:00',
        refundedAt: '2026-11-20T11:00:00+08:00',
      }),
      aSettlement(),
    ]
    render(<Settlements />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($$('.js-settlement')).toHaveLength(2))
    const [child, own] = $$('.js-settlement')
    expect(child.querySelector('.js-settlement-hospital')!.textContent).toBe('南京市第一医院')
    expect(child.querySelector('.js-settlement-status')!.textContent).toBe('已结算')
    expect(child.querySelector('.js-settlement-time')!.textContent).toBe('2026年11月24日 10:30')
    expect(child.querySelector('.js-settlement-total')!.textContent).toBe('¥320.00')
    await waitFor(() => expect(child.querySelector('.js-settlement-patient')!.textContent).toBe('儿子 王**')) // #14 finding 1: relation and gender from my family list
    expect(parts(child)).toEqual(['统筹基金¥150.00', '家庭共济（王**，我的账户）¥150.00', '现金¥20.00'])

    expect(own.querySelector('.js-settlement-status')!.textContent).toBe('已退费')
    expect(own.querySelector('.js-settlement-patient')!.textContent).toBe('本人 王**')
    expect(parts(own)).toEqual(['统筹基金¥175.00', '个人账户(当年)¥200.00', '个人账户(历年)¥75.00', '现金¥50.00'])
    expect(own.textContent).toContain('本次计入起付线¥200.00')
    expect(own.querySelector('.js-settlement-refunded')!.textContent).toContain('已于 2026年11月20日 11:00 退费')
  })

  it('P-SET-4: the parts shown add up to the total', async () => {
    const bff = installFakeBff()
    const s = aSettlement({ family: [{ memberId: 'm-a', organizer: { maskedName: '李*' }, historicalFen: 10000 }, { memberId: 'm-b', organizer: { maskedName: '赵**' }, historicalFen: 5000 }] })
    bff.state.settlements = [s]
    render(<Settlements />)
    await waitFor(() => expect($$('.js-part')).toHaveLength(4))
    const sum = $$('.js-part').reduce((a, p) => a + Math.round(Number(p.textContent!.split('¥')[1].replace(/,/g, '')) * 100), 0)
    expect(sum).toBe(s.totalFen)
    expect($$('.js-part-family').map((p) => p.textContent)).toEqual(['家庭共济（李*）¥100.00', '家庭共济（赵**）¥50.00'])
  })

  it('empty state with a way to show the code', async () => {
    installFakeBff()
    render(<Settlements />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    fireEvent.click($('.js-settlements-qrcode'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/qrcode/index' })
  })

  it('error with retry', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Settlements />)
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    bff.state.settlements = [aSettlement()]
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($$('.js-settlement')).toHaveLength(1))
  })

  it('大字版', async () => {
    installFakeBff()
    setElder(true)
    render(<Settlements />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    expect($('.page-settlements').classList.contains('elder')).toBe(true)
  })
})
