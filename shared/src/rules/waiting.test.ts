import { NOW, resident, residentPremium, huiminbao } from '../test-support';
import { capRaiseFen, continuousYears, DEFAULT_INCENTIVES } from './incentives';
import { coverFor, lapsedYears, residentCover, waitingMonths } from './waiting';

const inPeriod = (paidYears: number[], extra: Partial<Parameters<typeof waitingMonths>[0]> = {}) => ({
  premiumYear: 2027,
  paidAt: NOW,
  inConcentratedPeriod: true,
  paidYears,
  ...extra,
});

describe('P-WAIT-1 continuous and inside the concentrated period: cover from 1 January, no wait', () => {
  it('paid 2024-2026, buying 2027 in November 2026', () => {
    expect(residentCover(inPeriod([2024, 2025, 2026]))).toEqual({ coverFrom: '2027-01-01', waitingMonths: 0 });
  });
  it('the product window is the concentrated period', () => {
    const p = resident({ insurance: { region: '370303' } });
    expect(coverFor(residentPremium, p, NOW)).toEqual({ coverFrom: '2027-01-01', waitingMonths: 0 });
  });
});

describe('P-WAIT-1 the concentrated period is the product window, both ends included', () => {
  const p = resident({ birthDate: '1980-03-14', insurance: { region: '370303', paidYears: [2024, 2025, 2026] } });
  it.each([
    ['2026-08-31T23:59:59+08:00', '2027-04-01', 3], // a second before it opens: 3 months from 1 January
    ['2026-09-01T00:00:00+08:00', '2027-01-01', 0], // the instant it opens
    ['2026-12-31T23:59:59+08:00', '2027-01-01', 0], // the instant it closes
    ['2027-01-01T00:00:00+08:00', '2027-04-01', 3], // a second after: outside
    ['2027-02-10T09:00:00+08:00', '2027-05-10', 3], // well after: 3 months from payment
  ])('P-WAIT-1 continuously insured, paid at %s → cover from %s, %i months', (at, coverFrom, waitingMonths) => {
    expect(coverFor(residentPremium, p, new Date(at))).toEqual({ coverFrom, waitingMonths });
  });
  it('P-WAIT-1 outside the period a continuous payer still waits 3 months', () => {
    expect(waitingMonths(inPeriod([2024, 2025, 2026], { inConcentratedPeriod: false }))).toBe(3);
  });
});

describe('P-WAIT-2 outside the period or not continuous: 3 months fixed; newborns none', () => {
  it('continuous but outside the period → 3 months from the later of payment and 1 January', () => {
    const paidAt = new Date('2027-03-15T09:00:00+08:00');
    expect(residentCover(inPeriod([2025, 2026], { inConcentratedPeriod: false, paidAt }))).toEqual({ coverFrom: '2027-06-15', waitingMonths: 3 });
  });
  it('never insured → 3 months', () => {
    expect(waitingMonths(inPeriod([]))).toBe(3);
  });
  it('a newborn waits none', () => {
    expect(waitingMonths(inPeriod([], { exempt: true }))).toBe(0);
    const baby = resident({ birthDate: '2026-05-01', insurance: { region: '370303', paidYears: [] } });
    expect(coverFor(residentPremium, baby, NOW)).toEqual({ coverFrom: '2027-01-01', waitingMonths: 0 });
  });
});

describe('P-WAIT-2 newborns are under one year old at payment', () => {
  it.each([
    ['2025-11-25', 0, '2027-01-01'], // 364 days old: a newborn
    ['2025-11-24', 3, '2027-04-01'], // one year old today: not a newborn
    ['2024-06-01', 3, '2027-04-01'],
  ])('P-WAIT-2 born %s, never insured, paid 2026-11-24 → %i months, cover from %s', (birthDate, months, coverFrom) => {
    const baby = resident({ birthDate, insurance: { region: '370303', paidYears: [] } });
    expect(coverFor(residentPremium, baby, NOW)).toEqual({ coverFrom, waitingMonths: months });
  });
});

describe('P-WAIT-2a 惠民保 has no waiting period, whatever the lapse', () => {
  it('P-WAIT-2a a lapsed, long-unpaid person buying 惠民保 is covered from 1 January, outside the window too', () => {
    const lapsed = resident({ birthDate: '1960-01-01', insurance: { paidYears: [2019] } });
    expect(coverFor(huiminbao, lapsed, NOW)).toEqual({ coverFrom: '2027-01-01', waitingMonths: 0 });
    expect(coverFor({ ...huiminbao, year: 2028 }, lapsed, new Date('2027-03-01T00:00:00+08:00'))).toEqual({ coverFrom: '2028-01-01', waitingMonths: 0 });
  });
});

describe('P-WAIT-2a the wait runs from the later of payment and 1 January; cover starts the day after', () => {
  it('a 4-month wait on a 2027 premium paid in the concentrated period: cover from 2027-05-01', () => {
    expect(residentCover(inPeriod([2024]))).toEqual({ coverFrom: '2027-05-01', waitingMonths: 4 });
  });
  it('month ends are clamped (paid 30 November 2027 for 2027, 3 months → 29 February 2028)', () => {
    const paidAt = new Date('2027-11-30T12:00:00+08:00');
    expect(residentCover({ premiumYear: 2027, paidAt, inConcentratedPeriod: false, paidYears: [2026] }).coverFrom).toBe('2028-02-29');
  });
  it('惠民保 cover starts on 1 January of its year', () => {
    expect(coverFor(huiminbao, resident(), NOW)).toEqual({ coverFrom: '2027-01-01', waitingMonths: 0 });
  });
});

describe('P-WAIT-3 each lapsed year adds 1 month of variable wait (N years → 3 + N − 1)', () => {
  it.each([
    [[2024, 2025, 2026], 0, 0],
    [[2024, 2025], 1, 3],
    [[2024], 2, 4],
    [[2023], 3, 5],
    [[], 1, 3],
  ])('paid %j: %i lapsed years, %i months', (paid, lapsed, months) => {
    expect(lapsedYears(2027, paid)).toBe(lapsed);
    expect(waitingMonths(inPeriod(paid))).toBe(months);
  });
  it('later paid years do not count for an earlier premium year', () => {
    expect(lapsedYears(2025, [2027])).toBe(1);
    expect(lapsedYears(2025, [2021, 2025, 2026])).toBe(3);
    expect(lapsedYears(2025, [2024, 2025])).toBe(0);
  });
});

describe('P-WAIT-4 repairing a missed year removes 1 month; at least 6 months after 4+ lapsed years', () => {
  it.each([
    [[2024], 1, 3],
    [[2024], 5, 3],
    [[2022], 0, 6],
    [[2021], 0, 7],
    [[2020], 0, 8],
    [[2021], 2, 6],
    [[2021], 5, 6],
    [[2022], 1, 6], // exactly 4 lapsed years, one repaired: 3 + 2 = 5, floor 6
    [[2022], 3, 6],
    [[2023], 1, 4], // 3 lapsed years, one repaired: no floor
    [[2023], 2, 3],
  ])('paid %j, %i repaired → %i months', (paid, repairedYears, months) => {
    expect(waitingMonths(inPeriod(paid, { repairedYears }))).toBe(months);
  });
});

describe('P-WAIT-5 a lapse: a missing year before the premium year', () => {
  it('P-WAIT-5 the year before paid is no lapse, whatever came earlier; a gap before it does not count', () => {
    expect(lapsedYears(2027, [2020, 2026])).toBe(0);
    expect(lapsedYears(2027, [2026, 2019])).toBe(0);
    expect(lapsedYears(2027, [2025, 2022, 2027])).toBe(1);
  });
  it('P-WAIT-2a payment on 1 January itself: the wait runs from that day', () => {
    const paidAt = new Date('2027-01-01T08:00:00+08:00');
    expect(residentCover({ premiumYear: 2027, paidAt, inConcentratedPeriod: false, paidYears: [2026] })).toEqual({ coverFrom: '2027-04-01', waitingMonths: 3 });
  });
  it('counts the unpaid years since the last paid year', () => {
    expect(lapsedYears(2027, [2018, 2019, 2020])).toBe(6);
    expect(lapsedYears(2027, [2026])).toBe(0);
  });
});

describe('P-WAIT-6 incentives raise the 大病保险 cap', () => {
  it('continuous years ending with a year', () => {
    expect(continuousYears([2022, 2023, 2024, 2025, 2026], 2026)).toBe(5);
    expect(continuousYears([2022, 2024, 2025, 2026], 2026)).toBe(3);
    expect(continuousYears([2025], 2026)).toBe(0);
  });
  it.each([
    [4, 0, 0],
    [5, 0, 100_000],
    [7, 0, 300_000],
    [3, 2, 200_000],
    [6, 1, 300_000],
  ])('%i continuous years, %i claim-free → %i fen', (cont, free, fen) => {
    expect(capRaiseFen(cont, free)).toBe(fen);
  });
  it('amounts are config', () => {
    expect(capRaiseFen(6, 1, { perContinuousYearFen: 200_000, perClaimFreeYearFen: 50_000 })).toBe(450_000);
    expect(DEFAULT_INCENTIVES.perContinuousYearFen).toBe(100_000);
  });
});
