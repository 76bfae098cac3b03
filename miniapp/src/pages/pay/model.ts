import type { Eligibility, InsuredEligibility, Product, Reason } from '../../lib/types'

export type { Candidate } from '../../lib/people'
export { candidates } from '../../lib/people'

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
