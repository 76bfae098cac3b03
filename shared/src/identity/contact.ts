/** P-ID-3: names and phones. */
export const NAME_MIN = 2;
export const NAME_MAX = 30;

// Han characters, Latin letters for foreign names, and the middle dot of minority
// names (·); the look-alike dots people type are normalised to U+00B7.
const NAME_PATTERN = /^[\p{Script=Han}A-Za-z](?:[\p{Script=Han}A-Za-z]|[·] ?(?=[\p{Script=Han}A-Za-z])| (?=[A-Za-z]))*$/u;

export function normaliseName(raw: string): string {
  return raw.trim().replace(/[•・．.]/g, '·');
}

export function isValidName(name: string): boolean {
  const length = Array.from(name).length;
  return length >= NAME_MIN && length <= NAME_MAX && NAME_PATTERN.test(name);
}

export function isValidPhone(phone: string): boolean {
  return /^1\d{10}$/.test(phone);
}
