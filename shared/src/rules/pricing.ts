import { ageOn, ADULT_AGE } from '../identity/age';
import type { PersonFacts, Product } from '../types';

export interface Price {
  /** The price key used: DEFAULT, ADULT, STUDENT_CHILD or an assistance key. */
  category: string;
  amountFen: number;
}

/**
 * P-PAY-4: 惠民保 has one price (DEFAULT). A resident premium is charged by category:
 * an assistance key present in the price list wins, then STUDENT_CHILD (under 18 or a
 * flagged student), then ADULT.
 */
export function priceFor(product: Product, person: PersonFacts, at: Date): Price {
  const prices = product.priceFen;
  if (product.kind === 'HUIMINBAO') return { category: 'DEFAULT', amountFen: prices.DEFAULT ?? 0 };
  const assistance = person.insurance.assistance;
  if (assistance && prices[assistance] !== undefined) return { category: assistance, amountFen: prices[assistance] };
  const studentOrChild = person.insurance.student || ageOn(person.birthDate, at) < ADULT_AGE;
  const category = studentOrChild ? 'STUDENT_CHILD' : 'ADULT';
  return { category, amountFen: prices[category] ?? prices.ADULT ?? 0 };
}
