import type { BindingStatus } from '../types';

/** P-QR-1 default validity of an e-voucher token. */
export const DEFAULT_QR_TTL_SECONDS = 60;

/**
 * P-QR-1: an e-voucher token is 18 random bytes (144 bits) in base64url, 24 characters: nobody
 * can guess it, the server looks it up, and the QR code stays coarse (at most 32 characters).
 */
export const QR_TOKEN_BYTES = 18;
export const QR_TOKEN_MAX_LENGTH = 32;
export const QR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

/** P-QR-1: whether a text can be one of our tokens at all (else it is QR_INVALID without a look-up). */
export function isQrTokenShaped(text: string): boolean {
  return QR_TOKEN_PATTERN.test(text);
}

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
 * P-QR-3: a code shown for a member whose binding is no longer ACTIVE is void (`bindingActive`
 * false; undefined for the caller's own code): QR_INVALID, before expiry.
 */
export function redemptionOutcome(token: { authentic: boolean; expiresAt: Date; used: boolean; bindingActive?: boolean }, at: Date): RedemptionOutcome {
  if (!token.authentic) return 'QR_INVALID';
  if (token.used) return 'QR_ALREADY_USED';
  if (token.bindingActive === false) return 'QR_INVALID';
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
