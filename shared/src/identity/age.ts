import { CalendarDate, parseDate, shanghaiDate } from '../time';

export const ADULT_AGE = 18;

// A decision asks the age of every insured person at one instant: its date is worked out once.
let memoMs = Number.NaN;
let memoDate: CalendarDate = { year: 0, month: 0, day: 0 };
function todayAt(at: Date): CalendarDate {
  const ms = at.getTime();
  // Stryker disable next-line ConditionalExpression: `true` is equivalent (it recomputes the date on every call; the memo only saves time); `false` never computes it and fails every P-ID-4 test
  if (ms !== memoMs) {
    memoDate = shanghaiDate(at);
    memoMs = ms;
  }
  return memoDate;
}

/**
 * P-ID-4: full years from the birth date to the evaluation instant's date in Asia/Shanghai.
 * Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, at: Date): number {
  const birth = parseDate(birthDate);
  if (!birth) throw new RangeError(`not a date: ${birthDate}`);
  const today = todayAt(at);
  let age = today.year - birth.year;
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) age -= 1;
  return age;
}

export function isMinor(birthDate: string, at: Date): boolean {
  return ageOn(birthDate, at) < ADULT_AGE;
}
