/**
 * Instant field checks of the 添加成员 form, without zod: the family page is in the weapp main
 * package, and zod (≈120 KB there) would be loaded at start-up for this one form. The checks are
 * the ones of shared's addMemberBody (the same predicates and messages: P-ID-1 ID number, P-ID-3
 * name, relation), pinned equal by memberForm.test.ts; the BFF validates with the schema anyway.
 * The 实名认证 form (a subpackage) keeps the schema itself: lib/forms.ts.
 */
import { FIELD_REASONS, isValidName, normaliseName, parseIdNumber, RELATIONS } from './shared'
import type { Reason } from './types'

export type FieldErrors = Partial<Record<'name' | 'idNumber' | 'phone' | 'relation', string>>

export function byField(reasons: Reason[]): FieldErrors {
  const out: FieldErrors = {}
  for (const r of reasons) {
    const f = (r.field ?? '').split('.')[0] as keyof FieldErrors
    if (f && !out[f]) out[f] = r.message
  }
  return out
}

/** An empty field says what to type, not that what was typed is wrong (#14 finding 12). */
export const EMPTY_FIELD = { name: '请输入姓名', idNumber: '请输入身份证号码', phone: '请输入手机号' } as const

export function futureBirth(idNumber: string, now: Date): string | undefined {
  const raw = idNumber.trim()
  if (raw && parseIdNumber(raw).ok && !parseIdNumber(raw, now).ok) return '身份证号中的出生日期晚于今天，请核对'
  return undefined
}

/** addMemberBody's field errors, in its words (a missing field has its own "请填写…" message). */
function memberFieldErrors(v: { name?: unknown; idNumber?: unknown; relation?: unknown }): FieldErrors {
  const errors: FieldErrors = {}
  if (typeof v.name !== 'string') errors.name = v.name === undefined ? '请填写姓名' : FIELD_REASONS.NAME_INVALID
  else if (!isValidName(normaliseName(v.name))) errors.name = FIELD_REASONS.NAME_INVALID
  if (typeof v.idNumber !== 'string') errors.idNumber = v.idNumber === undefined ? '请填写身份证号' : FIELD_REASONS.ID_INVALID
  else if (!parseIdNumber(v.idNumber.trim().toUpperCase()).ok) errors.idNumber = FIELD_REASONS.ID_INVALID
  if (!(RELATIONS as readonly unknown[]).includes(v.relation)) errors.relation = v.relation === undefined ? '请选择与本人的关系' : FIELD_REASONS.RELATION_INVALID
  return errors
}

export function checkMemberForm(v: { name: string; idNumber: string; relation: string }, now = new Date()): FieldErrors {
  const errors = memberFieldErrors(v)
  errors.idNumber ??= futureBirth(v.idNumber, now)
  for (const k of ['name', 'idNumber'] as const) if (!v[k].trim()) errors[k] = EMPTY_FIELD[k]
  return errors
}

/** Field errors the BFF sent back (400 VALIDATION_FAILED reasons with `field`). */
export function serverFieldErrors(reasons: Reason[]): FieldErrors {
  return byField(reasons.filter((r) => r.field))
}

export function hasErrors(e: FieldErrors): boolean {
  return Object.values(e).some(Boolean)
}
