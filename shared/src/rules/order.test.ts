import fc from 'fast-check';
import { codes, huiminbao, NOW, person, resident, residentPremium } from '../test-support';
import type { InsuredRelation, PersonFacts, Product } from '../types';
import { planDebit } from './debit';
import { evaluateOrder, InsuredCandidate, OrderInput } from './order';
import { priceFor } from './pricing';

const payer = person({ personId: 'payer', birthDate: '1980-03-14' });
const self = (p: PersonFacts = payer): InsuredCandidate => ({ personId: p.personId, person: p, relation: 'SELF', bindingStatus: null, alreadyEnrolled: false });
const member = (p: PersonFacts, relation: InsuredRelation, over: Partial<InsuredCandidate> = {}): InsuredCandidate => ({
  personId: p.personId,
  person: p,
  relation,
  bindingStatus: 'ACTIVE',
  alreadyEnrolled: false,
  ...over,
});

const spouse = resident({ personId: 'spouse', birthDate: '1983-09-05', sex: 'F' });
const child = resident({ personId: 'child', birthDate: '2015-06-12' });
const parent = resident({ personId: 'parent', birthDate: '1952-07-08', insurance: { region: '320302' } });

function evaluate(over: Partial<OrderInput> = {}) {
  return evaluateOrder({ at: NOW, product: huiminbao, payer, payMethod: 'PERSONAL_ACCOUNT', modes: { pay: false, premium: true }, insured: [self()], ...over });
}

describe('P-PAY-1 the payer: active employee with an account, insured in the product region', () => {
  it('an eligible payer has no reasons', () => {
    expect(evaluate().payer.reasons).toEqual([]);
    expect(evaluate().eligible).toBe(true);
  });
  it.each([
    ['resident payer', resident({ personId: 'payer' }), ['PAYER_NOT_EMPLOYEE']],
    ['suspended payer', person({ personId: 'payer', insurance: { status: 'SUSPENDED' } }), ['PAYER_NOT_ACTIVE']],
    ['payer insured in Henan', person({ personId: 'payer', insurance: { region: '410102' } }), ['PAYER_REGION_NOT_ELIGIBLE']],
  ])('%s → %j', (_l, p, expected) => {
    const d = evaluate({ payer: p, insured: [member(spouse, 'SPOUSE')] });
    expect(codes(d.payer.reasons)).toEqual(expected);
    expect(d.eligible).toBe(false);
  });
  it('P-PAY-1 an EMPLOYEE payer without a personal account → PAYER_NOT_EMPLOYEE, and no balance check or debit', () => {
    const p = person({ personId: 'payer', insurance: { account: null } });
    const d = evaluate({ payer: p, insured: [self(p)] });
    expect(codes(d.payer.reasons)).toEqual(['PAYER_NOT_EMPLOYEE']);
    expect(d.eligible).toBe(false);
    expect(d.debit).toBeNull();
    expect(d.balance).toEqual({ historicalFen: 0, currentFen: 0 });
  });
  it('P-PAY-1 a RESIDENT payer who still has a personal account (from an earlier job) → PAYER_NOT_EMPLOYEE', () => {
    const p = resident({ personId: 'payer', insurance: { account: { historicalFen: 900000, currentFen: 0 } } });
    expect(codes(evaluate({ payer: p, insured: [self(p)] }).payer.reasons)).toEqual(['PAYER_NOT_EMPLOYEE']);
  });
  it('P-PAY-1 a payer failing every condition gets every payer reason', () => {
    const p = resident({ personId: 'payer', insurance: { status: 'SUSPENDED', region: '410102' } });
    expect(codes(evaluate({ payer: p, insured: [self(p)] }).payer.reasons)).toEqual(['PAYER_NOT_ACTIVE', 'PAYER_NOT_EMPLOYEE', 'PAYER_REGION_NOT_ELIGIBLE']);
  });
  it('P-PAY-1 a payer insured in one of several product regions passes', () => {
    const p = person({ personId: 'payer', insurance: { region: '370303' } });
    const d = evaluate({ product: { ...huiminbao, regions: ['32', '3703'] }, payer: p, insured: [self(p)] });
    expect(d.payer.reasons).toEqual([]);
    expect(d.eligible).toBe(true);
  });
  it('P-PAY-1 a SELF_PAY order by a payer with an account: no payer conditions, no balance check, no debit plan', () => {
    const p = person({ personId: 'payer', insurance: { status: 'SUSPENDED', region: '410102', account: { historicalFen: 0, currentFen: 100 } } });
    const d = evaluate({ payer: p, payMethod: 'SELF_PAY', insured: [member(spouse, 'SPOUSE'), member(child, 'CHILD')] });
    expect(d.payer.reasons).toEqual([]);
    expect(d.eligible).toBe(true);
    expect(d.totalFen).toBe(2 * 5900);
    expect(d.debit).toBeNull();
    expect(d.balance).toEqual({ historicalFen: 0, currentFen: 100 });
  });
  it('P-PAY-1 an eligible account order carries its debit plan; the same order refused carries none', () => {
    const d = evaluate({ insured: [self(), member(spouse, 'SPOUSE')] });
    expect(d.eligible).toBe(true);
    expect(d.debit).toEqual({ historicalFen: 5900, currentFen: 5900 });
    const late = evaluate({ at: new Date('2027-01-05T00:00:00+08:00'), insured: [self(), member(spouse, 'SPOUSE')] });
    expect(codes(late.payer.reasons)).toEqual(['ENROLLMENT_CLOSED']);
    expect(late.debit).toBeNull();
  });
  it('self-pay does not need a personal account', () => {
    const p = resident({ personId: 'payer' });
    const d = evaluate({ payer: p, payMethod: 'SELF_PAY', insured: [self(p)] });
    expect(d.eligible).toBe(true);
    expect(d.debit).toBeNull();
  });
});

describe('P-PAY-2 others must be ACTIVE members with PREMIUM enabled, in the product relation list', () => {
  it('a stranger (not resolvable) → NOT_BOUND, with no price', () => {
    const d = evaluate({ insured: [{ personId: 'x', person: null, relation: null, bindingStatus: null, alreadyEnrolled: false }] });
    expect(d.insured[0]).toEqual({ personId: 'x', eligible: false, amountFen: 0, category: null, coverFrom: null, waitingMonths: null, reasons: [expect.objectContaining({ code: 'NOT_BOUND', personId: 'x' })] });
  });
  it('a pending member → NOT_BOUND', () => {
    expect(codes(evaluate({ insured: [member(parent, 'PARENT', { bindingStatus: 'PENDING_CONSENT' })] }).insured[0].reasons)).toEqual(['NOT_BOUND']);
  });
  it('PREMIUM off → MODE_NOT_ENABLED (account payment only)', () => {
    const modes = { pay: true, premium: false };
    expect(codes(evaluate({ modes, insured: [member(spouse, 'SPOUSE')] }).insured[0].reasons)).toEqual(['MODE_NOT_ENABLED']);
    expect(evaluate({ modes, payMethod: 'SELF_PAY', insured: [member(spouse, 'SPOUSE')] }).eligible).toBe(true);
  });
  it('a sibling is bound under NEAR but 江苏医惠保1号 covers SELF/SPOUSE/PARENT/CHILD only → RELATION_NOT_ALLOWED', () => {
    const sibling = person({ personId: 'sib', birthDate: '1985-11-11', insurance: { region: '320505' } });
    const [r] = evaluate({ insured: [member(sibling, 'SIBLING')] }).insured[0].reasons;
    expect(r).toEqual({ code: 'RELATION_NOT_ALLOWED', rule: 'P-PAY-2', personId: 'sib', message: '该产品不能为兄弟姐妹投保' });
  });
});

describe('P-PAY-3 惠民保: each insured person ACTIVE in basic insurance, insured in the region', () => {
  it('self, spouse, child and a parent elsewhere in Jiangsu are all eligible (cross-city allowed)', () => {
    const d = evaluate({ insured: [self(), member(spouse, 'SPOUSE'), member(child, 'CHILD'), member(parent, 'PARENT')] });
    expect(d.eligible).toBe(true);
    expect(d.totalFen).toBe(4 * 5900);
    expect(d.insured.map((i) => [i.category, i.amountFen, i.coverFrom, i.waitingMonths])).toEqual(Array(4).fill(['DEFAULT', 5900, '2027-01-01', 0]));
  });
  it.each([
    ['suspended', resident({ personId: 'i', birthDate: '1950-01-01', insurance: { status: 'SUSPENDED' } }), ['INSURED_NOT_ACTIVE']],
    ['never insured', resident({ personId: 'i', birthDate: '1950-01-01', insurance: { scheme: 'NONE', status: 'NONE' } }), ['INSURED_NOT_ACTIVE']],
    ['in no scheme though marked ACTIVE', resident({ personId: 'i', birthDate: '1950-01-01', insurance: { scheme: 'NONE', status: 'ACTIVE' } }), ['INSURED_NOT_ACTIVE']],
    ['insured in Anhui', resident({ personId: 'i', birthDate: '1950-01-01', insurance: { region: '340102' } }), ['INSURED_REGION_NOT_ELIGIBLE']],
  ])('%s → %j', (_l, p, expected) => {
    expect(codes(evaluate({ insured: [member(p, 'PARENT')] }).insured[0].reasons)).toEqual(expected);
  });
  it('no limit on age: a 96-year-old is priced like everyone else', () => {
    const old = resident({ personId: 'old', birthDate: '1930-01-01' });
    expect(evaluate({ insured: [member(old, 'PARENT')] }).insured[0]).toMatchObject({ eligible: true, amountFen: 5900 });
  });
});

describe('P-PAY-4 resident premium: not employee insured, in region, priced by category', () => {
  const zbPayer = person({ personId: 'payer', birthDate: '1975-01-01', insurance: { region: '370303', account: { historicalFen: 200000, currentFen: 5000 } } });
  const zb = (over: Partial<OrderInput>) => evaluate({ product: residentPremium, payer: zbPayer, ...over });
  it('prices: ADULT 44000, STUDENT_CHILD 34000 (under 18 or student), assistance wins', () => {
    const adult = resident({ personId: 'a', birthDate: '1960-03-03', insurance: { region: '370303' } });
    const kid = resident({ personId: 'k', birthDate: '2012-08-08', insurance: { region: '370303' } });
    const student = resident({ personId: 's', birthDate: '2004-08-08', insurance: { region: '370303', student: true } });
    const edge = resident({ personId: 'e', birthDate: '1948-08-08', insurance: { region: '370303', assistance: 'DIBAO_EDGE' } });
    const tekun = resident({ personId: 't', birthDate: '1948-08-08', insurance: { region: '370303', assistance: 'TEKUN' } });
    expect([adult, kid, student, edge, tekun].map((p) => priceFor(residentPremium, p, NOW))).toEqual([
      { category: 'ADULT', amountFen: 44000 },
      { category: 'STUDENT_CHILD', amountFen: 34000 },
      { category: 'STUDENT_CHILD', amountFen: 34000 },
      { category: 'DIBAO_EDGE', amountFen: 22000 },
      { category: 'TEKUN', amountFen: 0 },
    ]);
  });
  it.each([
    ['2008-11-24', 'ADULT', 44000], // 18 today (NOW is 2026-11-24 in Shanghai)
    ['2008-11-25', 'STUDENT_CHILD', 34000], // 18 tomorrow
    ['2008-12-01', 'STUDENT_CHILD', 34000], // 18 next month
  ])('P-PAY-4 born %s: priced as %s (%i fen) — 18 is an adult, under 18 a child', (birthDate, category, amountFen) => {
    expect(priceFor(residentPremium, resident({ birthDate, insurance: { region: '370303' } }), NOW)).toEqual({ category, amountFen });
  });
  it('P-PAY-4 a category missing from the price list falls back to ADULT, then 0; 惠民保 without DEFAULT is 0', () => {
    const kid = resident({ birthDate: '2015-01-01' });
    expect(priceFor({ ...residentPremium, priceFen: { ADULT: 38000 } }, kid, NOW)).toEqual({ category: 'STUDENT_CHILD', amountFen: 38000 });
    expect(priceFor({ ...residentPremium, priceFen: {} }, kid, NOW)).toEqual({ category: 'STUDENT_CHILD', amountFen: 0 });
    expect(priceFor({ ...huiminbao, priceFen: { ADULT: 1 } }, kid, NOW)).toEqual({ category: 'DEFAULT', amountFen: 0 });
    expect(priceFor(huiminbao, resident({ insurance: { assistance: 'TEKUN' } }), NOW)).toEqual({ category: 'DEFAULT', amountFen: 5900 });
  });
  it('an assistance key missing from the price list falls back to the age category', () => {
    const p: Product = { ...residentPremium, priceFen: { ADULT: 38000, STUDENT_CHILD: 30000 } };
    expect(priceFor(p, resident({ insurance: { assistance: 'DIBAO' } }), NOW)).toEqual({ category: 'ADULT', amountFen: 38000 });
  });
  it('an employee-insured spouse → ALREADY_EMPLOYEE_INSURED; someone insured in Nanjing → INSURED_REGION_NOT_ELIGIBLE', () => {
    const wife = person({ personId: 'w', birthDate: '1977-07-07', sex: 'F', insurance: { region: '370303' } });
    const nj = resident({ personId: 'nj', birthDate: '1950-01-01' });
    const d = zb({ insured: [member(wife, 'SPOUSE'), member(nj, 'PARENT')] });
    expect(codes(d.insured[0].reasons)).toEqual(['ALREADY_EMPLOYEE_INSURED']);
    expect(codes(d.insured[1].reasons)).toEqual(['INSURED_REGION_NOT_ELIGIBLE']);
  });
  it('the employee payer cannot buy a resident premium for self', () => {
    expect(codes(zb({ insured: [self(zbPayer)] }).insured[0].reasons)).toEqual(['ALREADY_EMPLOYEE_INSURED', 'RELATION_NOT_ALLOWED']);
  });
  it('a never-insured parent may enrol (region from 参保地/residence)', () => {
    const mum = resident({ personId: 'mum', birthDate: '1960-03-03', sex: 'F', insurance: { scheme: 'NONE', status: 'NONE', region: '370303', paidYears: [] } });
    expect(zb({ insured: [member(mum, 'PARENT')] }).insured[0]).toMatchObject({ eligible: true, amountFen: 44000, category: 'ADULT', coverFrom: '2027-04-01', waitingMonths: 3 });
  });
});

describe('P-PAY-5 all or nothing from the personal account, by bucket', () => {
  it('others must fit in 历年结余; the whole order in 历年结余 + 当年', () => {
    const p = person({ personId: 'payer', insurance: { account: { historicalFen: 3000, currentFen: 8000 } } });
    const d = evaluate({ payer: p, insured: [self(p), member(spouse, 'SPOUSE')] });
    expect(codes(d.payer.reasons)).toEqual(['INSUFFICIENT_BALANCE']);
    expect(d.debit).toBeNull();
    const alone = evaluate({ payer: p, insured: [self(p)] });
    expect(alone.debit).toEqual({ historicalFen: 0, currentFen: 5900 });
  });
  it('the debit takes the others from 历年结余 and the payer from 当年 first', () => {
    const d = evaluate({ insured: [self(), member(spouse, 'SPOUSE'), member(child, 'CHILD')] });
    expect(d.debit).toEqual({ historicalFen: 11800, currentFen: 5900 });
  });
  it.each([
    ['HISTORICAL: others may not use 当年', 'HISTORICAL', { historicalFen: 1000, currentFen: 10000 }, 0, 5900, null],
    ['TOTAL: others may use 当年', 'TOTAL', { historicalFen: 1000, currentFen: 10000 }, 0, 5900, { historicalFen: 1000, currentFen: 4900 }],
    ['payer part spills into 历年结余', 'HISTORICAL', { historicalFen: 10000, currentFen: 1000 }, 5900, 0, { historicalFen: 4900, currentFen: 1000 }],
    ['exactly enough', 'HISTORICAL', { historicalFen: 5900, currentFen: 5900 }, 5900, 5900, { historicalFen: 5900, currentFen: 5900 }],
    ['one fen short', 'HISTORICAL', { historicalFen: 5900, currentFen: 5899 }, 5900, 5900, null],
    ['TOTAL, one fen short overall', 'TOTAL', { historicalFen: 100, currentFen: 11699 }, 5900, 5900, null],
  ] as const)('%s', (_l, shared, balance, selfFen, othersFen, expected) => {
    const plan = planDebit(balance, selfFen, othersFen, shared);
    expect(plan.ok ? plan.debit : null).toEqual(expected);
  });
  it('negative parts are refused', () => {
    expect(planDebit({ historicalFen: 10, currentFen: 10 }, -1, 0)).toEqual({ ok: false });
    expect(planDebit({ historicalFen: 10, currentFen: 10 }, 0, -1)).toEqual({ ok: false });
    expect(planDebit({ historicalFen: 10, currentFen: 10 }, 5, -1, 'TOTAL')).toEqual({ ok: false });
  });
  it('property: a debit plan never takes a bucket below zero and sums to the order total', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(500_000), fc.nat(500_000), fc.constantFrom('HISTORICAL', 'TOTAL' as const), (h, c, s, o, mode) => {
        const plan = planDebit({ historicalFen: h, currentFen: c }, s, o, mode);
        if (!plan.ok) return s + o > h + c || (mode === 'HISTORICAL' && o > h - Math.max(0, s - c));
        const { historicalFen, currentFen } = plan.debit;
        return historicalFen >= 0 && currentFen >= 0 && historicalFen <= h && currentFen <= c && historicalFen + currentFen === s + o;
      }),
    );
  });
  it('property: all-or-nothing — an order is payable from the account iff the plan covers the whole total', () => {
    fc.assert(
      fc.property(fc.nat(30_000), fc.nat(30_000), fc.integer({ min: 1, max: 4 }), (h, c, n) => {
        const p = person({ personId: 'payer', insurance: { account: { historicalFen: h, currentFen: c } } });
        const insured = [self(p), member(spouse, 'SPOUSE'), member(child, 'CHILD'), member(parent, 'PARENT')].slice(0, n);
        const d = evaluate({ payer: p, insured });
        if (d.eligible) return d.debit !== null && d.debit.historicalFen + d.debit.currentFen === d.totalFen;
        return d.debit === null && d.payer.reasons.some((r) => r.code === 'INSUFFICIENT_BALANCE');
      }),
    );
  });
});

describe('P-PAY-6 enrolment window (Asia/Shanghai)', () => {
  it.each([
    ['2026-08-31T23:59:59+08:00', ['ENROLLMENT_NOT_OPEN']],
    ['2026-09-01T00:00:00+08:00', []],
    ['2026-12-31T23:59:59+08:00', []],
    ['2027-01-01T00:00:00+08:00', ['ENROLLMENT_CLOSED']],
  ])('at %s → %j', (at, expected) => {
    expect(codes(evaluate({ at: new Date(at) }).payer.reasons)).toEqual(expected);
  });
});

describe('P-PAY-7 insured at most once per product per year', () => {
  it('a paid order already covering the person → ALREADY_ENROLLED', () => {
    expect(codes(evaluate({ insured: [{ ...self(), alreadyEnrolled: true }] }).insured[0].reasons)).toEqual(['ALREADY_ENROLLED']);
  });
  it('a resident whose paidYears hold the product year → ALREADY_ENROLLED', () => {
    const zbPayer = person({ personId: 'payer', birthDate: '1975-01-01', insurance: { region: '370303' } });
    const bro = resident({ personId: 'b', birthDate: '1979-09-09', insurance: { region: '370303', paidYears: [2025, 2026, 2027] } });
    const d = evaluateOrder({ at: NOW, product: residentPremium, payer: zbPayer, payMethod: 'PERSONAL_ACCOUNT', modes: { pay: false, premium: true }, insured: [member(bro, 'SIBLING')] });
    expect(codes(d.insured[0].reasons)).toEqual(['ALREADY_ENROLLED']);
  });
});

describe('P-PAY-8 prices and totals are the server’s (deterministic decisions)', () => {
  it('property: the same input always gives the same decision', () => {
    fc.assert(
      fc.property(fc.nat(20_000), fc.nat(20_000), (h, c) => {
        const p = person({ personId: 'payer', insurance: { account: { historicalFen: h, currentFen: c } } });
        const input: OrderInput = { at: NOW, product: huiminbao, payer: p, payMethod: 'PERSONAL_ACCOUNT', modes: { pay: false, premium: true }, insured: [self(p), member(child, 'CHILD')] };
        return JSON.stringify(evaluateOrder(input)) === JSON.stringify(evaluateOrder(input));
      }),
    );
  });
});

describe('P-PAY-9 every failing reason, for the payer and per person', () => {
  it('an order with several failing people lists every reason for every person', () => {
    const p = person({ personId: 'payer', insurance: { status: 'SUSPENDED', region: '410102', account: { historicalFen: 0, currentFen: 0 } } });
    const sibling = person({ personId: 'sib', birthDate: '1985-11-11', insurance: { region: '320505' } });
    const gone = resident({ personId: 'gone', birthDate: '1950-01-01', insurance: { status: 'SUSPENDED', region: '340102' } });
    const d = evaluate({
      at: new Date('2027-01-05T00:00:00+08:00'),
      payer: p,
      modes: { pay: false, premium: false },
      insured: [
        { ...self(p), alreadyEnrolled: true },
        member(sibling, 'SIBLING'),
        member(gone, 'PARENT', { bindingStatus: 'PENDING_CONSENT' }),
        { personId: 'nobody', person: null, relation: null, bindingStatus: null, alreadyEnrolled: false },
      ],
    });
    expect(d.eligible).toBe(false);
    expect(codes(d.payer.reasons)).toEqual(['ENROLLMENT_CLOSED', 'INSUFFICIENT_BALANCE', 'PAYER_NOT_ACTIVE', 'PAYER_REGION_NOT_ELIGIBLE']);
    expect(d.insured.map((i) => codes(i.reasons))).toEqual([
      ['ALREADY_ENROLLED', 'INSURED_NOT_ACTIVE', 'INSURED_REGION_NOT_ELIGIBLE'],
      ['MODE_NOT_ENABLED', 'RELATION_NOT_ALLOWED'],
      ['INSURED_NOT_ACTIVE', 'INSURED_REGION_NOT_ELIGIBLE', 'NOT_BOUND'],
      ['NOT_BOUND'],
    ]);
    for (const r of d.payer.reasons) expect(Object.keys(r).sort()).toEqual(['code', 'message', 'rule']); // order-level: no personId key
    for (const i of d.insured) for (const r of i.reasons) expect(r).toMatchObject({ personId: i.personId, message: expect.stringMatching(/[\u4e00-\u9fff]/), rule: expect.stringMatching(/^P-PAY-\d$/) });
  });

  it('property: adding an ineligible person never makes an order eligible', () => {
    const candidates = [
      member(spouse, 'SPOUSE'),
      member(child, 'CHILD'),
      member(parent, 'PARENT', { bindingStatus: 'PENDING_CONSENT' }),
      member(resident({ personId: 'far', birthDate: '1950-01-01', insurance: { region: '340102' } }), 'PARENT'),
      { ...self(), alreadyEnrolled: true },
      { personId: 'nobody', person: null, relation: null, bindingStatus: null, alreadyEnrolled: false } as InsuredCandidate,
    ];
    fc.assert(
      fc.property(fc.subarray(candidates), fc.nat(100_000), fc.nat(100_000), fc.constantFrom(...candidates), (base, h, c, extra) => {
        const p = person({ personId: 'payer', insurance: { account: { historicalFen: h, currentFen: c } } });
        const before = evaluate({ payer: p, insured: base });
        const after = evaluate({ payer: p, insured: [...base, extra] });
        const extraAlone = after.insured[after.insured.length - 1];
        return extraAlone.eligible || !after.eligible;
      }),
    );
  });

  it('P-PAY-9 a valid payer with one failing insured person: the order is refused, the others stay eligible', () => {
    const far = resident({ personId: 'far', birthDate: '1950-01-01', insurance: { region: '340102' } });
    const d = evaluate({ insured: [self(), member(spouse, 'SPOUSE'), member(far, 'PARENT')] });
    expect(d.payer.reasons).toEqual([]);
    expect(d.insured.map((i) => i.eligible)).toEqual([true, true, false]);
    expect(codes(d.insured[2].reasons)).toEqual(['INSURED_REGION_NOT_ELIGIBLE']);
    expect(d.eligible).toBe(false);
    expect(d.debit).toBeNull();
  });
  it.each([
    ['pending consent', member(resident({ personId: 'm', birthDate: '1950-01-01' }), 'PARENT', { bindingStatus: 'PENDING_CONSENT' }), ['NOT_BOUND']],
    ['PREMIUM off', member(resident({ personId: 'm', birthDate: '1950-01-01' }), 'PARENT'), ['MODE_NOT_ENABLED']],
    ['relation outside the product list', member(resident({ personId: 'm', birthDate: '1950-01-01' }), 'GRANDPARENT'), ['RELATION_NOT_ALLOWED']],
    ['already enrolled', member(resident({ personId: 'm', birthDate: '1950-01-01' }), 'PARENT', { alreadyEnrolled: true }), ['ALREADY_ENROLLED']],
    ['not active', member(resident({ personId: 'm', birthDate: '1950-01-01', insurance: { status: 'TERMINATED' } }), 'PARENT'), ['INSURED_NOT_ACTIVE']],
  ] as const)('P-PAY-9 one insured person failing only on %s makes the whole order ineligible', (_l, bad, expected) => {
    const modes = expected[0] === 'MODE_NOT_ENABLED' ? { pay: true, premium: false } : { pay: false, premium: true };
    const d = evaluate({ modes, insured: [self(), bad] });
    expect(codes(d.insured[1].reasons)).toEqual(expected);
    expect(d.insured[1].eligible).toBe(false);
    expect(d.insured[0].eligible).toBe(true);
    expect(d.eligible).toBe(false);
  });
  it('P-PAY-2 a person known to the registry but not bound (no relation) is NOT_BOUND and not priced into the total', () => {
    const known = resident({ personId: 'known', birthDate: '1950-01-01' });
    const d = evaluate({ insured: [self(), { personId: 'known', person: known, relation: null, bindingStatus: null, alreadyEnrolled: false }] });
    expect(d.insured[1]).toEqual({ personId: 'known', eligible: false, amountFen: 0, category: null, coverFrom: null, waitingMonths: null, reasons: [expect.objectContaining({ code: 'NOT_BOUND', personId: 'known' })] });
    expect(d.totalFen).toBe(5900);
    expect(d.eligible).toBe(false);
  });
  it('P-PAY-5 the payer’s own part and the others’ part are kept apart in the debit (SELF from 当年 first)', () => {
    const p = person({ personId: 'payer', insurance: { account: { historicalFen: 5900, currentFen: 5900 } } });
    expect(evaluate({ payer: p, insured: [member(spouse, 'SPOUSE'), self(p)] }).debit).toEqual({ historicalFen: 5900, currentFen: 5900 });
    // two others cannot be paid from 当年, whatever the total balance
    expect(codes(evaluate({ payer: p, insured: [member(spouse, 'SPOUSE'), member(child, 'CHILD')] }).payer.reasons)).toEqual(['INSUFFICIENT_BALANCE']);
  });
  it('an empty insured list is never eligible', () => {
    expect(evaluate({ insured: [] }).eligible).toBe(false);
  });
});
