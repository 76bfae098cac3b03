import { RELATION_LABELS } from './shared'
import type { FamilyList, Me } from './types'

export interface Candidate {
  personId: string
  maskedName: string
  /** 本人 / 配偶 / … */
  relationLabel: string
  self: boolean
}

/**
 * The people the caller may act for: themselves and the ACTIVE members of their family
 * network (P-PAY-2 insured persons, P-QR-3 亲情账户 codes).
 */
export function candidates(me: Me, family: FamilyList | null): Candidate[] {
  const out: Candidate[] = []
  if (me.person) {
    out.push({ personId: me.person.personId, maskedName: me.person.maskedName, relationLabel: RELATION_LABELS.SELF, self: true })
  }
  for (const m of family?.members ?? []) {
    if (m.status !== 'ACTIVE' || out.some((c) => c.personId === m.personId)) continue
    out.push({ personId: m.personId, maskedName: m.maskedName, relationLabel: RELATION_LABELS[m.relation] ?? m.relation, self: false })
  }
  return out
}
