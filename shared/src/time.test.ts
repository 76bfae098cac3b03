import { addDays, addMonths, compareDates, daysInMonth, formatDate, instantMs, parseDate, parseInstant, shanghaiDate, startOfShanghaiDay, toShanghaiIso } from './time';

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
  it('dates by arithmetic agree with Date for every day of 1900-2100, leap years included', () => {
    // One expect for the 73 000 days, not one each: an expect per day made this the slowest
    // test of shared (3-6 s), and every load-time mutant of the mutation run re-runs it.
    const wrong: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const got = shanghaiDate(new Date(t - 8 * 3600_000));
      if (got.year !== d.getUTCFullYear() || got.month !== d.getUTCMonth() + 1 || got.day !== d.getUTCDate()) {
        if (wrong.push(`${d.toISOString().slice(0, 10)} → ${formatDate(got)}`) >= 5) break;
      }
    }
    expect(wrong).toEqual([]);
    for (let year = 1896; year <= 2104; year++) {
      for (let month = 1; month <= 12; month++) {
        if (daysInMonth(year, month) !== new Date(Date.UTC(year, month, 0)).getUTCDate()) wrong.push(`${year}-${month}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(formatDate(shanghaiDate(new Date('1969-12-31T15:59:59Z')))).toBe('1969-12-31');
  });
  it('refuses malformed dates without a regular expression', () => {
    for (const bad of ['2024-02-30', '2024/02/01', '2024-02-1x', '20240201', '2024-13-01', '2024-01-00', ' 2024-01-01']) expect(parseDate(bad)).toBeNull();
    // one flaw at a time: each separator, a non-digit in the year, characters just below '0' and just above '9'
    for (const bad of ['2024/02-01', '2024-02/01', 'x024-01-01', '20/4-01-01', '20:4-01-01', '2024-01-01 ']) expect(parseDate(bad)).toBeNull();
    expect(parseDate(20240101 as unknown as string)).toBeNull();
  });
  it('instants of product windows are parsed once and remembered (NaN when unparseable)', () => {
    expect(instantMs('2026-09-01T00:00:00+08:00')).toBe(Date.parse('2026-08-31T16:00:00Z'));
    expect(instantMs('2026-09-01T00:00:00+08:00')).toBe(Date.parse('2026-08-31T16:00:00Z'));
    expect(instantMs('soon')).toBeNaN();
    for (let i = 0; i < 1100; i++) instantMs(`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${i}Z`);
    expect(instantMs('2026-12-31T23:59:59+08:00')).toBe(Date.parse('2026-12-31T15:59:59Z'));
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
