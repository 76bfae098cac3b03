/** P-WAIT-6: raises of the 大病保险 (critical illness) cap, config in fen (default 1000 yuan each). */
export interface IncentiveConfig {
  perContinuousYearFen: number;
  perClaimFreeYearFen: number;
}

export const DEFAULT_INCENTIVES: IncentiveConfig = { perContinuousYearFen: 100_000, perClaimFreeYearFen: 100_000 };
export const INCENTIVE_AFTER_YEARS = 4;

/** Consecutive paid years ending with `year`. */
export function continuousYears(paidYears: readonly number[], year: number): number {
  const paid = new Set(paidYears);
  let n = 0;
  while (paid.has(year - n)) n++;
  return n;
}

/**
 * After 4 continuous years each further continuous year raises the cap; each claim-free
 * year raises the next year's cap.
 */
export function capRaiseFen(continuous: number, claimFreeYears: number, config: IncentiveConfig = DEFAULT_INCENTIVES): number {
  const extraYears = Math.max(0, continuous - INCENTIVE_AFTER_YEARS);
  return extraYears * config.perContinuousYearFen + Math.max(0, claimFreeYears) * config.perClaimFreeYearFen;
}
