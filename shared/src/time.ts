/**
 * Calendar arithmetic in Asia/Shanghai. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact for every date the product handles.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export function shanghaiDate(at: Date): CalendarDate {
  return civilFromDays(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01), by arithmetic alone:
 * the rules run for every insured person of every decision, and Date objects cost more
 * (H. Hinnant's civil_from_days).
 */
function civilFromDays(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function formatDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Parses YYYY-MM-DD; null when it is not a real calendar date. */
export function parseDate(text: string): CalendarDate | null {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return null;
  const d = { year, month, day };
  return isRealDate(d) ? d : null;
}

/** The number written by the ASCII digits text[from..to), or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function isRealDate(d: CalendarDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= daysInMonth(d.year, d.month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Adds whole months; a day past the end of the target month is clamped to its last day. */
export function addMonths(d: CalendarDate, months: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The instant at which a Shanghai calendar date begins. */
export function startOfShanghaiDay(d: CalendarDate): Date {
  return new Date(Date.UTC(d.year, d.month - 1, d.day) - SHANGHAI_OFFSET_MS);
}

const instants = new Map<string, number>();

/**
 * Date.parse of an ISO-8601 instant, remembered: product windows are compared on every
 * decision, and parsing a string with an offset costs more than the rest of a rule.
 * NaN when unparseable.
 */
export function instantMs(text: string): number {
  let t = instants.get(text);
  if (t === undefined) {
    t = Date.parse(text);
    if (instants.size >= 1024) instants.clear();
    instants.set(text, t);
  }
  return t;
}

/** Parses an ISO-8601 instant; null when unparseable. */
export function parseInstant(text: string): Date | null {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}

/** ISO-8601 with the +08:00 offset, the form the API answers in. */
export function toShanghaiIso(at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return local.toISOString().replace(/\.\d{3}Z$/, '+08:00').replace('Z', '+08:00');
}
