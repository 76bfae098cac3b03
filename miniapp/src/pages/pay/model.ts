import type { Eligibility, InsuredEligibility, Product, Reason } from '../../lib/types'

export type { Candidate } from '../../lib/people'
export { candidates, personLabels } from '../../lib/people'

/** P-PAY-6 on the phone's clock: open now. (The BFF decides; see ENROLLMENT_* reasons.) */
export function isOpen(p: Product, now: number): boolean {
  const a = Date.parse(p.opensAt)
  const b = Date.parse(p.closesAt)
  return !Number.isNaN(a) && !Number.isNaN(b) && a <= now && now <= b
}

export const KIND_LABELS: Record<string, string> = {
  HUIMINBAO: '惠民保',
  RESIDENT_PREMIUM: '城乡居民医保缴费',
}

export function insuredEntry(e: Eligibility | undefined, personId: string): InsuredEligibility | undefined {
  return e?.insured?.find((i) => i.personId === personId)
}

export function allReasons(e: Eligibility | undefined): Reason[] {
  if (!e) return []
  return [...(e.payer?.reasons ?? []), ...(e.insured ?? []).flatMap((i) => i.reasons ?? [])]
}

/** P-PAY-5: the account cannot pay the whole order: offer SELF_PAY. */
export function needsSelfPay(reasons: Reason[]): boolean {
  return reasons.some((r) => r.code === 'INSUFFICIENT_BALANCE')
}

/** #14 finding 8: already insured for this product (P-PAY-7): 已参保, neutral, never in a total. */
export function isEnrolled(entry: InsuredEligibility | undefined): boolean {
  return !!entry?.reasons?.some((r) => r.code === 'ALREADY_ENROLLED')
}

/** Reasons that do not stop a self-pay order (P-PAY-2: the premium mode is about the account). */
const SELF_PAY_OK_INSURED = new Set(['MODE_NOT_ENABLED'])
/** Payer reasons about the personal account only: self-pay is still possible (P-PAY-1, P-PAY-5). */
const ACCOUNT_ONLY = new Set(['INSUFFICIENT_BALANCE', 'PAYER_NOT_EMPLOYEE', 'PAYER_NOT_ACTIVE', 'PAYER_REGION_NOT_ELIGIBLE'])

/** Whether this person could be insured by some payment (account or self-pay). */
export function canApply(entry: InsuredEligibility | undefined): boolean {
  return !!entry && (entry.reasons ?? []).every((r) => SELF_PAY_OK_INSURED.has(r.code))
}

/**
 * #14 finding 8: self-pay is offered only when the account cannot pay, every chosen person
 * could be insured (nobody already insured, nobody outside the product), and what stops the
 * account is about the account alone.
 */
export function selfPayAllowed(e: Eligibility | undefined): boolean {
  if (!e || e.eligible || (e.insured ?? []).length === 0) return false
  return (e.insured ?? []).every(canApply) && (e.payer?.reasons ?? []).length > 0 && (e.payer?.reasons ?? []).every((r) => ACCOUNT_ONLY.has(r.code))
}

/**
 * #14 finding 8: whether a product applies to anyone of the family, from a preview of
 * everyone: `some` (someone can be insured), `none` with why (said once per reason), or
 * `unknown` while it loads.
 */
export function availability(e: Eligibility | undefined): { status: 'unknown' } | { status: 'some' } | { status: 'none'; why: string } {
  if (!e) return { status: 'unknown' }
  const entries = e.insured ?? []
  if (entries.some(canApply)) return { status: 'some' }
  if (entries.length > 0 && entries.every(isEnrolled)) return { status: 'none', why: '您和家人都已参保该产品，无需再缴费。' }
  const window = (e.payer?.reasons ?? []).filter((r) => r.code === 'ENROLLMENT_CLOSED' || r.code === 'ENROLLMENT_NOT_OPEN')
  const seen = new Set<string>()
  const messages: string[] = []
  for (const r of [...window, ...entries.flatMap((i) => (i.reasons ?? []).filter((x) => x.code !== 'ALREADY_ENROLLED'))]) {
    if (seen.has(r.code)) continue
    seen.add(r.code)
    messages.push(r.message)
  }
  return { status: 'none', why: `您和家人暂不能参保该产品：${messages.join('；') || '不符合参保条件'}` }
}

/**
 * What the payer reasons say, each once (#14 finding 8): `noAccount` when the payer has no
 * employee personal account (then nothing else about the account is said), `short` when the
 * balance is too low (said once, with by how much), and the rest as they are.
 */
export function payerNotes(e: Eligibility | undefined): { noAccount: boolean; short: boolean; others: Reason[] } {
  const reasons = e?.payer?.reasons ?? []
  const noAccount = reasons.some((r) => r.code === 'PAYER_NOT_EMPLOYEE')
  const short = !noAccount && reasons.some((r) => r.code === 'INSUFFICIENT_BALANCE')
  const hidden = new Set(noAccount ? ['PAYER_NOT_EMPLOYEE', 'PAYER_NOT_ACTIVE', 'PAYER_REGION_NOT_ELIGIBLE', 'INSUFFICIENT_BALANCE'] : ['INSUFFICIENT_BALANCE'])
  return { noAccount, short, others: reasons.filter((r) => !hidden.has(r.code)) }
}

/** 保障期间 of a year's product: 1 January to 31 December of its year (P-PAY-6). */
export function coverPeriod(p: Product): { from: string; until: string } {
  return { from: `${p.year}-01-01`, until: `${p.year}-12-31` }
}
