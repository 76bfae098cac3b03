import { ageOn } from '../identity/age';
import { addMonths, CalendarDate, formatDate, instantMs, shanghaiDate } from '../time';
import type { PersonFacts, Product } from '../types';

export const FIXED_WAITING_MONTHS = 3;
export const MIN_WAITING_AFTER_LONG_LAPSE = 6;
export const LONG_LAPSE_YEARS = 4;

export interface WaitingInput {
  premiumYear: number;
  /** The instant of payment (evaluation instant). */
  paidAt: Date;
  /** Whether the payment falls inside the concentrated enrolment period (集中参保期). */
  inConcentratedPeriod: boolean;
  paidYears: readonly number[];
  /** Years of lapse repaired by back-payment (P-WAIT-4). */
  repairedYears?: number;
  /** Newborns and other configured exempt groups (P-WAIT-2). */
  exempt?: boolean;
}

export interface Cover {
  coverFrom: string;
  waitingMonths: number;
}

/**
 * P-WAIT-5: lapsed years before the premium year. Continuously insured (the year before is
 * paid): 0. Otherwise the unpaid years since the last paid year, and 1 for someone never insured.
 */
export function lapsedYears(premiumYear: number, paidYears: readonly number[]): number {
  const earlier = paidYears.filter((y) => y < premiumYear);
  if (earlier.length === 0) return 1;
  // the year before paid: Math.max(...earlier) is premiumYear - 1, so 0
  return premiumYear - 1 - Math.max(...earlier);
}

/**
 * P-WAIT-1..4: months of waiting period.
 * - continuous and inside the concentrated period: none (P-WAIT-1);
 * - otherwise a fixed 3 months (P-WAIT-2), plus 1 month per lapsed year after the first
 *   (P-WAIT-3), less 1 month per repaired year (P-WAIT-4), but at least 6 months in all after
 *   4 or more lapsed years; exempt groups (newborns) wait none.
 */
export function waitingMonths(input: WaitingInput): number {
  if (input.exempt) return 0;
  const lapsed = lapsedYears(input.premiumYear, input.paidYears);
  if (lapsed === 0 && input.inConcentratedPeriod) return 0;
  const variable = Math.max(0, lapsed - 1 - (input.repairedYears ?? 0));
  const total = FIXED_WAITING_MONTHS + variable;
  return lapsed >= LONG_LAPSE_YEARS ? Math.max(total, MIN_WAITING_AFTER_LONG_LAPSE) : total;
}

/** P-WAIT-2a: the wait runs from the later of payment and 1 January; cover starts the day after. */
export function residentCover(input: WaitingInput): Cover {
  const months = waitingMonths(input);
  const yearStart: CalendarDate = { year: input.premiumYear, month: 1, day: 1 };
  const paid = shanghaiDate(input.paidAt);
  const from = paid.year < input.premiumYear ? yearStart : paid;
  return { coverFrom: formatDate(addMonths(from, months)), waitingMonths: months };
}

/** Newborns (under one year old at payment) have no waiting period. */
export function isNewborn(person: PersonFacts, at: Date): boolean {
  return ageOn(person.birthDate, at) < 1;
}

/** Cover start for a product: 惠民保 from 1 January of its year; resident premiums per P-WAIT. */
export function coverFor(product: Product, person: PersonFacts, at: Date): Cover {
  if (product.kind === 'HUIMINBAO') return { coverFrom: `${product.year}-01-01`, waitingMonths: 0 };
  const t = at.getTime();
  return residentCover({
    premiumYear: product.year,
    paidAt: at,
    inConcentratedPeriod: t >= instantMs(product.opensAt) && t <= instantMs(product.closesAt),
    paidYears: person.insurance.paidYears,
    exempt: isNewborn(person, at),
  });
}
