import { REAL_NAME_LIMIT } from '../../lib/shared'

/** #14 finding 12: from the 3rd failure on, the page says how many attempts remain before the lock. */
export const WARN_FROM_FAILURE = 3

/**
 * The warning after a failed 实名认证 (422 REAL_NAME_MISMATCH with `remainingAttempts`, P-ID-6:
 * 5 failures per account in 24 hours, then locked for 24 hours), or null before the 3rd failure
 * or when the BFF did not say.
 */
export function attemptsWarning(remainingAttempts: number | undefined, maxFailures = REAL_NAME_LIMIT.maxFailures): string | null {
  if (remainingAttempts === undefined) return null
  const failures = maxFailures - remainingAttempts
  if (failures < WARN_FROM_FAILURE) return null
  if (remainingAttempts <= 0) return `已连续 ${failures} 次未通过，实名认证将锁定 24 小时。请核对证件和在医保登记的手机号后再来。`
  return `已连续 ${failures} 次未通过，还可以再试 ${remainingAttempts} 次；再错 ${remainingAttempts} 次将锁定 24 小时。请逐项核对：姓名与身份证一致、身份证号18位、手机号为在医保登记的号码。`
}

/**
 * 409 IDENTITY_IN_USE: where to go from "该身份已在其他微信账号完成实名认证" (P-ID-5: one identity,
 * one account at a time; the other account frees it by closing, or the insurance office helps).
 */
export const IN_USE_NEXT_STEPS = [
  '如果那是您本人的另一个微信：用那个微信登录本小程序，在“我的 → 我的数据与注销”中注销账号，再回到这里认证。',
  '如果您没有用其他微信认证过：请携带本人身份证到参保地医保经办机构申诉，或拨打医保服务热线 12393 咨询。',
] as const
