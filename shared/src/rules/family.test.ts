import fc from 'fast-check';
import { codes, NOW, person, resident } from '../test-support';
import type { FamilyPolicy, PersonFacts, Relation } from '../types';
import { ALLOWED_RELATIONS, BindingInput, checkBinding, confirmedRelative, checkOrganizer, DECLINE_NOTICE_DAYS, declineNoticeSince, INVERSE_RELATION, organizerReasons, mayUsePay, needsConsent, planFamilyDraw } from './family';
import { mayShowCode } from './qr';

const policy: FamilyPolicy = { relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 };
const organizer = person({ personId: 'org', birthDate: '1980-03-14' });

function bind(over: Partial<BindingInput> = {}) {
  const member = over.member === undefined ? resident({ personId: 'm', birthDate: '1952-07-08', insurance: { region: '320302' } }) : over.member;
  return checkBinding({ at: NOW, policy, organizer, member, declared: 'PARENT', registryRelation: 'PARENT', existingMemberIds: [], ...over });
}

describe('P-FAM-1 the organizer is an active employee with a personal account', () => {
  it.each([
    ['active employee', person(), []],
    ['resident', resident(), ['ORGANIZER_NOT_EMPLOYEE']],
    ['employee without account', person({ insurance: { account: null } }), ['ORGANIZER_NOT_EMPLOYEE']],
    ['resident who kept an account from an earlier job', resident({ insurance: { account: { historicalFen: 100000, currentFen: 0 } } }), ['ORGANIZER_NOT_EMPLOYEE']],
    ['suspended employee', person({ insurance: { status: 'SUSPENDED' } }), ['ORGANIZER_NOT_ACTIVE']],
    ['never insured', resident({ insurance: { scheme: 'NONE', status: 'NONE' } }), ['ORGANIZER_NOT_ACTIVE', 'ORGANIZER_NOT_EMPLOYEE']],
  ])('%s → %j', (_l, p, expected) => {
    expect(codes(checkOrganizer(p))).toEqual(expected);
  });
  it.each([
    ['GET /me of an active employee', { scheme: 'EMPLOYEE', status: 'ACTIVE', account: { historicalFen: 0, currentFen: 0 } }, []],
    ['GET /me of a resident (no account field)', { scheme: 'RESIDENT', status: 'ACTIVE' }, ['ORGANIZER_NOT_EMPLOYEE']],
    ['GET /me of an employee without an account', { scheme: 'EMPLOYEE', status: 'ACTIVE' }, ['ORGANIZER_NOT_EMPLOYEE']],
    ['GET /me of a suspended employee', { scheme: 'EMPLOYEE', status: 'SUSPENDED', account: { historicalFen: 1, currentFen: 0 } }, ['ORGANIZER_NOT_ACTIVE']],
    ['GET /me of someone never insured', { scheme: 'NONE', status: 'NONE' }, ['ORGANIZER_NOT_ACTIVE', 'ORGANIZER_NOT_EMPLOYEE']],
  ])('P-FAM-1 #14 finding 11: organizerReasons on insurance alone, %s → %j', (_l, insurance, expected) => {
    expect(codes(organizerReasons(insurance))).toEqual(expected);
  });
  it('a binding by a non-employee lists the organizer reasons and no member check (P-FAM-11)', () => {
    const r = checkBinding({ at: NOW, policy, organizer: resident({ personId: 'o2' }), member: null, declared: 'PARENT', registryRelation: null, existingMemberIds: [] });
    expect(codes(r.reasons)).toEqual(['ORGANIZER_NOT_EMPLOYEE']);
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
  });
});

describe('P-FAM-2 members are known to the registry; an employee member must be active', () => {
  it('unknown member → RELATION_UNVERIFIED, the one reason of P-FAM-11', () => {
    const r = bind({ member: null });
    expect(codes(r.reasons)).toEqual(['RELATION_UNVERIFIED']);
    expect(r.ok).toBe(false);
  });
  it('suspended employee member → MEMBER_NOT_ACTIVE', () => {
    const m = person({ personId: 'm', birthDate: '1950-01-01', insurance: { status: 'SUSPENDED' } });
    expect(codes(bind({ member: m }).reasons)).toEqual(['MEMBER_NOT_ACTIVE']);
  });
  it.each([
    ['suspended resident', { scheme: 'RESIDENT' as const, status: 'SUSPENDED' as const }],
    ['never insured', { scheme: 'NONE' as const, status: 'NONE' as const }],
  ])('%s may be bound (premium payment is how they enrol)', (_l, ins) => {
    const m = resident({ personId: 'm', birthDate: '1950-01-01', insurance: ins });
    expect(bind({ member: m }).ok).toBe(true);
  });
  it('PAY use applies to a resident member only while ACTIVE', () => {
    const active = resident();
    const suspended = resident({ insurance: { status: 'SUSPENDED' } });
    expect(mayUsePay(active, 'ACTIVE', { pay: true, premium: false })).toBe(true);
    expect(mayUsePay(suspended, 'ACTIVE', { pay: true, premium: false })).toBe(false);
    expect(mayUsePay(active, 'PENDING_CONSENT', { pay: true, premium: false })).toBe(false);
  });
});

describe('P-FAM-3 relations allowed by the policy in force (NARROW / NEAR)', () => {
  it.each([
    ['NARROW', 'SIBLING', false],
    ['NARROW', 'GRANDPARENT', false],
    ['NARROW', 'GRANDCHILD', false],
    ['NARROW', 'SPOUSE', true],
    ['NEAR', 'SIBLING', true],
    ['NEAR', 'GRANDPARENT', true],
  ] as const)('%s allows %s: %s', (rel, relation, allowed) => {
    expect(ALLOWED_RELATIONS[rel].includes(relation)).toBe(allowed);
  });
  it('a sibling under NARROW → RELATION_NOT_ALLOWED', () => {
    const sib = person({ personId: 's', birthDate: '1985-11-11', sex: 'F', insurance: { region: '320505' } });
    const r = bind({ member: sib, declared: 'SIBLING', registryRelation: 'SIBLING', policy: { ...policy, relations: 'NARROW' } });
    expect(codes(r.reasons)).toEqual(['RELATION_NOT_ALLOWED']);
    expect(bind({ member: sib, declared: 'SIBLING', registryRelation: 'SIBLING' }).ok).toBe(true);
  });
});

describe('P-FAM-4 geography compares 参保地 within POOL / PROVINCE / NATION', () => {
  const at = (region: string, idRegion = '320102') =>
    resident({ personId: `g${region}`, birthDate: '1952-07-08', insurance: { region } }) && { region, idRegion };
  it.each([
    ['POOL', '320102', true],
    ['POOL', '320302', false],
    ['PROVINCE', '320302', true],
    ['PROVINCE', '340102', false],
    ['NATION', '340102', true],
  ] as const)('%s scope, member insured in %s → allowed %s', (scope, region, ok) => {
    const m = resident({ personId: 'm', birthDate: '1952-07-08', insurance: { region } });
    const r = bind({ member: m, policy: { ...policy, scope } });
    expect(r.ok).toBe(ok);
    if (!ok) expect(codes(r.reasons)).toEqual(['REGION_NOT_ALLOWED']);
    expect(at(region)).toBeTruthy();
  });
});

describe('P-FAM-5 relation matches the registry and is plausible from birth dates', () => {
  it('P-FAM-5 confirmedRelative: a registry record of the person and the declared relation, both', () => {
    const m = resident({ personId: 'm' });
    expect(confirmedRelative({ member: m, declared: 'PARENT', registryRelation: 'PARENT' })).toBe(true);
    expect(confirmedRelative({ member: null, declared: 'PARENT', registryRelation: 'PARENT' })).toBe(false);
    expect(confirmedRelative({ member: m, declared: 'PARENT', registryRelation: 'CHILD' })).toBe(false);
    expect(confirmedRelative({ member: m, declared: 'PARENT', registryRelation: null })).toBe(false);
  });
  it('registry does not know the relation → RELATION_UNVERIFIED', () => {
    expect(codes(bind({ registryRelation: null }).reasons)).toEqual(['RELATION_UNVERIFIED']);
  });
  it('registry knows a different relation → RELATION_UNVERIFIED', () => {
    expect(codes(bind({ registryRelation: 'GRANDPARENT' }).reasons)).toEqual(['RELATION_UNVERIFIED']);
  });
  it.each([
    ['PARENT younger than organizer', 'PARENT', '1990-01-01', 'M', false],
    ['PARENT born same day', 'PARENT', '1980-03-14', 'M', false],
    ['GRANDPARENT older', 'GRANDPARENT', '1930-01-01', 'F', true],
    ['CHILD older than organizer', 'CHILD', '1970-01-01', 'M', false],
    ['GRANDCHILD younger', 'GRANDCHILD', '2020-01-01', 'M', true],
    ['SPOUSE woman aged 20', 'SPOUSE', '2006-11-24', 'F', true],
    ['SPOUSE woman aged 19', 'SPOUSE', '2006-11-25', 'F', false],
    ['SPOUSE man aged 22', 'SPOUSE', '2004-11-24', 'M', true],
    ['SPOUSE man aged 21', 'SPOUSE', '2004-11-25', 'M', false],
    ['SIBLING any age', 'SIBLING', '1960-01-01', 'M', true],
  ] as const)('%s → plausible %s', (_l, declared, birthDate, sex, ok) => {
    const m = resident({ personId: 'm', birthDate, sex });
    const r = bind({ member: m, declared, registryRelation: declared });
    expect(codes(r.reasons)).toEqual(ok ? [] : ['RELATION_IMPLAUSIBLE']);
  });
  it.each([
    ['CHILD', 'M'],
    ['GRANDCHILD', 'F'],
    ['PARENT', 'F'],
    ['GRANDPARENT', 'M'],
  ] as const)('P-FAM-5 a %s sharing the organizer’s birth date is implausible', (declared, sex) => {
    const m = resident({ personId: 'm', birthDate: organizer.birthDate, sex });
    const r = bind({ member: m, declared, registryRelation: declared });
    expect(codes(r.reasons)).toEqual(['RELATION_IMPLAUSIBLE']);
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
  });
  it('P-FAM-5 spouses: both must be of marriage age (the organizer too)', () => {
    const young = person({ personId: 'yo', birthDate: '2005-01-01', sex: 'M' }); // 21
    const wife = resident({ personId: 'w', birthDate: '2000-01-01', sex: 'F' });
    expect(codes(checkBinding({ at: NOW, policy, organizer: young, member: wife, declared: 'SPOUSE', registryRelation: 'SPOUSE', existingMemberIds: [] }).reasons)).toEqual(['RELATION_IMPLAUSIBLE']);
    const older = person({ personId: 'ol', birthDate: '2004-11-24', sex: 'M' }); // 22 today
    expect(checkBinding({ at: NOW, policy, organizer: older, member: wife, declared: 'SPOUSE', registryRelation: 'SPOUSE', existingMemberIds: [] }).ok).toBe(true);
  });
  it('the inverse of every relation maps back', () => {
    for (const rel of Object.keys(INVERSE_RELATION) as Relation[]) expect(INVERSE_RELATION[INVERSE_RELATION[rel]]).toBe(rel);
  });
});

describe('P-FAM-6 adults consent first; a minor child or grandchild is bound at once', () => {
  it.each([
    ['adult parent', 'PARENT', '1952-07-08', 'PENDING_CONSENT'],
    ['minor child', 'CHILD', '2015-06-12', 'ACTIVE'],
    ['minor grandchild', 'GRANDCHILD', '2020-06-12', 'ACTIVE'],
    ['adult child', 'CHILD', '2005-01-01', 'PENDING_CONSENT'],
  ] as const)('%s → %s', (_l, declared, birthDate, status) => {
    const m = resident({ personId: 'm', birthDate });
    expect(bind({ member: m, declared, registryRelation: declared }).status).toBe(status);
  });
  it('a minor sibling still needs consent (the organizer is not their guardian)', () => {
    expect(needsConsent(resident({ birthDate: '2012-01-01' }), 'SIBLING', NOW)).toBe(true);
  });
  it('turning 18 on the evaluation day makes consent needed', () => {
    const m = resident({ birthDate: '2008-11-24' });
    expect(needsConsent(m, 'CHILD', NOW)).toBe(true);
    expect(needsConsent(m, 'CHILD', new Date('2026-11-23T12:00:00+08:00'))).toBe(false);
  });
});

describe('P-FAM-7 members use PAY or PREMIUM only once the organizer enables it', () => {
  it.each([
    [{ pay: false, premium: true }, false],
    [{ pay: true, premium: false }, true],
  ])('modes %j → PAY usable %s', (modes, ok) => {
    expect(mayUsePay(resident(), 'ACTIVE', modes)).toBe(ok);
  });
});

describe('P-FAM-8 no self-binding, no duplicates, member limit', () => {
  it('binding oneself → SELF_BINDING', () => {
    const r = bind({ member: organizer, declared: 'SPOUSE', registryRelation: null });
    expect(codes(r.reasons)).toEqual(['SELF_BINDING']);
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
    expect(r.reasons[0].rule).toBe('P-FAM-8');
  });
  it('a member already bound or pending → DUPLICATE_MEMBER', () => {
    const r = bind({ existingMemberIds: ['m'] });
    expect(codes(r.reasons)).toEqual(['DUPLICATE_MEMBER']);
    expect(r).toMatchObject({ ok: false, status: null });
    expect(bind({ existingMemberIds: ['x', 'y'] })).toMatchObject({ ok: true, reasons: [] });
  });
  it('the configured limit → MEMBER_LIMIT_REACHED', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `x${i}`);
    expect(codes(bind({ existingMemberIds: ids }).reasons)).toEqual(['MEMBER_LIMIT_REACHED']);
    expect(bind({ existingMemberIds: ids.slice(0, 9) }).ok).toBe(true);
    expect(codes(bind({ existingMemberIds: ids.slice(0, 2), policy: { ...policy, maxMembers: 2 } }).reasons)).toEqual(['MEMBER_LIMIT_REACHED']);
  });
  it('every failing reason of a confirmed relative is listed together (P-PAY-9 style)', () => {
    const m = person({ personId: 'm', birthDate: '1999-01-01', insurance: { status: 'SUSPENDED', region: '410102' } });
    const r = bind({ member: m, declared: 'GRANDPARENT', registryRelation: 'GRANDPARENT', existingMemberIds: ['m'], policy: { ...policy, relations: 'NARROW' } });
    expect(codes(r.reasons)).toEqual(['DUPLICATE_MEMBER', 'MEMBER_NOT_ACTIVE', 'REGION_NOT_ALLOWED', 'RELATION_IMPLAUSIBLE', 'RELATION_NOT_ALLOWED']);
    for (const reason of r.reasons) expect(reason.rule).toMatch(/^P-FAM-\d+$/);
  });
  it('property: a binding is ok exactly when no reason fails', () => {
    const arb = fc.record({
      declared: fc.constantFrom<Relation>('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'),
      registry: fc.option(fc.constantFrom<Relation>('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD')),
      birth: fc.constantFrom('1930-01-01', '1952-07-08', '1985-11-11', '2015-06-12'),
      region: fc.constantFrom('320102', '320302', '340102'),
      count: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const m: PersonFacts = resident({ personId: 'm', birthDate: a.birth, insurance: { region: a.region } });
        const r = bind({ member: m, declared: a.declared, registryRelation: a.registry, existingMemberIds: Array.from({ length: a.count }, (_, i) => `x${i}`) });
        return r.ok === (r.reasons.length === 0) && (r.ok ? r.status !== null : r.status === null);
      }),
    );
  });
});

describe('P-FAM-11 binding is no oracle: one reason until the registry confirms the relative', () => {
  const stranger = (over: Parameters<typeof person>[0] = {}) => person({ personId: 'm', birthDate: '1952-07-08', ...over });
  it.each([
    ['an ID the registry does not know (or a wrong name)', { member: null, registryRelation: null }],
    ['a real person who is no relative', { member: stranger(), registryRelation: null }],
    ['a relative of another relation', { member: stranger(), registryRelation: 'SIBLING' as const }],
    ['a suspended employee in another province, unrelated', { member: stranger({ insurance: { status: 'SUSPENDED', region: '410102' } }), registryRelation: null }],
    ['a suspended employee in another province, other relation', { member: stranger({ insurance: { status: 'SUSPENDED', region: '410102' } }), registryRelation: 'CHILD' as const }],
  ])('%s → only RELATION_UNVERIFIED, nothing of their insurance, status or region', (_l, over) => {
    const r = bind(over);
    expect(r.reasons.map((x) => x.code)).toEqual(['RELATION_UNVERIFIED']);
    expect(r.reasons[0].rule).toBe('P-FAM-11');
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
  });
  it('a confirmed relative gets the member reasons (P-FAM-2, P-FAM-4)', () => {
    const m = stranger({ insurance: { status: 'SUSPENDED', region: '410102' } });
    expect(codes(bind({ member: m, registryRelation: 'PARENT' }).reasons)).toEqual(['MEMBER_NOT_ACTIVE', 'REGION_NOT_ALLOWED']);
  });
  it('an organizer failing P-FAM-1 is told only that, even for a confirmed relative with problems', () => {
    const m = stranger({ insurance: { status: 'SUSPENDED', region: '410102' } });
    const r = bind({ organizer: person({ personId: 'o3', insurance: { status: 'SUSPENDED' } }), member: m, registryRelation: 'PARENT' } as Partial<BindingInput>);
    expect(codes(r.reasons)).toEqual(['ORGANIZER_NOT_ACTIVE']);
    expect(r).toMatchObject({ ok: false, status: null });
  });
  it('P-FAM-11 an organizer failing P-FAM-1 is refused even when nothing else is wrong', () => {
    const ok = resident({ personId: 'm', birthDate: '1952-07-08', insurance: { region: '320102' } });
    const r = bind({ organizer: person({ personId: 'o4', birthDate: '1980-03-14', insurance: { account: null } }), member: ok, registryRelation: 'PARENT' });
    expect(r).toEqual({ ok: false, reasons: [expect.objectContaining({ code: 'ORGANIZER_NOT_EMPLOYEE' })], status: null });
  });
  it('P-FAM-11 request-level reasons alone refuse a confirmed, otherwise fine relative', () => {
    const r = bind({ declared: 'GRANDPARENT', registryRelation: 'GRANDPARENT', member: resident({ personId: 'm', birthDate: '1930-01-01' }), policy: { ...policy, relations: 'NARROW' } });
    expect(r).toMatchObject({ ok: false, status: null });
    expect(codes(r.reasons)).toEqual(['RELATION_NOT_ALLOWED']);
  });
  it('request-level reasons (relation policy, member limit) are told with the one member reason', () => {
    const r = bind({ member: null, declared: 'SIBLING', policy: { ...policy, relations: 'NARROW', maxMembers: 1 }, existingMemberIds: ['x'] });
    expect(codes(r.reasons)).toEqual(['MEMBER_LIMIT_REACHED', 'RELATION_NOT_ALLOWED', 'RELATION_UNVERIFIED']);
  });
  it('binding oneself is SELF_BINDING (it tells the caller nothing new)', () => {
    expect(codes(bind({ member: { ...organizer }, registryRelation: null }).reasons)).toEqual(['SELF_BINDING']);
  });
  it('property: an unconfirmed person gets the same reasons whatever their insurance', () => {
    const insurance = fc.record({
      scheme: fc.constantFrom('EMPLOYEE' as const, 'RESIDENT' as const),
      status: fc.constantFrom('ACTIVE' as const, 'SUSPENDED' as const, 'TERMINATED' as const),
      region: fc.constantFrom('320102', '410102', '110101'),
    });
    fc.assert(
      fc.property(insurance, fc.option(fc.constantFrom<Relation>('SPOUSE', 'CHILD', 'SIBLING')), fc.constantFrom('1930-01-01', '2015-06-12'), (ins, registry, birthDate) => {
        const r = bind({ member: stranger({ birthDate, insurance: ins }), registryRelation: registry });
        const unknown = bind({ member: null, registryRelation: null });
        expect(r.reasons).toEqual(unknown.reasons);
      }),
    );
  });
});

describe('P-FAM-9 only historical balances are shared; an employee member spends their own first', () => {
  it('an employee member spends own 历年结余 first, then family funds, then cash', () => {
    const m = person({ insurance: { account: { historicalFen: 3000, currentFen: 9999 } } });
    expect(planFamilyDraw(10000, m, 5000)).toEqual({ ownHistoricalFen: 3000, familyFen: 5000, cashFen: 2000 });
  });
  it('a resident member uses family funds directly', () => {
    expect(planFamilyDraw(10000, resident(), 50000)).toEqual({ ownHistoricalFen: 0, familyFen: 10000, cashFen: 0 });
  });
  it('P-FAM-9 a RESIDENT member who kept an account from an earlier job still uses family funds directly', () => {
    const m = resident({ insurance: { account: { historicalFen: 8000, currentFen: 0 } } });
    expect(planFamilyDraw(10000, m, 50000)).toEqual({ ownHistoricalFen: 0, familyFen: 10000, cashFen: 0 });
  });
  it('property: the parts always sum to the bill and none is negative', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000), (bill, own, family) => {
        const p = planFamilyDraw(bill, person({ insurance: { account: { historicalFen: own, currentFen: 0 } } }), family);
        return p.ownHistoricalFen + p.familyFen + p.cashFen === bill && p.ownHistoricalFen >= 0 && p.familyFen >= 0 && p.cashFen >= 0 && p.familyFen <= family;
      }),
    );
  });
});

describe('P-FAM-10 funds are shared, the code is not: a member code names the member', () => {
  it('the organizer may show a code for an ACTIVE member, not a pending one, and not for strangers', () => {
    expect(mayShowCode('org', 'child', 'ACTIVE')).toBe(true);
    expect(mayShowCode('org', 'parent', 'PENDING_CONSENT')).toBe(false);
    expect(mayShowCode('org', 'stranger', null)).toBe(false);
    expect(mayShowCode('org', 'org', null)).toBe(true);
  });
});

describe('P-FAM-6 #14 finding 10: a declined invitation is told to the organizer for 30 days', () => {
  it('declineNoticeSince is exactly DECLINE_NOTICE_DAYS (30) days before the instant', () => {
    expect(DECLINE_NOTICE_DAYS).toBe(30);
    expect(declineNoticeSince(new Date('2026-11-24T02:00:00Z')).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });
});
