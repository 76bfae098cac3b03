import { loadSpecWorld } from '../test-support';
import {
  addMemberBody,
  checkInBody,
  eligibilityBody,
  familyModesBody,
  hospitalSessionBody,
  idempotencyKey,
  loginBody,
  orderBody,
  qrcodeBody,
  refreshBody,
  SANDBOX_CODE,
  verifyIdentityBody,
} from './requests';
import { DEFAULT_OUTPATIENT } from '../rules/settlement';
import { ledgerQuery, settlementBody, settlementPreviewBody, settlementsSinceQuery } from './requests';
import { check, validationReasons } from './validation';
import { parseWorld, worldSchema } from './world';

describe('API.md request schemas (VALIDATION_FAILED field reasons)', () => {
  it('POST /identity/verify: every failing field is listed with its own code (P-ID-1, P-ID-3)', () => {
    const r = check(verifyIdentityBody, { name: '王', idNumber: '320102198003140114', phone: '2380000' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.map((x) => [x.code, x.field])).toEqual([
      ['NAME_INVALID', 'name'],
      ['ID_INVALID', 'idNumber'],
      ['PHONE_INVALID', 'phone'],
    ]);
    for (const reason of r.reasons) expect(reason.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('normalises a lower-case x and trims the fields', () => {
    const r = check(verifyIdentityBody, { name: ' 王德福 ', idNumber: '32030219520708013x', phone: ' 13800000002 ' });
    expect(r).toEqual({ ok: true, value: { name: '王德福', idNumber: '32030219520708013X', phone: '13800000002' } });
  });

  it('API.md WeChat, Phone: /identity/verify takes exactly one of phone and phoneProof; a malformed proof is PHONE_PROOF_INVALID', () => {
    const base = { name: '王建国', idNumber: '320102198003140113' };
    const proof = 'AbCdEfGhIjKlMnOpQrStUvWx';
    expect(check(verifyIdentityBody, { ...base, phoneProof: proof })).toEqual({ ok: true, value: { ...base, phoneProof: proof } });
    const codes = (body: unknown) => {
      const r = check(verifyIdentityBody, body);
      return r.ok ? [] : r.reasons.map((x) => [x.code, x.field]);
    };
    expect(codes(base)).toEqual([['PHONE_INVALID', 'phone']]);
    expect(codes({ ...base, phone: '13800000001', phoneProof: proof })).toEqual([['FIELD_INVALID', 'phoneProof']]);
    expect(codes({ ...base, phoneProof: 'short' })).toEqual([['PHONE_PROOF_INVALID', 'phoneProof']]);
    expect(codes({ ...base, phoneProof: 42 })).toEqual([['PHONE_PROOF_INVALID', 'phoneProof']]);
    expect(codes({ name: '王', idNumber: base.idNumber })).toEqual([['NAME_INVALID', 'name'], ['PHONE_INVALID', 'phone']]);
  });

  it('missing fields are named too', () => {
    const r = check(addMemberBody, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.map((x) => x.code)).toEqual(['NAME_INVALID', 'ID_INVALID', 'RELATION_INVALID']);
    expect(r.reasons[0].message).toBe('请填写姓名');
  });

  it('a body that is not an object is one reason on the body', () => {
    for (const body of [null, [], 'x', 42]) {
      const r = check(familyModesBody, body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reasons).toEqual([{ code: 'FIELD_INVALID', field: 'body', message: '请求内容格式不正确' }]);
    }
  });

  it('unknown keys are dropped, never assigned (mass assignment)', () => {
    const r = check(orderBody, { productId: 'JS-YHB-2027', insured: ['p1'], payMethod: 'SELF_PAY', totalFen: 1, status: 'PAID' });
    expect(r).toEqual({ ok: true, value: { productId: 'JS-YHB-2027', insured: ['p1'], payMethod: 'SELF_PAY' } });
  });

  it.each([
    ['empty list', { productId: 'P', insured: [] }],
    ['duplicates', { productId: 'P', insured: ['a', 'a'] }],
    ['non-string ids', { productId: 'P', insured: [1] }],
    ['too many', { productId: 'P', insured: Array.from({ length: 21 }, (_, i) => `p${i}`) }],
    ['odd characters', { productId: 'P/../x', insured: ['a'] }],
  ])('eligibility body refuses %s', (_l, body) => {
    expect(check(eligibilityBody, body).ok).toBe(false);
  });

  it('mode switches must be booleans, required', () => {
    expect(check(familyModesBody, { pay: true, premium: false }).ok).toBe(true);
    const r = check(familyModesBody, { pay: 'true' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons.map((x) => [x.code, x.field])).toEqual([['FIELD_INVALID', 'pay'], ['FIELD_REQUIRED', 'premium']]);
  });

  it('Idempotency-Key is 8–64 of A-Za-z0-9_-', () => {
    expect(idempotencyKey.safeParse('abcd1234').success).toBe(true);
    expect(idempotencyKey.safeParse('a'.repeat(64)).success).toBe(true);
    expect(idempotencyKey.safeParse('abc').success).toBe(false);
    expect(idempotencyKey.safeParse('a'.repeat(65)).success).toBe(false);
    expect(idempotencyKey.safeParse('abcd 1234').success).toBe(false);
  });

  it('sign-in: sandbox:<openid> with 1–64 of A-Za-z0-9_-', () => {
    expect(check(loginBody, { code: 'sandbox:user_1' }).ok).toBe(true);
    expect(SANDBOX_CODE.exec('sandbox:user_1')?.[1]).toBe('user_1');
    expect(SANDBOX_CODE.test('sandbox:')).toBe(false);
    expect(SANDBOX_CODE.test(`sandbox:${'a'.repeat(65)}`)).toBe(false);
    expect(SANDBOX_CODE.test('sandbox:a b')).toBe(false);
    expect(check(loginBody, { code: '' }).ok).toBe(false);
    expect(check(refreshBody, { refreshToken: 'x' }).ok).toBe(true);
    expect(check(refreshBody, {}).ok).toBe(false);
  });

  it('QR, hospital session and check-in bodies', () => {
    expect(check(qrcodeBody, { personId: 'abc' }).ok).toBe(true);
    expect(check(qrcodeBody, { personId: '' }).ok).toBe(false);
    // API.md: no response ever contains a full ID number; ids are echoed, so none may be one
    // (reliability privacy scan: an ID number sent as an insured personId came back in /eligibility)
    for (const personId of ['320102198001010016', '32010219800101001X', '13800000000', 'p_13800000000']) expect(check(qrcodeBody, { personId }).ok).toBe(false);
    expect(check(qrcodeBody, { personId: 'p_Ab3-_x9' }).ok).toBe(true);
    expect(check(hospitalSessionBody, { hospitalId: 'H1', secret: 's' }).ok).toBe(true);
    expect(check(hospitalSessionBody, { hospitalId: 'H1' }).ok).toBe(false);
    expect(check(checkInBody, { token: 't', department: ' 内科 ' })).toEqual({ ok: true, value: { token: 't', department: '内科' } });
    expect(check(checkInBody, { token: 't', department: '' }).ok).toBe(false);
    // reliability fuzzing: a NUL in the department reached PostgreSQL and answered 500
    for (const bad of ['内\u0000科', '内科\u001b', '\u0007']) expect(check(checkInBody, { token: 't', department: bad })).toMatchObject({ ok: false });
    expect(check(checkInBody, { token: 't' }).ok).toBe(true);
  });

  it('falls back to a Chinese message for an issue without one', () => {
    const r = qrcodeBody.safeParse({ personId: 'x'.repeat(100) });
    expect(r.success).toBe(false);
    if (!r.success) {
      const reasons = validationReasons(r.error);
      expect(reasons[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('API.md counter settlement bodies (P-SET-1, P-SET-5)', () => {
  const good = { checkInId: 'c_1', billNo: 'B-2026-0001', totalFen: 12000, compliantFen: 10000 };
  it('a bill: payFromAccounts defaults to true; preview needs no bill number', () => {
    expect(check(settlementBody, good)).toEqual({ ok: true, value: { ...good, payFromAccounts: true } });
    const { billNo: _b, ...preview } = good;
    expect(check(settlementPreviewBody, { ...preview, payFromAccounts: false })).toEqual({ ok: true, value: { ...preview, payFromAccounts: false } });
    expect(check(settlementBody, { ...good, totalFen: 0, compliantFen: 0 }).ok).toBe(true);
    expect(check(settlementBody, { ...good, totalFen: 10_000_000, compliantFen: 10_000_000 }).ok).toBe(true);
  });
  it.each([
    ['a negative amount', { totalFen: -1 }, 'totalFen', 'AMOUNT_INVALID'],
    ['a fractional amount', { compliantFen: 100.5 }, 'compliantFen', 'AMOUNT_INVALID'],
    ['an absurd amount', { totalFen: 10_000_001, compliantFen: 1 }, 'totalFen', 'AMOUNT_INVALID'],
    ['a string amount', { totalFen: '12000' }, 'totalFen', 'AMOUNT_INVALID'],
    ['compliant above total', { compliantFen: 12001 }, 'compliantFen', 'COMPLIANT_OVER_TOTAL'],
    ['a bill number with a slash', { billNo: 'B/1' }, 'billNo', 'FIELD_INVALID'],
    ['a bill number too long', { billNo: 'B'.repeat(65) }, 'billNo', 'FIELD_INVALID'],
    ['no check-in', { checkInId: undefined }, 'checkInId', 'FIELD_REQUIRED'],
    ['payFromAccounts not a boolean', { payFromAccounts: 'yes' }, 'payFromAccounts', 'FIELD_INVALID'],
  ])('refuses %s (400, the field named)', (_l, over, field, code) => {
    const r = check(settlementBody, { ...good, ...over });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons).toEqual([expect.objectContaining({ field, code, message: expect.stringMatching(/[\u4e00-\u9fff]/) })]);
  });
  it('ledger paging: limit 1–100, default 20, an opaque cursor', () => {
    expect(check(ledgerQuery, {})).toEqual({ ok: true, value: { limit: 20 } });
    expect(check(ledgerQuery, { limit: '100', before: 'abc_1' })).toEqual({ ok: true, value: { limit: 100, before: 'abc_1' } });
    for (const q of [{ limit: '0' }, { limit: '101' }, { limit: '1.5' }, { limit: 'x' }, { before: 'a b' }]) expect(check(ledgerQuery, q).ok).toBe(false);
  });
  it('the hospital list: since is an ISO-8601 instant with an offset', () => {
    expect(check(settlementsSinceQuery, { since: '2026-11-24T00:00:00+08:00' }).ok).toBe(true);
    expect(check(settlementsSinceQuery, {}).ok).toBe(true);
    for (const since of ['2026-11-24', 'yesterday', '2026-11-24T00:00:00', '2026-13-24T00:00:00Z']) expect(check(settlementsSinceQuery, { since }).ok).toBe(false);
  });
});

describe('API.md sandbox world file', () => {
  it('the worked example in ../shared/fixtures parses, with defaults filled in', () => {
    const r = parseWorld(loadSpecWorld());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.world.citizens.length).toBeGreaterThan(10);
      expect(r.world.familyPolicy).toEqual({ relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 });
    }
  });

  it('a minimal world gets every default', () => {
    const w = worldSchema.parse({ citizens: [] });
    expect(w).toEqual({
      citizens: [],
      relations: [],
      hospitals: [],
      products: [],
      familyPolicy: { relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 },
      outpatient: DEFAULT_OUTPATIENT,
      maintenance: [],
    });
  });

  it('P-SET-2 outpatient: the fund per scheme (each defaulted alone) and a citizen’s yearly counters', () => {
    const r = parseWorld(loadSpecWorld());
    expect(r.ok && r.world.outpatient).toEqual({
      EMPLOYEE: { deductibleFen: 20000, ratioPct: 70, capFen: 300000 },
      RESIDENT: { deductibleFen: 0, ratioPct: 50, capFen: 50000 },
    });
    const partial = worldSchema.parse({ citizens: [], outpatient: { RESIDENT: { deductibleFen: 100, ratioPct: 60, capFen: 1000 } } });
    expect(partial.outpatient).toEqual({ EMPLOYEE: DEFAULT_OUTPATIENT.EMPLOYEE, RESIDENT: { deductibleFen: 100, ratioPct: 60, capFen: 1000 } });
    const bad = parseWorld({ citizens: [], outpatient: { EMPLOYEE: { deductibleFen: -1, ratioPct: 101, capFen: 1.5 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.split(':')[0]).sort()).toEqual(['outpatient.EMPLOYEE.capFen', 'outpatient.EMPLOYEE.deductibleFen', 'outpatient.EMPLOYEE.ratioPct']);
    const world = loadSpecWorld() as { citizens: { insurance: { outpatient?: unknown } }[] };
    const counted = world.citizens.find((c) => c.insurance.outpatient)!;
    const badCounters = structuredClone(world) as typeof world;
    badCounters.citizens[world.citizens.indexOf(counted)].insurance.outpatient = { year: 2026, deductibleMetFen: -5, fundPaidFen: 0 };
    expect(parseWorld(badCounters).ok).toBe(false);
  });

  it('a bad file is refused with the failing field named', () => {
    const world = loadSpecWorld() as { citizens: { phone: string; idNumber: string }[]; relations: { relative: string }[]; products: { priceFen: object; closesAt: string }[] };
    world.citizens[3].phone = '123';
    world.relations[0].relative = '110101199003070012';
    world.products[0].priceFen = {};
    world.products[1].closesAt = '2025-01-01T00:00:00+08:00';
    world.citizens.push({ ...world.citizens[0] });
    const r = parseWorld(world);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('citizens[3].phone');
    expect(text).toContain('relations[0].relative');
    expect(text).toContain('products[0].priceFen');
    expect(text).toContain('products[1].closesAt');
    expect(text).toMatch(/citizens\[\d+\]\.idNumber: is a duplicate/);
  });

  it('refuses an account on a resident, NONE with another status, and duplicate ids', () => {
    const base = { idNumber: '320102198003140113', name: '王建国', phone: '13800000001' };
    const bad = [
      { ...base, insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102', account: { historicalFen: 1, currentFen: 1 } } },
      { ...base, idNumber: '32030219520708013X', insurance: { scheme: 'NONE', status: 'ACTIVE', region: '320102' } },
    ];
    const r = parseWorld({
      citizens: bad,
      products: [
        { productId: 'A', kind: 'HUIMINBAO', name: 'a', year: 2027, opensAt: '2026-09-01T00:00:00+08:00', closesAt: '2026-12-31T00:00:00+08:00', regions: ['32'], relations: ['SELF'], priceFen: { DEFAULT: 1 } },
        { productId: 'A', kind: 'HUIMINBAO', name: 'a', year: 2027, opensAt: '2026-09-01T00:00:00+08:00', closesAt: '2026-12-31T00:00:00+08:00', regions: ['32'], relations: ['SELF'], priceFen: { DEFAULT: 1 } },
      ],
      hospitals: [
        { hospitalId: 'H', name: 'h', secret: 's', region: '320102' },
        { hospitalId: 'H', name: 'h', secret: 's', region: '320102' },
      ],
      maintenance: [{ startsAt: '2026-01-02T00:00:00+08:00', endsAt: '2026-01-01T00:00:00+08:00', message: 'm' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('citizens[0].insurance');
    expect(text).toContain('citizens[1].insurance');
    expect(text).toContain('products[1].productId');
    expect(text).toContain('hospitals[1].hospitalId');
    expect(text).toContain('maintenance[0].endsAt');
    expect(parseWorld(null)).toEqual({ ok: false, problems: [expect.stringContaining('(root)')] });
  });
});
