import fc from 'fast-check';
import { loadSpecWorld, NOW } from '../test-support';
import type { InsuranceRecord } from '../types';
import { operationAllowed } from './maintenance';
import {
  billContent,
  checkInOpen,
  countersAfter,
  countersFor,
  DEFAULT_OUTPATIENT,
  FamilyFunding,
  insurancePaysAtCounter,
  refundOpen,
  SettlementInput,
  SettlementSplit,
  settlementMovements,
  settlementVisibleTo,
  splitBill,
} from './settlement';

type Ins = Pick<InsuranceRecord, 'scheme' | 'status' | 'account'>;
const employee = (historicalFen: number, currentFen: number, status: Ins['status'] = 'ACTIVE'): Ins => ({
  scheme: 'EMPLOYEE',
  status,
  account: { historicalFen, currentFen },
});
const residentIns = (status: Ins['status'] = 'ACTIVE'): Ins => ({ scheme: 'RESIDENT', status, account: null });
const network = (memberId: string, organizer: Ins, activatedAt: string, payEnabled = true): FamilyFunding => ({
  memberId,
  organizerPersonId: `org-${memberId}`,
  activatedAt: new Date(activatedAt),
  payEnabled,
  organizer,
});

function split(over: Partial<SettlementInput> = {}): SettlementSplit {
  return splitBill({
    at: NOW,
    totalFen: 10000,
    compliantFen: 10000,
    payFromAccounts: true,
    policy: DEFAULT_OUTPATIENT,
    patient: employee(0, 0),
    counters: { deductibleMetFen: 0, fundPaidFen: 0 },
    networks: [],
    ...over,
  });
}

const sum = (s: SettlementSplit) => s.fundFen + s.ownAccount.currentFen + s.ownAccount.historicalFen + s.family.reduce((a, f) => a + f.historicalFen, 0) + s.cashFen;

describe('P-SET-1 a settlement belongs to a check-in of the last 24 hours; a bill number stands for its content', () => {
  const checkedIn = new Date('2026-11-24T10:00:00+08:00');
  it('a check-in is open for exactly 24 hours', () => {
    expect(checkInOpen(checkedIn, checkedIn)).toBe(true);
    expect(checkInOpen(checkedIn, new Date(checkedIn.getTime() + 24 * 3600_000))).toBe(true);
    expect(checkInOpen(checkedIn, new Date(checkedIn.getTime() + 24 * 3600_000 + 1))).toBe(false);
  });
  it('the same content gives the same bill content; any field changed gives another', () => {
    const bill = { checkInId: 'c1', totalFen: 100, compliantFen: 50, payFromAccounts: true };
    expect(billContent({ ...bill })).toBe(billContent(bill));
    for (const other of [{ checkInId: 'c2' }, { totalFen: 101 }, { compliantFen: 49 }, { payFromAccounts: false }]) {
      expect(billContent({ ...bill, ...other })).not.toBe(billContent(bill));
    }
  });
});

describe('P-SET-2 the pooling fund: deductible, ratio, yearly cap; not ACTIVE pays cash', () => {
  it('defaults: EMPLOYEE 20000 / 70 % / 300000, RESIDENT 0 / 50 % / 50000', () => {
    expect(DEFAULT_OUTPATIENT).toEqual({
      EMPLOYEE: { deductibleFen: 20000, ratioPct: 70, capFen: 300000 },
      RESIDENT: { deductibleFen: 0, ratioPct: 50, capFen: 50000 },
    });
  });
  it('an employee below the deductible: all of it applied, no fund', () => {
    const s = split({ totalFen: 15000, compliantFen: 12000 });
    expect(s).toMatchObject({ deductibleAppliedFen: 12000, fundFen: 0, cashFen: 15000 });
  });
  it('an employee crossing the deductible: the fund pays 70 % of the rest, rounded down', () => {
    const s = split({ totalFen: 30001, compliantFen: 30001, counters: { deductibleMetFen: 5000, fundPaidFen: 0 } });
    // D = 15000 unmet; (30001 − 15000) × 70 % = 10500.7 → 10500
    expect(s).toMatchObject({ deductibleAppliedFen: 15000, fundFen: 10500, cashFen: 19501 });
  });
  it('a deductible already met applies nothing', () => {
    expect(split({ counters: { deductibleMetFen: 20000, fundPaidFen: 0 } })).toMatchObject({ deductibleAppliedFen: 0, fundFen: 7000 });
    expect(split({ counters: { deductibleMetFen: 25000, fundPaidFen: 0 } })).toMatchObject({ deductibleAppliedFen: 0, fundFen: 7000 });
  });
  it('the yearly cap limits the fund to what is left of it, never below 0', () => {
    const near = split({ compliantFen: 10000, counters: { deductibleMetFen: 20000, fundPaidFen: 299000 } });
    expect(near.fundFen).toBe(1000);
    const over = split({ counters: { deductibleMetFen: 20000, fundPaidFen: 300500 } });
    expect(over.fundFen).toBe(0);
  });
  it('P-SET-2 (#14 finding 6): the insurance pays at the counter only for an ACTIVE patient of a scheme', () => {
    expect(insurancePaysAtCounter({ scheme: 'EMPLOYEE', status: 'ACTIVE' })).toBe(true);
    expect(insurancePaysAtCounter({ scheme: 'RESIDENT', status: 'ACTIVE' })).toBe(true);
    expect(insurancePaysAtCounter({ scheme: 'EMPLOYEE', status: 'SUSPENDED' })).toBe(false);
    expect(insurancePaysAtCounter({ scheme: 'RESIDENT', status: 'TERMINATED' })).toBe(false);
    expect(insurancePaysAtCounter({ scheme: 'NONE', status: 'NONE' })).toBe(false);
    // an inconsistent record is not paid for either
    expect(insurancePaysAtCounter({ scheme: 'NONE', status: 'ACTIVE' })).toBe(false);
  });
  it('a resident: no deductible, 50 %', () => {
    expect(split({ patient: residentIns(), totalFen: 8000, compliantFen: 5001 })).toMatchObject({ deductibleAppliedFen: 0, fundFen: 2500, cashFen: 5500 });
  });
  it.each([
    ['suspended employee', employee(100000, 100000, 'SUSPENDED')],
    ['terminated resident', residentIns('TERMINATED')],
    ['never insured', { scheme: 'NONE', status: 'NONE', account: null } as Ins],
  ])('%s: the whole bill is cash, no fund, no account, no family', (_l, patient) => {
    const s = split({ patient, networks: [network('m1', employee(100000, 0), '2026-01-01T00:00:00+08:00')] });
    expect(s).toEqual({
      totalFen: 10000,
      compliantFen: 10000,
      deductibleAppliedFen: 0,
      fundFen: 0,
      ownAccount: { currentFen: 0, historicalFen: 0 },
      family: [],
      cashFen: 10000,
    });
  });
  it("a world's own fund settings replace the defaults", () => {
    const policy = { ...DEFAULT_OUTPATIENT, EMPLOYEE: { deductibleFen: 0, ratioPct: 90, capFen: 1_000_000 } };
    expect(split({ policy }).fundFen).toBe(9000);
  });
  it('counters count for their calendar year in Shanghai only', () => {
    const counted = { year: 2026, deductibleMetFen: 20000, fundPaidFen: 1234 };
    expect(countersFor(counted, NOW)).toEqual({ deductibleMetFen: 20000, fundPaidFen: 1234 });
    expect(countersFor({ ...counted, year: 2025 }, NOW)).toEqual({ deductibleMetFen: 0, fundPaidFen: 0 });
    expect(countersFor(undefined, NOW)).toEqual({ deductibleMetFen: 0, fundPaidFen: 0 });
    // 2026-12-31T16:30Z is already 2027-01-01 in Shanghai
    expect(countersFor(counted, new Date('2026-12-31T16:30:00Z'))).toEqual({ deductibleMetFen: 0, fundPaidFen: 0 });
    expect(countersFor(counted, new Date('2026-12-31T15:59:59Z'))).toEqual({ deductibleMetFen: 20000, fundPaidFen: 1234 });
  });
  it('the demo world: 李晓燕 near the cap gets at most 1000 fen from the fund; 孙立新 counted last year starts afresh', () => {
    const world = loadSpecWorld() as { citizens: { name: string; insurance: { outpatient?: { year: number; deductibleMetFen: number; fundPaidFen: number } } }[] };
    const near = world.citizens.find((c) => c.name === '李晓燕')!.insurance.outpatient;
    expect(split({ compliantFen: 50000, counters: countersFor(near, NOW) }).fundFen).toBe(1000);
    const stale = world.citizens.find((c) => c.name === '孙立新')!.insurance.outpatient;
    expect(countersFor(stale, NOW)).toEqual({ deductibleMetFen: 0, fundPaidFen: 0 });
  });
});

describe('P-SET-3 own 当年, own 历年, each organizer’s 历年 (oldest first), then cash', () => {
  const met = { deductibleMetFen: 20000, fundPaidFen: 0 };
  it('an employee pays own 当年 first, then own 历年', () => {
    const s = split({ patient: employee(5000, 1000), counters: met });
    // share = 10000 − 7000 = 3000: 1000 当年 + 2000 历年
    expect(s).toMatchObject({ fundFen: 7000, ownAccount: { currentFen: 1000, historicalFen: 2000 }, family: [], cashFen: 0 });
  });
  it('then each network in activation order, then cash', () => {
    const networks = [
      network('late', employee(100000, 0), '2026-06-01T00:00:00+08:00'),
      network('early', employee(1500, 99999), '2025-01-01T00:00:00+08:00'),
    ];
    const s = split({ patient: employee(500, 500), counters: met, networks, totalFen: 20000, compliantFen: 10000 });
    expect(s.ownAccount).toEqual({ currentFen: 500, historicalFen: 500 });
    expect(s.family).toEqual([
      { memberId: 'early', organizerPersonId: 'org-early', historicalFen: 1500 },
      { memberId: 'late', organizerPersonId: 'org-late', historicalFen: 500 },
    ]);
    expect(s.cashFen).toBe(10000);
  });
  it('P-SET-3 networks activated at the same instant pay in memberId order, whatever order they are listed in', () => {
    const same = '2026-01-01T00:00:00+08:00';
    const want = [
      { memberId: 'a', organizerPersonId: 'org-a', historicalFen: 2000 },
      { memberId: 'b', organizerPersonId: 'org-b', historicalFen: 2000 },
      { memberId: 'c', organizerPersonId: 'org-c', historicalFen: 1000 },
    ];
    const [a, b, c] = ['a', 'b', 'c'].map((id) => network(id, employee(2000, 0), same));
    for (const order of [[a, b, c], [c, b, a], [b, c, a], [c, a, b]]) {
      expect(split({ patient: residentIns(), networks: order }).family).toEqual(want);
    }
  });
  it('P-SET-3 activation order wins over memberId order', () => {
    const networks = [network('a-late', employee(3000, 0), '2026-06-01T00:00:00+08:00'), network('z-early', employee(3000, 0), '2025-01-01T00:00:00+08:00')];
    expect(split({ patient: residentIns(), networks }).family.map((f) => [f.memberId, f.historicalFen])).toEqual([
      ['z-early', 3000],
      ['a-late', 2000],
    ]);
  });
  it('P-SET-3 a RESIDENT patient who kept an account from an earlier job does not pay from it; nor does such an organizer share', () => {
    const kept: Ins = { scheme: 'RESIDENT', status: 'ACTIVE', account: { historicalFen: 50000, currentFen: 50000 } };
    const s = split({ patient: kept, networks: [network('m', kept, '2026-01-01T00:00:00+08:00')] });
    expect(s).toMatchObject({ fundFen: 5000, ownAccount: { currentFen: 0, historicalFen: 0 }, family: [], cashFen: 5000 });
  });
  it('a resident patient starts at family funds (seed 001: the father pays the child’s bill)', () => {
    const s = split({ patient: residentIns(), networks: [network('m', employee(300000, 10000), '2026-01-01T00:00:00+08:00')] });
    expect(s).toMatchObject({ fundFen: 5000, ownAccount: { currentFen: 0, historicalFen: 0 }, cashFen: 0 });
    expect(s.family).toEqual([{ memberId: 'm', organizerPersonId: 'org-m', historicalFen: 5000 }]);
  });
  it('only the organizer’s 历年结余 is shared, never 当年 (P-FAM-9)', () => {
    const s = split({ patient: residentIns(), networks: [network('m', employee(1000, 99999), '2026-01-01T00:00:00+08:00')] });
    expect(s.family).toEqual([{ memberId: 'm', organizerPersonId: 'org-m', historicalFen: 1000 }]);
    expect(s.cashFen).toBe(4000);
  });
  it.each([
    ['PAY is off', network('m', employee(100000, 0), '2026-01-01T00:00:00+08:00', false)],
    ['the organizer is suspended', network('m', employee(100000, 0, 'SUSPENDED'), '2026-01-01T00:00:00+08:00')],
    ['the organizer is a resident', network('m', residentIns(), '2026-01-01T00:00:00+08:00')],
    ['the organizer has nothing left', network('m', employee(0, 100000), '2026-01-01T00:00:00+08:00')],
  ])('a network pays nothing when %s (and is left out of the split)', (_l, n) => {
    const s = split({ patient: residentIns(), networks: [n] });
    expect(s.family).toEqual([]);
    expect(s.cashFen).toBe(5000);
  });
  it('payFromAccounts: false skips own account and family', () => {
    const s = split({ patient: employee(100000, 100000), counters: met, payFromAccounts: false, networks: [network('m', employee(100000, 0), '2026-01-01T00:00:00+08:00')] });
    expect(s).toMatchObject({ fundFen: 7000, ownAccount: { currentFen: 0, historicalFen: 0 }, family: [], cashFen: 3000 });
  });
  it('the non-compliant part is always cash', () => {
    const s = split({ patient: employee(100000, 100000), counters: met, totalFen: 15000, compliantFen: 10000 });
    expect(s.cashFen).toBe(5000);
  });
});

const insArb: fc.Arbitrary<Ins> = fc.oneof(
  fc.record({ scheme: fc.constant('EMPLOYEE' as const), status: fc.constantFrom('ACTIVE' as const, 'SUSPENDED' as const), account: fc.option(fc.record({ historicalFen: fc.nat(400_000), currentFen: fc.nat(100_000) }), { nil: null }) }),
  fc.record({ scheme: fc.constant('RESIDENT' as const), status: fc.constantFrom('ACTIVE' as const, 'SUSPENDED' as const), account: fc.constant(null) }),
  fc.constant({ scheme: 'NONE' as const, status: 'NONE' as const, account: null }),
);
const inputArb: fc.Arbitrary<SettlementInput> = fc
  .record({
    total: fc.nat(10_000_000),
    compliantShare: fc.double({ min: 0, max: 1, noNaN: true }),
    payFromAccounts: fc.boolean(),
    patient: insArb,
    deductibleMetFen: fc.nat(40_000),
    fundPaidFen: fc.nat(400_000),
    networks: fc.array(
      fc.record({ organizer: insArb, days: fc.nat(1000), payEnabled: fc.boolean() }),
      { maxLength: 3 },
    ),
  })
  .map((a) => ({
    at: NOW,
    totalFen: a.total,
    compliantFen: Math.floor(a.total * a.compliantShare),
    payFromAccounts: a.payFromAccounts,
    policy: DEFAULT_OUTPATIENT,
    patient: a.patient,
    counters: { deductibleMetFen: a.deductibleMetFen, fundPaidFen: a.fundPaidFen },
    networks: a.networks.map((n, i) => ({
      memberId: `m${i}`,
      organizerPersonId: `o${i}`,
      activatedAt: new Date(Date.UTC(2024, 0, 1) + n.days * 86_400_000),
      payEnabled: n.payEnabled,
      organizer: n.organizer,
    })),
  }));

describe('P-SET-4 the split always adds up, no part negative, no source beyond its balance, the fund within its cap', () => {
  it('property: parts add up to the total and none is negative', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const s = splitBill(input);
        expect(sum(s)).toBe(input.totalFen);
        const parts = [s.fundFen, s.ownAccount.currentFen, s.ownAccount.historicalFen, s.cashFen, s.deductibleAppliedFen, ...s.family.map((f) => f.historicalFen)];
        for (const p of parts) expect(Number.isInteger(p) && p >= 0).toBe(true);
        expect(s.cashFen).toBeGreaterThanOrEqual(input.totalFen - input.compliantFen);
      }),
    );
  });
  it('property: no source charged beyond its balance, the fund never beyond its cap, family entries only with money', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const s = splitBill(input);
        const own = input.patient.account ?? { historicalFen: 0, currentFen: 0 };
        expect(s.ownAccount.currentFen).toBeLessThanOrEqual(own.currentFen);
        expect(s.ownAccount.historicalFen).toBeLessThanOrEqual(own.historicalFen);
        for (const f of s.family) {
          const n = input.networks.find((x) => x.memberId === f.memberId)!;
          expect(f.historicalFen).toBeGreaterThan(0);
          expect(f.historicalFen).toBeLessThanOrEqual(n.organizer.account!.historicalFen);
          expect(n.payEnabled && n.organizer.status === 'ACTIVE' && n.organizer.scheme === 'EMPLOYEE').toBe(true);
        }
        const scheme = input.patient.scheme === 'NONE' ? null : input.policy[input.patient.scheme];
        if (scheme) expect(input.counters.fundPaidFen + s.fundFen).toBeLessThanOrEqual(Math.max(scheme.capFen, input.counters.fundPaidFen));
        const after = countersAfter(input.counters, s);
        if (scheme) expect(after.deductibleMetFen).toBeLessThanOrEqual(Math.max(scheme.deductibleFen, input.counters.deductibleMetFen));
      }),
    );
  });
  it('property: declining accounts never lowers cash; a larger balance never raises cash', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(100_000), fc.nat(100_000), (input, extraH, extraC) => {
        const withAccounts = splitBill({ ...input, payFromAccounts: true });
        const declined = splitBill({ ...input, payFromAccounts: false });
        expect(declined.cashFen).toBeGreaterThanOrEqual(withAccounts.cashFen);
        const richer: SettlementInput = {
          ...input,
          patient: input.patient.account
            ? { ...input.patient, account: { historicalFen: input.patient.account.historicalFen + extraH, currentFen: input.patient.account.currentFen + extraC } }
            : input.patient,
          networks: input.networks.map((n) =>
            n.organizer.account ? { ...n, organizer: { ...n.organizer, account: { ...n.organizer.account, historicalFen: n.organizer.account.historicalFen + extraH } } } : n,
          ),
        };
        expect(splitBill(richer).cashFen).toBeLessThanOrEqual(splitBill(input).cashFen);
      }),
    );
  });
  it('the yearly counters move with the settlement', () => {
    expect(countersAfter({ deductibleMetFen: 5000, fundPaidFen: 100 }, { deductibleAppliedFen: 15000, fundFen: 700 })).toEqual({ deductibleMetFen: 20000, fundPaidFen: 800 });
  });
});

describe('P-SET-5 a preview computes the same split and moves nothing', () => {
  it('property: the split is a pure function of its input (same answer twice, input untouched)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = JSON.stringify(input);
        const a = splitBill(input);
        expect(splitBill(input)).toEqual(a);
        expect(JSON.stringify(input)).toBe(before);
      }),
    );
  });
});

describe('P-SET-6 a refund within 24 hours puts every fen back and restores the counters', () => {
  const settledAt = new Date('2026-11-24T10:00:00+08:00');
  it('refunds are open for exactly 24 hours', () => {
    expect(refundOpen(settledAt, new Date(settledAt.getTime() + 24 * 3600_000))).toBe(true);
    expect(refundOpen(settledAt, new Date(settledAt.getTime() + 24 * 3600_000 + 1))).toBe(false);
  });
  it('property: the refund’s movements cancel the settlement’s, bucket by bucket; the counters come back', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const s = splitBill(input);
        const out = settlementMovements('patient', s);
        const back = settlementMovements('patient', s, true);
        expect(back.map((m) => [m.personId, m.bucket, -m.amountFen])).toEqual(out.map((m) => [m.personId, m.bucket, m.amountFen]));
        expect(back.every((m) => m.kind === 'REFUND' && m.amountFen > 0)).toBe(true);
        const after = countersAfter(input.counters, s);
        expect(countersAfter(after, s, -1)).toEqual(input.counters);
      }),
    );
  });
});

describe('P-SET-7 everyone whose money moved sees it', () => {
  const s = split({
    patient: employee(1000, 500),
    counters: { deductibleMetFen: 20000, fundPaidFen: 0 },
    networks: [network('m', employee(100000, 0), '2026-01-01T00:00:00+08:00')],
  });
  it('one movement per bucket: own ones are SETTLEMENT, an organizer’s FAMILY_SETTLEMENT', () => {
    expect(settlementMovements('kid', s)).toEqual([
      { personId: 'kid', bucket: 'CURRENT', amountFen: -500, kind: 'SETTLEMENT' },
      { personId: 'kid', bucket: 'HISTORICAL', amountFen: -1000, kind: 'SETTLEMENT' },
      { personId: 'org-m', bucket: 'HISTORICAL', amountFen: -1500, kind: 'FAMILY_SETTLEMENT' },
    ]);
  });
  it('a bucket that does not move has no entry', () => {
    expect(settlementMovements('kid', split({ patient: residentIns() }))).toEqual([]);
    const zero = { ownAccount: { currentFen: 0, historicalFen: 0 }, family: [{ memberId: 'm', organizerPersonId: 'org-m', historicalFen: 0 }] };
    expect(settlementMovements('kid', zero)).toEqual([]);
    expect(settlementMovements('kid', zero, true)).toEqual([]);
  });
  it('the patient and each paying organizer see the settlement; nobody else does', () => {
    expect(settlementVisibleTo('kid', 'kid', s)).toBe(true);
    expect(settlementVisibleTo('org-m', 'kid', s)).toBe(true);
    expect(settlementVisibleTo('stranger', 'kid', s)).toBe(false);
  });
  it('P-SET-7 with two paying organizers, each of them sees it', () => {
    const two = { family: [{ memberId: 'm1', organizerPersonId: 'dad', historicalFen: 100 }, { memberId: 'm2', organizerPersonId: 'grandpa', historicalFen: 100 }] };
    expect(['dad', 'grandpa', 'kid', 'aunt'].map((p) => settlementVisibleTo(p, 'kid', two))).toEqual([true, true, true, false]);
  });
});

describe('P-SET-8 settlements and refunds are money operations (P-OPS-1)', () => {
  const windows = [{ startsAt: '2026-11-24T09:00:00+08:00', endsAt: '2026-11-24T12:00:00+08:00', message: '停机切换' }];
  it.each(['SETTLE', 'REFUND'])('%s is refused during maintenance with the resume time, allowed after', (op) => {
    expect(operationAllowed(op, windows, NOW)).toEqual({ allowed: false, resumesAt: '2026-11-24T12:00:00+08:00' });
    expect(operationAllowed(op, windows, new Date('2026-11-24T12:00:00+08:00'))).toEqual({ allowed: true });
  });
  it('a preview and the statements are reads: never refused', () => {
    expect(operationAllowed('PREVIEW', windows, NOW)).toEqual({ allowed: true });
  });
});
