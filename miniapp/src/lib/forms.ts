/**
 * Instant field checks of the 实名认证 and 添加成员 forms, from the shared schemas
 * (P-ID-1 ID number: structure, real birth date not in the future, MOD 11-2 check
 * character; P-ID-3 name and phone), so obvious mistakes are caught before sending.
 */
import { byField, futureBirth, type FieldErrors } from './memberForm'
import { check, verifyIdentityBody } from './shared'

// the 添加成员 form's checks live in ./memberForm (no zod: the family page is in the main package)
export { checkMemberForm, hasErrors, serverFieldErrors, type FieldErrors } from './memberForm'

/** An empty field says what to type, not that what was typed is wrong (#14 finding 12). */
export const EMPTY_FIELD = { name: '请输入姓名', idNumber: '请输入身份证号码', phone: '请输入手机号' } as const

export function checkVerifyForm(v: { name: string; idNumber: string; phone: string }, now = new Date()): FieldErrors {
  const r = check(verifyIdentityBody, v)
  const errors: FieldErrors = r.ok ? {} : byField(r.reasons)
  errors.idNumber ??= futureBirth(v.idNumber, now)
  for (const k of ['name', 'idNumber', 'phone'] as const) if (!v[k].trim()) errors[k] = EMPTY_FIELD[k]
  return errors
}
