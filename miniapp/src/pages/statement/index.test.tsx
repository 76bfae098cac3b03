import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { aLedgerEntry, installFakeBff } from '../../../test/fakeBff'
import { reachBottom } from '../../../test/taro'
import { setElder } from '../../lib/elder'
import type { LedgerEntry } from '../../lib/types'
import Statement, { PAGE_SIZE } from './index'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const $$ = (sel: string) => Array.from(document.querySelectorAll(sel)) as HTMLElement[]

const HOSPITAL = { hospitalId: 'H320102001', name: '南京市第一医院' }
const CHILD = { personId: 'p-child', maskedName: '王**', relation: 'CHILD' as const }

/** `n` entries, newest first, one minute apart. */
function entries(n: number): LedgerEntry[] {
  return Array.from({ length: n }, (_, i) =>
    aLedgerEntry({ entryId: `le-${n - i}`, at: new Date(Date.parse('2026-11-24T10:00:00+08:00') - i * 60_000).toISOString().replace('Z', '+00:00'), amountFen: -(100 + i), orderId: `o-${i}` }),
  )
}

describe('账户明细 (API.md GET /account/ledger, P-SET-7)', () => {
  it('says what each entry was for, its bucket and a signed amount, newest first', async () => {
    const bff = installFakeBff()
    bff.state.ledger = [
      aLedgerEntry({ entryId: 'le-4', at: '2026-11-24T11:00:00+08:00', kind: 'REFUND', amountFen: 1500, bucket: 'HISTORICAL', orderId: undefined, settlementId: 's-1', hospital: HOSPITAL, person: CHILD }),
      aLedgerEntry({ entryId: 'le-3', at: '2026-11-24T10:30:00+08:00', kind: 'FAMILY_SETTLEMENT', amountFen: -1500, bucket: 'HISTORICAL', orderId: undefined, settlementId: 's-1', hospital: HOSPITAL, person: CHILD }),
      aLedgerEntry({ entryId: 'le-2', at: '2026-11-23T09:00:00+08:00', kind: 'SETTLEMENT', amountFen: -2000, bucket: 'CURRENT', orderId: undefined, settlementId: 's-0', hospital: HOSPITAL }),
      aLedgerEntry({ entryId: 'le-1', at: '2026-11-01T09:00:00+08:00', kind: 'PREMIUM', amountFen: -5900, bucket: 'HISTORICAL' }),
    ]
    delete bff.state.ledger[0].orderId
    delete bff.state.ledger[1].orderId
    delete bff.state.ledger[2].orderId
    render(<Statement />)
    expect($('.js-loading')).toBeTruthy()
    await waitFor(() => expect($$('.js-entry')).toHaveLength(4))
    const [refund, family, own, premium] = $$('.js-entry')
    expect(family.querySelector('.js-entry-title')!.textContent).toBe('为家人共济支付 · 子女 王**')
    expect(family.querySelector('.js-entry-detail')!.textContent).toContain('南京市第一医院')
    expect(family.querySelector('.js-entry-bucket')!.textContent).toBe('历年')
    expect(family.querySelector('.js-entry-amount')!.textContent).toBe('−¥15.00')
    expect(family.querySelector('.js-entry-time')!.textContent).toBe('2026年11月24日 10:30')
    expect(refund.querySelector('.js-entry-title')!.textContent).toBe('退费')
    expect(refund.querySelector('.js-entry-detail')!.textContent).toBe('南京市第一医院 · 为家人 子女 王** 共济支付的费用退回')
    expect(refund.querySelector('.js-entry-amount')!.textContent).toBe('+¥15.00')
    expect(own.querySelector('.js-entry-title')!.textContent).toBe('门诊结算')
    expect(own.querySelector('.js-entry-bucket')!.textContent).toBe('当年')
    expect(own.querySelector('.js-entry-amount')!.textContent).toBe('−¥20.00')
    expect(premium.querySelector('.js-entry-title')!.textContent).toBe('缴费')
    expect(premium.querySelector('.js-entry-amount')!.textContent).toBe('−¥59.00')
    // the balances on top, and the end of the list said
    await waitFor(() => expect($('.js-statement-historical').textContent).toBe('¥5,000.00'))
    expect($('.js-ledger-end')).toBeTruthy()
    expect($('.js-more')).toBeNull()
  })

  it('API.md "nextBefore pages on with no gap or repeat": two pages by scrolling to the bottom, then the 加载更多 button', async () => {
    const bff = installFakeBff()
    const all = entries(PAGE_SIZE * 2 + 3)
    bff.state.ledger = all
    render(<Statement />)
    await waitFor(() => expect($$('.js-entry')).toHaveLength(PAGE_SIZE))
    expect(bff.calls.filter((c) => c.path.startsWith('/account/ledger')).map((c) => c.path)).toEqual([`/account/ledger?limit=${PAGE_SIZE}`])

    // scrolling to the bottom asks for the next page with the cursor it was given
    reachBottom()
    reachBottom() // a second event while that page loads asks nothing more
    await waitFor(() => expect($$('.js-entry')).toHaveLength(PAGE_SIZE * 2))
    const asked = bff.calls.filter((c) => c.path.startsWith('/account/ledger')).map((c) => c.path)
    expect(asked).toEqual([`/account/ledger?limit=${PAGE_SIZE}`, `/account/ledger?limit=${PAGE_SIZE}&before=c${all[PAGE_SIZE - 1].entryId}`])

    fireEvent.click($('.js-more'))
    await waitFor(() => expect($$('.js-entry')).toHaveLength(all.length))
    // every entry once, in the server's order
    expect($$('.js-entry').map((e) => e.id)).toEqual(all.map((e) => `entry-${e.entryId}`))
    expect($('.js-more')).toBeNull()
    expect($('.js-ledger-end').textContent).toBe('没有更多记录了')
    reachBottom()
    expect(bff.calls.filter((c) => c.path.startsWith('/account/ledger'))).toHaveLength(3)
  })

  it('a failed next page keeps what is shown and offers 重试, which asks for the same page', async () => {
    const bff = installFakeBff()
    const all = entries(PAGE_SIZE + 2)
    bff.state.ledger = all
    render(<Statement />)
    await waitFor(() => expect($$('.js-entry')).toHaveLength(PAGE_SIZE))
    bff.offline = true
    reachBottom()
    await waitFor(() => expect($('.js-more-error')).toBeTruthy())
    expect($$('.js-entry')).toHaveLength(PAGE_SIZE)
    bff.offline = false
    fireEvent.click($('.js-more-retry'))
    await waitFor(() => expect($$('.js-entry')).toHaveLength(all.length))
    expect($$('.js-entry').map((e) => e.id)).toEqual(all.map((e) => `entry-${e.entryId}`))
  })

  it('empty state with a way back', async () => {
    installFakeBff()
    render(<Statement />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    expect($('.js-empty').textContent).toContain('还没有账户收支记录')
    fireEvent.click($('.js-statement-home'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  it('loading, then error with retry', async () => {
    const bff = installFakeBff()
    bff.offline = true
    render(<Statement />)
    await waitFor(() => expect($('.js-error')).toBeTruthy())
    bff.offline = false
    bff.state.ledger = entries(1)
    fireEvent.click($('.js-retry'))
    await waitFor(() => expect($$('.js-entry')).toHaveLength(1))
  })

  it('API.md "Citizen token, verified identity": an unverified user is sent to 实名认证', async () => {
    const bff = installFakeBff()
    bff.state.me = { userId: 'u-2', verified: false }
    render(<Statement />)
    await waitFor(() => expect($('.js-error-verify')).toBeTruthy())
  })

  it('大字版', async () => {
    installFakeBff()
    setElder(true)
    render(<Statement />)
    await waitFor(() => expect($('.js-empty')).toBeTruthy())
    expect($('.page-statement').classList.contains('elder')).toBe(true)
  })

  it('#14 finding 1: a 共济 payment names the member by relation word from my family list (女儿, not 子女); #14 finding 5: amounts and times are .nw', async () => {
    const bff = installFakeBff()
    bff.state.family.members.push({
      memberId: 'm-3',
      personId: 'p-child',
      relation: 'CHILD',
      status: 'ACTIVE',
      maskedName: '王**',
      maskedIdNumber: '320***********0042',
      gender: 'F',
      age: 9,
      insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102' },
    })
    bff.state.ledger = [aLedgerEntry({ entryId: 'le-1', kind: 'FAMILY_SETTLEMENT', amountFen: -1500, bucket: 'HISTORICAL', hospital: HOSPITAL, person: CHILD })]
    render(<Statement />)
    await waitFor(() => expect($('.js-entry-title').textContent).toBe('为家人共济支付 · 女儿 王**'))
    expect($('.js-entry-amount').classList.contains('nw')).toBe(true)
    expect($('.js-statement-historical').classList.contains('nw')).toBe(true)
    expect(Array.from($('.js-entry-time').querySelectorAll('.nw')).length).toBe(2)
  })
})
