import { insurancePaysAtCounter } from './shared'
import type { FamilyList, Me } from './types'

export interface InsuranceBrief {
  scheme: 'EMPLOYEE' | 'RESIDENT' | 'NONE'
  status: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' | 'NONE'
  region: string
}

/** What the 医保码 page shows under a name (#14 conventions): masked ID and 参保地, and the insurance. */
export interface CodeHolder {
  maskedIdNumber: string
  insurance: InsuranceBrief
}

/** The caller's and their ACTIVE members' masked ID and insurance, by personId. */
export function codeHolders(me: Me, family: FamilyList | null): Record<string, CodeHolder> {
  const out: Record<string, CodeHolder> = {}
  if (me.person) {
    const { scheme, status, region } = me.person.insurance
    out[me.person.personId] = { maskedIdNumber: me.person.maskedIdNumber, insurance: { scheme, status, region } }
  }
  for (const m of family?.members ?? []) {
    if (m.status !== 'ACTIVE' || out[m.personId]) continue
    out[m.personId] = { maskedIdNumber: m.maskedIdNumber, insurance: m.insurance }
  }
  return out
}

/**
 * #14 finding 6: what the 医保码 page says of someone the insurance does not pay for at the counter
 * (P-SET-2: only an ACTIVE patient of a scheme; the hospital sees the same status when it scans).
 * null when the insurance pays.
 */
export function insuranceNotice(insurance: Pick<InsuranceBrief, 'scheme' | 'status'>, self: boolean): { title: string; text: string; more: string } | null {
  if (insurancePaysAtCounter(insurance)) return null
  const who = self ? '您' : '该家庭成员'
  const title =
    insurance.scheme === 'NONE' || insurance.status === 'NONE'
      ? `${who}当前未参保`
      : insurance.status === 'SUSPENDED'
        ? `${who}的医保已暂停（中断参保）`
        : `${who}的医保已终止`
  return {
    title,
    text: '医院结算时医保不能报销，统筹基金和个人账户都不能支付，费用需全部自付。',
    more: '此码仍可用于医院签到，医院扫码时也会看到这一状态。如需参保或恢复参保，请咨询参保地医保经办机构，或拨打医保服务热线 12393。',
  }
}
