import { bind, bindAll, enablePremium, familyOf } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code).sort();

let t: TestApp;
let wang: { auth: Auth; personId: string };
const p: Record<string, string> = {};
beforeAll(async () => {
  t = await makeApp();
  const family = await familyOf(t, W.wang, [
    ['wife', W.wangWife, 'SPOUSE'],
    ['son', W.wangSon, 'CHILD'],
    ['father', W.wangFather, 'PARENT'],
    ['sister', W.wangSister, 'SIBLING'],
  ]);
  wang = family.organizer;
  Object.assign(p, family.p);
});
afterAll(() => t.close());

const eligibility = (auth: Auth, productId: string, insured: string[]) => t.http().post('/api/v1/eligibility').set(auth).send({ productId, insured });

describe('GET /products', () => {
  it('lists the world products with the API.md fields', async () => {
    const res = await t.http().get('/api/v1/products').set(wang.auth);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4);
    expect(res.body[0]).toEqual({
      productId: 'JS-YHB-2027',
      kind: 'HUIMINBAO',
      name: '江苏医惠保1号(2027年度)',
      year: 2027,
      opensAt: '2026-09-01T00:00:00+08:00',
      closesAt: '2026-12-31T23:59:59+08:00',
      description: expect.stringContaining('保障期间'),
      coverage: expect.arrayContaining([expect.stringContaining('住院')]),
    });
  });
  it('#14 finding 8 description (投保须知) and coverage come from the product data, only when present', async () => {
    const res = await t.http().get('/api/v1/products').set(wang.auth);
    const byId = Object.fromEntries((res.body as { productId: string }[]).map((p) => [p.productId, p]));
    expect(byId['JS-YHB-2027']).toMatchObject({ coverage: expect.any(Array), description: expect.any(String) });
    expect(byId['ZB-RES-2027']).not.toHaveProperty('description');
    expect(byId['ZB-RES-2027']).not.toHaveProperty('coverage');
  });
  it('401 without a token', async () => {
    expect((await t.http().get('/api/v1/products')).status).toBe(401);
  });
});

describe('POST /eligibility (P-PAY, every failing reason listed: P-PAY-9)', () => {
  it('an ID number sent where a personId goes is refused (400), never echoed back (API.md: no response carries a full ID number)', async () => {
    const res = await eligibility(wang.auth, 'JS-YHB-2027', [wang.personId, W.wangFather]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toContain(W.wangFather);
  });

  it('惠民保 for self, spouse, child and a parent in another Jiangsu city (P-PAY-3): eligible, server prices, cover 1 January', async () => {
    const res = await eligibility(wang.auth, 'JS-YHB-2027', [wang.personId, p.wife, p.son, p.father]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      eligible: true,
      totalFen: 23600,
      balance: { historicalFen: 500000, currentFen: 20000 },
      debit: { historicalFen: 17700, currentFen: 5900 },
      payer: { reasons: [] },
      insured: [wang.personId, p.wife, p.son, p.father].map((personId) => ({
        personId,
        eligible: true,
        amountFen: 5900,
        category: 'DEFAULT',
        coverFrom: '2027-01-01',
        waitingMonths: 0,
        reasons: [],
      })),
    });
  });

  it('a sibling is bound but outside the product relations → RELATION_NOT_ALLOWED (P-PAY-2)', async () => {
    const res = await eligibility(wang.auth, 'JS-YHB-2027', [p.sister]);
    expect(res.body.eligible).toBe(false);
    expect(codes(res.body.insured[0].reasons)).toEqual(['RELATION_NOT_ALLOWED']);
    expect(res.body.insured[0].reasons[0]).toEqual({ code: 'RELATION_NOT_ALLOWED', message: expect.any(String), personId: p.sister });
  });

  it('a person who is not a member → NOT_BOUND (P-PAY-2), unknown ids too', async () => {
    const chen = await t.citizen(W.chen);
    const res = await eligibility(wang.auth, 'JS-YHB-2027', [chen.personId, 'p_doesnotexist']);
    expect(res.status).toBe(200);
    expect(res.body.insured.map((i: { reasons: { code: string }[] }) => codes(i.reasons))).toEqual([['NOT_BOUND'], ['NOT_BOUND']]);
  });

  it('PREMIUM off → MODE_NOT_ENABLED (P-FAM-7, P-PAY-2)', async () => {
    await enablePremium(t, wang.auth, false);
    try {
      const res = await eligibility(wang.auth, 'JS-YHB-2027', [p.wife]);
      expect(codes(res.body.insured[0].reasons)).toEqual(['MODE_NOT_ENABLED']);
    } finally {
      await enablePremium(t, wang.auth, true);
    }
  });

  it('ENROLLMENT_CLOSED / ENROLLMENT_NOT_OPEN (P-PAY-6) as payer reasons', async () => {
    expect(codes((await eligibility(wang.auth, 'JS-YHB-2026', [wang.personId])).body.payer.reasons)).toEqual(['ENROLLMENT_CLOSED']);
    expect(codes((await eligibility(wang.auth, 'JS-YHB-2028', [wang.personId])).body.payer.reasons)).toEqual(['ENROLLMENT_NOT_OPEN']);
  });

  it.each([
    ['PAYER_NOT_EMPLOYEE', W.chen],
    ['PAYER_NOT_ACTIVE', W.zheng],
    ['PAYER_REGION_NOT_ELIGIBLE', W.ma],
  ])('%s (P-PAY-1)', async (code, id) => {
    const payer = await t.citizen(id);
    const res = await eligibility(payer.auth, 'JS-YHB-2027', [payer.personId]);
    expect(res.status).toBe(200);
    expect(codes(res.body.payer.reasons)).toContain(code);
    expect(res.body.eligible).toBe(false);
  });

  it('INSUFFICIENT_BALANCE when others exceed the 历年结余 (P-PAY-5, P-FAM-9)', async () => {
    const huang = await t.citizen(W.huang); // 30.00 historical + 80.00 current
    const mother = await bind(t, huang.auth, '320302195606060283', 'PARENT');
    await enablePremium(t, huang.auth);
    const self = await eligibility(huang.auth, 'JS-YHB-2027', [huang.personId]);
    expect(self.body.eligible).toBe(true); // own part from 当年 first
    expect(self.body.debit).toEqual({ historicalFen: 0, currentFen: 5900 }); // #14 finding 3: the bucket split before confirming
    expect(self.body).not.toHaveProperty('shortFen');
    const res = await eligibility(huang.auth, 'JS-YHB-2027', [huang.personId, mother.personId]);
    expect(res.body.eligible).toBe(false);
    expect(codes(res.body.payer.reasons)).toEqual(['INSUFFICIENT_BALANCE']);
    // #14 finding 8: by how much (the mother's 59.00 against 30.00 of 历年结余), and what would fit
    expect(res.body.shortFen).toBe(2900);
    expect(res.body.payable).toEqual({ insured: [huang.personId], totalFen: 5900 });
    expect(res.body).not.toHaveProperty('debit');
  });

  it('resident premium (P-PAY-4, P-WAIT): categories, assistance price, waiting periods, and every failing reason', async () => {
    const liu = await t.citizen(W.liu);
    const m = await bindAll(t, liu.auth, [
      ['mother', W.liuMother, 'PARENT'],
      ['father', W.liuFather, 'PARENT'],
      ['son', W.liuSon, 'CHILD'],
      ['wife', W.liuWife, 'SPOUSE'],
      ['brother', W.liuBrother, 'SIBLING'],
    ]);
    await enablePremium(t, liu.auth);
    const res = await eligibility(liu.auth, 'ZB-RES-2027', [m.mother, m.father, m.son, m.wife, m.brother]);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.insured.map((i: { personId: string }) => [i.personId, i]));
    expect(byId[m.mother]).toMatchObject({ eligible: true, amountFen: 44000, category: 'ADULT', waitingMonths: 3, coverFrom: '2027-04-01' });
    expect(byId[m.father]).toMatchObject({ eligible: true, amountFen: 22000, category: 'DIBAO_EDGE', waitingMonths: 0, coverFrom: '2027-01-01' });
    expect(byId[m.son]).toMatchObject({ eligible: true, amountFen: 34000, category: 'STUDENT_CHILD', waitingMonths: 4, coverFrom: '2027-05-01' });
    expect(codes(byId[m.wife].reasons)).toEqual(['ALREADY_EMPLOYEE_INSURED']);
    expect(codes(byId[m.brother].reasons)).toEqual(['ALREADY_ENROLLED']);
    expect(res.body.eligible).toBe(false);

    // 惠民保 in Jiangsu for a Shandong family: payer and insured reasons together (P-PAY-9)
    const js = await eligibility(liu.auth, 'JS-YHB-2027', [m.son]);
    expect(codes(js.body.payer.reasons)).toEqual(['PAYER_REGION_NOT_ELIGIBLE']);
    expect(codes(js.body.insured[0].reasons)).toEqual(['INSURED_NOT_ACTIVE', 'INSURED_REGION_NOT_ELIGIBLE']);
  });

  it('404 for an unknown product; 400 for a malformed body', async () => {
    expect((await eligibility(wang.auth, 'NOPE-1', [wang.personId])).status).toBe(404);
    const bad = await t.http().post('/api/v1/eligibility').set(wang.auth).send({ productId: 'JS-YHB-2027', insured: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await t.http().post('/api/v1/eligibility').set(wang.auth).send({ productId: 'JS-YHB-2027', insured: [wang.personId, wang.personId] })).status).toBe(400);
  });
});
