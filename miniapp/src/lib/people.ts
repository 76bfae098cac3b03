import { labelPeople } from './shared'
import type { FamilyList, Me } from './types'

type LabelInput = Parameters<typeof labelPeople>[0][number]
type Member = FamilyList['members'][number]

function selfInput(p: NonNullable<Me['person']>): LabelInput {
  return { personId: p.personId, relation: 'SELF', gender: p.gender, maskedName: p.maskedName, age: p.age, maskedIdNumber: p.maskedIdNumber }
}

/** A pending adult's row says only kin word and name (PIPL: no age or ID before consent). */
function memberInput(m: Member): LabelInput {
  return m.status === 'ACTIVE'
    ? { personId: m.personId, relation: m.relation, gender: m.gender, maskedName: m.maskedName, age: m.age, maskedIdNumber: m.maskedIdNumber }
    : { personId: m.personId, relation: m.relation, gender: m.gender, maskedName: m.maskedName }
}

/** Me first, then the members not already listed (`active`: only ACTIVE ones). */
function peopleOf(me: Me | null | undefined, family: FamilyList | null | undefined, active: boolean): LabelInput[] {
  const people: LabelInput[] = me?.person ? [selfInput(me.person)] : []
  for (const m of family?.members ?? []) {
    if ((active && m.status !== 'ACTIVE') || people.some((x) => x.personId === m.personId)) continue
    people.push(memberInput(m))
  }
  return people
}

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
  const people = peopleOf(me, family, true)
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
 * the family page's rows.
 */
export function memberLabels(family: FamilyList | null | undefined): Map<string, ReturnType<typeof labelPeople>[number]> {
  const labels = labelPeople((family?.members ?? []).map(memberInput))
  return new Map(labels.map((l) => [l.personId, l]))
}

/**
 * "妻子 张* · 34岁" for everyone the caller may see (self and family members, pending ones too),
 * by the viewer's relation words (#14 finding 1, shared labelPeople).
 */
export function personLabels(me: Me | null | undefined, family: FamilyList | null | undefined): Map<string, string> {
  return new Map(labelPeople(peopleOf(me, family, false)).map((l) => [l.personId, l.text]))
}
