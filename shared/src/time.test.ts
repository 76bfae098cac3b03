import { addDays, addMonths, compareDates, formatDate, parseDate, parseInstant, shanghaiDate, startOfShanghaiDay, toShanghaiIso } from './time';

describe('P-ID-4 / P-PAY-6 calendar in Asia/Shanghai (UTC+8, no daylight saving)', () => {
  it('the Shanghai date of an instant', () => {
    expect(formatDate(shanghaiDate(new Date('2026-12-31T16:00:00Z')))).toBe('2027-01-01');
    expect(formatDate(shanghaiDate(new Date('2026-12-31T15:59:59Z')))).toBe('2026-12-31');
  });
  it('parses only real dates', () => {
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('2023-2-1')).toBeNull();
    expect(parseDate('2023-00-10')).toBeNull();
  });
  it('adds months with end-of-month clamping, and days across years', () => {
    expect(formatDate(addMonths({ year: 2027, month: 1, day: 31 }, 1))).toBe('2027-02-28');
    expect(formatDate(addMonths({ year: 2027, month: 11, day: 15 }, 3))).toBe('2028-02-15');
    expect(formatDate(addDays({ year: 2026, month: 12, day: 31 }, 1))).toBe('2027-01-01');
    expect(compareDates({ year: 2027, month: 1, day: 1 }, { year: 2026, month: 12, day: 31 })).toBeGreaterThan(0);
  });
  it('the instant a Shanghai day starts, and ISO output with +08:00', () => {
    expect(startOfShanghaiDay({ year: 2027, month: 1, day: 1 }).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(toShanghaiIso(new Date('2026-11-24T02:00:00.123Z'))).toBe('2026-11-24T10:00:00+08:00');
    expect(parseInstant('2026-09-01T00:00:00+08:00')?.toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(parseInstant('not a time')).toBeNull();
  });
});
