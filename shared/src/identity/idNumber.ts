import { CalendarDate, compareDates, formatDate, isRealDate, shanghaiDate } from '../time';
import type { Sex } from '../types';

/** P-ID-1: GB 11643-1999 citizen ID number. */
export interface ParsedId {
  /** Normalised: upper-case check character. */
  idNumber: string;
  region: string;
  birthDate: string;
  sex: Sex;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parses an ID number. With `at`, a birth date after that instant's Shanghai date is
 * refused too (P-ID-1 "not in the future").
 */
export function parseIdNumber(raw: string, at?: Date): { ok: true; id: ParsedId } | { ok: false } {
  if (typeof raw !== 'string' || !/^[1-9]\d{16}[\dXx]$/.test(raw)) return { ok: false };
  const idNumber = raw.toUpperCase();
  const birth: CalendarDate = {
    year: Number(idNumber.slice(6, 10)),
    month: Number(idNumber.slice(10, 12)),
    day: Number(idNumber.slice(12, 14)),
  };
  if (birth.year < 1880 || !isRealDate(birth)) return { ok: false };
  if (at && compareDates(birth, shanghaiDate(at)) > 0) return { ok: false };
  // Stryker disable next-line MethodExpression: equivalent — checkCharacter reads only the first 17 characters
  if (checkCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false };
  return {
    ok: true,
    id: {
      idNumber,
      region: idNumber.slice(0, 6),
      birthDate: formatDate(birth),
      sex: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
    },
  };
}

export function isValidIdNumber(raw: string, at?: Date): boolean {
  return parseIdNumber(raw, at).ok;
}
