import { labelPeople } from './shared'
import type { FamilyList, Me } from './types'

export interface Candidate {
  personId: string
  maskedName: string
  /** What the person is to the caller, as a word: 本人 / 儿子 / 母亲 / 妻子 … (#14 finding 1) */
  relationLabel: string
  /** "45岁", or null when unknown */
  ageText: string | null
  /** "尾号0113" only where kin word, name and age would leave two people looking the same */
  idTail: string | null
  /** One line that tells family members apart: "儿子 王** · 12岁" */
  label: string
  self: boolean
}

/**
 * The people the caller may act for: themselves and the ACTIVE members of their family
 * network (P-PAY-2 insured persons, P-QR-3 亲情账户 codes), each labelled so that two of them
 * never read the same (#14 finding 1: a son and a father were both "王**").
 */
export function candidates(me: Me, family: FamilyList | null): Candidate[] {
  const people: Parameters<typeof labelPeople>[0][number][] = []
  if (me.person) {
    const p = me.person
    people.push({ personId: p.personId, relation: 'SELF', gender: p.gender, maskedName: p.maskedName, age: p.age, maskedIdNumber: p.maskedIdNumber })
  }
  for (const m of family?.members ?? []) {
    if (m.status !== 'ACTIVE' || people.some((c) => c.personId === m.personId)) continue
    people.push({ personId: m.personId, relation: m.relation, gender: m.gender, maskedName: m.maskedName, age: m.age, maskedIdNumber: m.maskedIdNumber })
  }
  return labelPeople(people).map((l, i) => ({
    personId: l.personId,
    maskedName: l.maskedName,
    relationLabel: l.kin,
    ageText: l.ageText,
    idTail: l.idTail,
    label: l.text,
    self: people[i]!.relation === 'SELF',
  }))
}

/**
 * Labels of every member of the caller's own network (ACTIVE and pending), keyed by person:
 * the family page's rows. A pending adult's row says only kin word and name (PIPL: no age or
 * ID before consent), so their age and ID are left out here too.
 */
export function memberLabels(family: FamilyList | null | undefined): Map<string, ReturnType<typeof labelPeople>[number]> {
  const members = family?.members ?? []
  const labels = labelPeople(
    members.map((m) =>
      m.status === 'ACTIVE'
        ? { personId: m.personId, relation: m.relation, gender: m.gender, maskedName: m.maskedName, age: m.age, maskedIdNumber: m.maskedIdNumber }
        : { personId: m.personId, relation: m.relation, gender: m.gender, maskedName: m.maskedName },
    ),
  )
  return new Map(labels.map((l) => [l.personId, l]))
}

/** The kin word of one of the caller's family members by person, for pages that only have ids. */
export function kinOf(family: FamilyList | null | undefined, personId: string): string | undefined {
  return memberLabels(family).get(personId)?.kin
}
