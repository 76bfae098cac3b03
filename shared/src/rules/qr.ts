import type { BindingStatus } from '../types';

/** P-QR-1 default validity of an e-voucher token. */
export const DEFAULT_QR_TTL_SECONDS = 60;

export function qrExpiresAt(issuedAt: Date, ttlSeconds: number = DEFAULT_QR_TTL_SECONDS): Date {
  return new Date(issuedAt.getTime() + ttlSeconds * 1000);
}

/**
 * P-QR-1: when the app should fetch a fresh code: a margin before expiry (10 s, or a quarter
 * of the validity for short ones) so a code on screen is never already dead when scanned.
 */
export function refreshDelayMs(issuedAt: Date, expiresAt: Date): number {
  const ttl = expiresAt.getTime() - issuedAt.getTime();
  const margin = Math.min(10_000, Math.floor(ttl / 4));
  return Math.max(0, ttl - margin);
}

export type RedemptionOutcome = 'OK' | 'QR_INVALID' | 'QR_ALREADY_USED' | 'QR_EXPIRED';

/**
 * P-QR-2: a forged or altered token is invalid; a token redeemed before is already used (even
 * when it has also expired since: that is the more useful answer at the desk); else expiry.
 */
export function redemptionOutcome(token: { authentic: boolean; expiresAt: Date; used: boolean }, at: Date): RedemptionOutcome {
  if (!token.authentic) return 'QR_INVALID';
  if (token.used) return 'QR_ALREADY_USED';
  if (at.getTime() >= token.expiresAt.getTime()) return 'QR_EXPIRED';
  return 'OK';
}

/**
 * P-QR-3 / P-FAM-10: a user shows codes for themselves and for members of their own network
 * whose binding is ACTIVE; the code always names the person it is for.
 */
export function mayShowCode(callerPersonId: string, subjectPersonId: string, bindingStatus: BindingStatus | null): boolean {
  return callerPersonId === subjectPersonId || bindingStatus === 'ACTIVE';
}
