/**
 * Instant field checks of the 实名认证 and 添加成员 forms, from the shared schemas
 * (P-ID-1 ID number: structure, real birth date not in the future, MOD 11-2 check
 * character; P-ID-3 name and phone), so obvious mistakes are caught before sending.
 */
import { addMemberBody, check, parseIdNumber, verifyIdentityBody } from './shared'
import type { Reason } from './types'

export type FieldErrors = Partial<Record<'name' | 'idNumber' | 'phone' | 'relation', string>>

function byField(reasons: Reason[]): FieldErrors {
  const out: FieldErrors = {}
  for (const r of reasons) {
    const f = (r.field ?? '').split('.')[0] as keyof FieldErrors
    if (f && !out[f]) out[f] = r.message
  }
  return out
}

function futureBirth(idNumber: string, now: Date): string | undefined {
  const raw = idNumber.trim()
  if (raw && parseIdNumber(raw).ok && !parseIdNumber(raw, now).ok) return '身份证号中的出生日期晚于今天，请核对'
  return undefined
}

export function checkVerifyForm(v: { name: string; idNumber: string; phone: string }, now = new Date()): FieldErrors {
  const r = check(verifyIdentityBody, v)
  const errors = r.ok ? {} : byField(r.reasons)
  errors.idNumber ??= futureBirth(v.idNumber, now)
  return errors
}

export function checkMemberForm(v: { name: string; idNumber: string; relation: string }, now = new Date()): FieldErrors {
  const r = check(addMemberBody, v)
  const errors = r.ok ? {} : byField(r.reasons)
  errors.idNumber ??= futureBirth(v.idNumber, now)
  return errors
}

/** Field errors the BFF sent back (400 VALIDATION_FAILED reasons with `field`). */
export function serverFieldErrors(reasons: Reason[]): FieldErrors {
  return byField(reasons.filter((r) => r.field))
}

export function hasErrors(e: FieldErrors): boolean {
  return Object.values(e).some(Boolean)
}
