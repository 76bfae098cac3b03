/**
 * Instant field checks of the 实名认证 and 添加成员 forms, from the shared schemas
 * (P-ID-1 ID number: structure, real birth date not in the future, MOD 11-2 check
 * character; P-ID-3 name and phone), so obvious mistakes are caught before sending.
 */
import { byField, EMPTY_FIELD, futureBirth, type FieldErrors } from './memberForm'
import { check, verifyIdentityBody } from './shared'

// the 添加成员 form's checks live in ./memberForm (no zod: the family page is in the main package)
export { checkMemberForm, EMPTY_FIELD, hasErrors, serverFieldErrors, type FieldErrors } from './memberForm'


export function checkVerifyForm(v: { name: string; idNumber: string; phone: string }, now = new Date()): FieldErrors {
  const r = check(verifyIdentityBody, v)
  const errors: FieldErrors = r.ok ? {} : byField(r.reasons)
  errors.idNumber ??= futureBirth(v.idNumber, now)
  for (const k of ['name', 'idNumber', 'phone'] as const) if (!v[k].trim()) errors[k] = EMPTY_FIELD[k]
  return errors
}
