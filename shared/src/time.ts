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
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

export function formatDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Parses YYYY-MM-DD; null when it is not a real calendar date. */
export function parseDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isRealDate(d) ? d : null;
}

export function isRealDate(d: CalendarDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= daysInMonth(d.year, d.month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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
