import { parseDate, shanghaiDate } from '../time';

export const ADULT_AGE = 18;

/**
 * P-ID-4: full years from the birth date to the evaluation instant's date in Asia/Shanghai.
 * Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, at: Date): number {
  const birth = parseDate(birthDate);
  if (!birth) throw new RangeError(`not a date: ${birthDate}`);
  const today = shanghaiDate(at);
  let age = today.year - birth.year;
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) age -= 1;
  return age;
}

export function isMinor(birthDate: string, at: Date): boolean {
  return ageOn(birthDate, at) < ADULT_AGE;
}
