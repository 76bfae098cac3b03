import fc from 'fast-check'
import { addMemberBody, check, RELATIONS } from '@yibao/shared'
import { byField, checkMemberForm, EMPTY_FIELD } from './memberForm'

const NOW = new Date('2026-11-24T10:00:00+08:00')
/** What the schema itself says (the BFF's answer to the same fields), plus the form's future-birth hint. */
const bySchema = (v: { name: string; idNumber: string; relation: string }) => {
  const r = check(addMemberBody, v)
  return r.ok ? {} : byField(r.reasons)
}
function agree(v: { name: string; idNumber: string; relation: string }) {
  const ours = checkMemberForm(v, NOW)
  const theirs = bySchema(v)
  // #14 finding 12: a blank field says what to type (请输入…) where the schema says it is invalid
  if (!v.name.trim()) theirs.name = EMPTY_FIELD.name
  if (!v.idNumber.trim()) theirs.idNumber = EMPTY_FIELD.idNumber
  expect(ours.name).toBe(theirs.name)
  expect(ours.relation).toBe(theirs.relation)
  // the form adds one hint the schema cannot give (a birth date after today)
  if (theirs.idNumber) expect(ours.idNumber).toBe(theirs.idNumber)
  else if (ours.idNumber) expect(ours.idNumber).toBe('身份证号中的出生日期晚于今天，请核对')
}

describe('添加成员 form checks without zod = shared addMemberBody (P-ID-1, P-ID-3)', () => {
  it.each([
    { name: '', idNumber: '', relation: '' },
    { name: '王小明', idNumber: '320102201506120151', relation: 'CHILD' },
    { name: ' 王小明 ', idNumber: ' 32030219520708013x ', relation: 'PARENT' },
    { name: '阿依古丽.买买提', idNumber: '32030219520708013X', relation: 'SPOUSE' },
    { name: '王', idNumber: '320102201506120152', relation: 'COUSIN' },
    { name: 'Li Lei', idNumber: '32010220150612015', relation: 'SIBLING' },
    { name: '王·', idNumber: '320102203002300151', relation: 'GRANDCHILD' },
  ])('%j', (v) => agree(v))

  it('#14 finding 12: an empty ID field says 请输入身份证号码, an empty name 请输入姓名', () => {
    const e = checkMemberForm({ name: ' ', idNumber: '', relation: 'CHILD' }, NOW)
    expect(e).toEqual({ name: '请输入姓名', idNumber: '请输入身份证号码' })
  })

  it('agrees with the schema on any input', () => {
    const idLike = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[1-9]\d{16}[\dXx]$/),
      fc.constantFrom('320102201506120151', '32030219520708013X', '32030219520708013x', ' 320102198003140113 '),
    )
    const nameLike = fc.oneof(fc.string(), fc.constantFrom('王小明', '王', '阿依古丽·买买提', 'Li Lei', ' 张丽 ', '王..明', 'x'.repeat(31)))
    const relationLike = fc.oneof(fc.constantFrom(...RELATIONS, '', 'SELF', 'child'), fc.string())
    fc.assert(
      fc.property(nameLike, idLike, relationLike, (name, idNumber, relation) => {
        agree({ name, idNumber, relation })
      }),
      { numRuns: 2000 },
    )
  })
})
