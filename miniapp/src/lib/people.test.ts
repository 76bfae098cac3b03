import { candidates, memberLabels } from './people'
import type { FamilyList, Me } from './types'

const me: Me = {
  userId: 'u-1',
  verified: true,
  person: {
    personId: 'p-self',
    maskedName: '王**',
    maskedIdNumber: '320***********0113',
    maskedPhone: '138****0001',
    gender: 'M',
    age: 45,
    insurance: { scheme: 'EMPLOYEE', status: 'ACTIVE', region: '320102', account: { historicalFen: 0, currentFen: 0 } },
  },
}
const insurance = { scheme: 'RESIDENT' as const, status: 'ACTIVE' as const, region: '320102' }
const active = (personId: string, relation: 'CHILD' | 'PARENT' | 'SPOUSE', gender: 'M' | 'F', age: number, tail: string, maskedName = '王**') => ({
  memberId: `m-${personId}`,
  personId,
  relation,
  status: 'ACTIVE' as const,
  maskedName,
  maskedIdNumber: `320***********${tail}`,
  gender,
  age,
  insurance,
})

describe('lib/people (#14 finding 1: family members told apart)', () => {
  it('#14 finding 1: a son and a father both "王**" read 本人 / 儿子 / 父亲 with their ages', () => {
    const family: FamilyList = {
      modes: { pay: true, premium: true },
      members: [active('p-son', 'CHILD', 'M', 12, '0031'), active('p-father', 'PARENT', 'M', 70, '0057')],
    }
    expect(candidates(me, family).map((c) => c.label)).toEqual(['本人 王** · 45岁', '儿子 王** · 12岁', '父亲 王** · 70岁'])
    expect(candidates(me, family).map((c) => [c.relationLabel, c.ageText, c.self])).toEqual([
      ['本人', '45岁', true],
      ['儿子', '12岁', false],
      ['父亲', '70岁', false],
    ])
  })

  it('#14 finding 1: two children alike in word, name and age get the last 4 of their ID; others do not', () => {
    const family: FamilyList = {
      modes: { pay: true, premium: true },
      members: [active('p-a', 'CHILD', 'F', 8, '0021', '钱**'), active('p-b', 'CHILD', 'F', 8, '0043', '钱**'), active('p-c', 'SPOUSE', 'F', 40, '0065', '钱*')],
    }
    expect(candidates(me, family).map((c) => c.label)).toEqual(['本人 王** · 45岁', '女儿 钱** · 8岁 · 尾号0021', '女儿 钱** · 8岁 · 尾号0043', '妻子 钱* · 40岁'])
  })

  it('#14 finding 1: pending members are not candidates; their family label has kin word and name only (no age before consent)', () => {
    const family: FamilyList = {
      modes: { pay: true, premium: true },
      members: [active('p-son', 'CHILD', 'M', 12, '0031'), { memberId: 'm-f', personId: 'p-mother', relation: 'PARENT', status: 'PENDING_CONSENT', maskedName: '李**', gender: 'F' }],
    }
    expect(candidates(me, family).map((c) => c.personId)).toEqual(['p-self', 'p-son'])
    expect(memberLabels(family).get('p-mother')).toMatchObject({ kin: '母亲', ageText: null, idTail: null, text: '母亲 李**' })
    expect(memberLabels(family).get('p-son')?.kin).toBe('儿子')
    expect(memberLabels(family).get('p-unknown')?.kin).toBeUndefined()
    expect(candidates(me, null).map((c) => c.label)).toEqual(['本人 王** · 45岁'])
  })
})
