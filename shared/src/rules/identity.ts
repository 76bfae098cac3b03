import { normaliseName } from '../identity/contact';

export interface ThreeFactors {
  name: string;
  idNumber: string;
  phone: string;
}

/** P-ID-2: real-name verification matches all three factors against the upstream record. */
export function threeFactorsMatch(record: ThreeFactors, claimed: ThreeFactors): boolean {
  return (
    normaliseName(record.name) === normaliseName(claimed.name) &&
    record.idNumber.toUpperCase() === claimed.idNumber.trim().toUpperCase() &&
    record.phone === claimed.phone.trim()
  );
}

/** P-ID-5: one verified identity belongs to one user account at a time. */
export function identityClaim(currentOwnerUserId: string | null, userId: string): 'FREE' | 'OWN' | 'IN_USE' {
  if (currentOwnerUserId === null) return 'FREE';
  return currentOwnerUserId === userId ? 'OWN' : 'IN_USE';
}

export interface AttemptLimit {
  maxFailures: number;
  windowMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** P-ID-6 default: 5 failed verifications per user per 24 h. */
export const REAL_NAME_LIMIT: AttemptLimit = { maxFailures: 5, windowMs: DAY_MS };

/** P-ID-6 default: 10 failed verifications against one ID number per 24 h, over all accounts. */
export const ID_NUMBER_LIMIT: AttemptLimit = { maxFailures: 10, windowMs: DAY_MS };

/** P-FAM-11 default: 10 failed binding attempts per user per 24 h, then RATE_LIMITED. */
export const BINDING_LIMIT: AttemptLimit = { maxFailures: 10, windowMs: DAY_MS };

/**
 * P-ID-6: locked once `maxFailures` failures fall inside the window; unlocks when the oldest
 * failure that keeps the count at the limit leaves the window.
 */
export function lockout(
  failureTimes: readonly Date[],
  at: Date,
  limit: AttemptLimit = REAL_NAME_LIMIT,
): { locked: false; remaining: number } | { locked: true; unlocksAt: Date } {
  const t = at.getTime();
  const inWindow = failureTimes
    .map((d) => d.getTime())
    .filter((f) => f <= t && f > t - limit.windowMs)
    .sort((a, b) => a - b);
  if (inWindow.length < limit.maxFailures) return { locked: false, remaining: limit.maxFailures - inWindow.length };
  return { locked: true, unlocksAt: new Date(inWindow[inWindow.length - limit.maxFailures] + limit.windowMs) };
}
