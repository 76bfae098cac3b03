/**
 * Wording of what citizens see of settlements (API.md "What citizens see of it (P-SET-7)"):
 * ledger entries (账户明细), the parts of a bill (就诊结算记录). Money is integer fen.
 */
import { money } from './format'
import { kinWord } from './shared'
import type { CitizenSettlement, FamilyList, LedgerEntry, Relation } from './types'

export const LEDGER_KIND_LABELS: Record<LedgerEntry['kind'], string> = {
  PREMIUM: '缴费',
  SETTLEMENT: '门诊结算',
  FAMILY_SETTLEMENT: '为家人共济支付',
  REFUND: '退费',
}

export const BUCKET_LABELS: Record<LedgerEntry['bucket'], string> = {
  CURRENT: '当年',
  HISTORICAL: '历年',
}

export const SETTLEMENT_STATUS_LABELS: Record<CitizenSettlement['status'], string> = {
  SETTLED: '已结算',
  REFUNDED: '已退费',
}

/**
 * "儿子 王**": the family member a FAMILY_SETTLEMENT (or its refund) paid for, with what they are
 * to me as a word (#14 finding 1). The ledger names no gender: it comes from my family list
 * when the person is still in it (`family`), else the neutral word (子女).
 */
export function memberText(person: { personId?: string; maskedName: string; relation: Relation; gender?: 'M' | 'F' | null }, family?: FamilyList | null): string {
  const gender = person.gender ?? family?.members.find((m) => m.personId === person.personId)?.gender
  return `${kinWord(person.relation, gender)} ${person.maskedName}`
}

/** What an entry was for: "为家人共济支付 · 儿子 王**", "门诊结算", "退费" … */
export function ledgerTitle(e: LedgerEntry, family?: FamilyList | null): string {
  const label = LEDGER_KIND_LABELS[e.kind] ?? e.kind
  return e.kind === 'FAMILY_SETTLEMENT' && e.person ? `${label} · ${memberText(e.person, family)}` : label
}

/** The line under the title: where, and for whom a refund came back. */
export function ledgerDetail(e: LedgerEntry, family?: FamilyList | null): string {
  const parts: string[] = []
  if (e.hospital) parts.push(e.hospital.name)
  if (e.kind === 'REFUND') {
    if (e.person) parts.push(`为家人 ${memberText(e.person, family)} 共济支付的费用退回`)
    else if (e.settlementId) parts.push('门诊结算费用退回')
  }
  if (e.kind === 'PREMIUM') parts.push('医保/惠民保缴费')
  return parts.join(' · ')
}

/** API.md: amountFen < 0 out, > 0 back in → "−¥15.00" / "+¥15.00" (U+2212 for the minus). */
export function signedMoney(fen: number): string {
  if (fen < 0) return `−${money(-fen)}`
  if (fen > 0) return `+${money(fen)}`
  return money(0)
}

/** One part of a bill and who paid it (P-SET-4: the parts add up to the total). */
export interface BillPart {
  key: string
  label: string
  fen: number
}

/**
 * Who paid each part of a bill, in the order of P-SET-2/3: 统筹基金, the patient's own account
 * (当年, then 历年), each family part with its organizer, then 现金. The fund and cash lines always
 * show; the other parts only when they paid something.
 */
export function billParts(s: CitizenSettlement, organizerNote?: (memberId: string) => string | undefined): BillPart[] {
  const parts: BillPart[] = [{ key: 'fund', label: '统筹基金', fen: s.fundFen }]
  if (s.ownAccount.currentFen > 0) parts.push({ key: 'own-current', label: '个人账户(当年)', fen: s.ownAccount.currentFen })
  if (s.ownAccount.historicalFen > 0) parts.push({ key: 'own-historical', label: '个人账户(历年)', fen: s.ownAccount.historicalFen })
  s.family.forEach((f, i) => {
    const note = organizerNote?.(f.memberId)
    parts.push({ key: `family-${i}`, label: `家庭共济（${f.organizer.maskedName}${note ? `，${note}` : ''}）`, fen: f.historicalFen })
  })
  parts.push({ key: 'cash', label: '现金', fen: s.cashFen })
  return parts
}
