import { sql } from 'drizzle-orm';
import { bind, enablePremium, wangHousehold } from '../../test/family-setup';
import { demo, makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code).sort();
let keyN = 0;
const newKey = () => `key-${Date.now()}-${++keyN}`;

const order = (t: TestApp, auth: Auth, key: string | null, body: object) => {
  const req = t.http().post('/api/v1/orders').set(auth);
  return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
};
const balance = async (t: TestApp, auth: Auth) => (await t.http().get('/api/v1/me').set(auth)).body.person.insurance.account;

describe('POST /orders (P-PAY-5, P-PAY-8)', () => {
  let t: TestApp;
  let wang: { auth: Auth; personId: string };
  const p: Record<string, string> = {};
  beforeAll(async () => {
    t = await makeApp();
    const family = await wangHousehold(t);
    wang = family.organizer;
    Object.assign(p, family.p);
  });
  afterAll(() => t.close());

  let first: { key: string; body: object; answer: Record<string, unknown> };

  it('201 PAID from the personal account: others from 历年结余, own part from 当年 first (P-PAY-5, P-FAM-9)', async () => {
    const key = newKey();
    const body = { productId: 'JS-YHB-2027', insured: [wang.personId, p.wife, p.son], payMethod: 'PERSONAL_ACCOUNT', totalFen: 1 };
    const res = await order(t, wang.auth, key, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderId: expect.any(String),
      status: 'PAID',
      totalFen: 17700, // the server's price, whatever the body says
      items: [
        { personId: wang.personId, amountFen: 5900, coverFrom: '2027-01-01' },
        { personId: p.wife, amountFen: 5900, coverFrom: '2027-01-01' },
        { personId: p.son, amountFen: 5900, coverFrom: '2027-01-01' },
      ],
      debit: { historicalFen: 11800, currentFen: 5900 },
    });
    expect(await balance(t, wang.auth)).toEqual({ historicalFen: 500000 - 11800, currentFen: 20000 - 5900 });
    first = { key, body, answer: res.body };
  });

  it('the same key and body returns the first answer again and charges nothing more (P-PAY-8)', async () => {
    const res = await order(t, wang.auth, first.key, first.body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(first.answer);
    expect(await balance(t, wang.auth)).toEqual({ historicalFen: 488200, currentFen: 14100 });
  });

  it('the same key with another body → 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const res = await order(t, wang.auth, first.key, { productId: 'JS-YHB-2027', insured: [p.father], payMethod: 'PERSONAL_ACCOUNT' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // whatever else the other body would be refused for: an unknown product, a stranger, self-pay
    for (const other of [
      { productId: 'NO-SUCH-PRODUCT', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' },
      { productId: 'JS-YHB-2027', insured: ['p_stranger'], payMethod: 'PERSONAL_ACCOUNT' },
      { productId: 'JS-YHB-2027', insured: [p.father], payMethod: 'SELF_PAY' },
    ]) {
      const again = await order(t, wang.auth, first.key, other);
      expect([again.status, again.body.error?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    }
    expect(await balance(t, wang.auth)).toEqual({ historicalFen: 488200, currentFen: 14100 });
  });

  it('keys are per user: another user may use the same key string', async () => {
    const huang = await t.citizen(W.huang);
    const res = await order(t, huang.auth, first.key, { productId: 'JS-YHB-2027', insured: [huang.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(res.status).toBe(201);
  });

  it('a person already paid for → 422 NOT_ELIGIBLE ALREADY_ENROLLED (P-PAY-7), nothing charged', async () => {
    const res = await order(t, wang.auth, newKey(), { productId: 'JS-YHB-2027', insured: [p.wife, p.father], payMethod: 'PERSONAL_ACCOUNT' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('NOT_ELIGIBLE');
    expect(res.body.error.reasons).toEqual([{ code: 'ALREADY_ENROLLED', message: expect.any(String), personId: p.wife }]);
    expect(await balance(t, wang.auth)).toEqual({ historicalFen: 488200, currentFen: 14100 });
  });

  it('400 IDEMPOTENCY_KEY_REQUIRED without a key; 400 VALIDATION_FAILED for a malformed key or body', async () => {
    const body = { productId: 'JS-YHB-2027', insured: [p.father], payMethod: 'PERSONAL_ACCOUNT' };
    const none = await order(t, wang.auth, null, body);
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    for (const key of ['short', 'has space in it', 'x'.repeat(65), 'bad!chars$$']) {
      const res = await order(t, wang.auth, key, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const bad = await order(t, wang.auth, newKey(), { ...body, payMethod: 'CASH' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('SELF_PAY → 201 AWAITING_PAYMENT, no debit, balance untouched', async () => {
    const res = await order(t, wang.auth, newKey(), { productId: 'JS-YHB-2027', insured: [p.father], payMethod: 'SELF_PAY' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('AWAITING_PAYMENT');
    expect(res.body.debit).toBeUndefined();
    expect(res.body.totalFen).toBe(5900);
    expect(await balance(t, wang.auth)).toEqual({ historicalFen: 488200, currentFen: 14100 });
  });

  it('GET /orders and GET /orders/{id}: own orders only', async () => {
    const list = await t.http().get('/api/v1/orders').set(wang.auth);
    expect(list.status).toBe(200);
    expect(list.body.map((o: { orderId: string }) => o.orderId)).toContain(first.answer.orderId);
    const one = await t.http().get(`/api/v1/orders/${first.answer.orderId}`).set(wang.auth);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first.answer);
    const other = await t.citizen(W.chen);
    expect((await t.http().get(`/api/v1/orders/${first.answer.orderId}`).set(other.auth)).status).toBe(404);
    expect((await t.http().get('/api/v1/orders').set(other.auth)).body).toEqual([]);
    expect((await t.http().get('/api/v1/orders/o_nope').set(wang.auth)).status).toBe(404);
    expect((await t.http().get('/api/v1/orders')).status).toBe(401);
  });

  it('an ineligible order lists every reason (P-PAY-9): 422 with payer and insured reasons', async () => {
    const res = await order(t, wang.auth, newKey(), { productId: 'JS-YHB-2026', insured: [p.mother, 'p_stranger'], payMethod: 'PERSONAL_ACCOUNT' });
    expect(res.status).toBe(422);
    expect(codes(res.body.error.reasons)).toEqual(['ENROLLMENT_CLOSED', 'NOT_BOUND']);
  });

  it('parallel retries of one key charge once and all get the same order (P-PAY-8)', async () => {
    const key = newKey();
    const body = { productId: 'JS-YHB-2027', insured: [p.mother], payMethod: 'PERSONAL_ACCOUNT' };
    const before = await balance(t, wang.auth);
    const results = await Promise.all(Array.from({ length: 6 }, () => order(t, wang.auth, key, body)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    const after = await balance(t, wang.auth);
    expect(before.historicalFen - after.historicalFen + before.currentFen - after.currentFen).toBe(5900);
  });
});

describe('Concurrent orders on one balance never overdraw (P-PAY-8, SELECT … FOR UPDATE)', () => {
  it('5 parallel orders of 59.00 on 120.00 of 历年结余: exactly 2 are paid, the rest INSUFFICIENT_BALANCE', async () => {
    const world = demo();
    const qianCitizen = world.citizens.find((c) => c.idNumber === W.qian)!;
    qianCitizen.insurance.account = { historicalFen: 12000, currentFen: 0 };
    const t = await makeApp({ world });
    try {
      const qian = await t.citizen(W.qian);
      const people = [qian.personId];
      for (const [id, rel] of [
        [W.qianWife, 'SPOUSE'],
        [W.qianFather, 'PARENT'],
        [W.qianSon, 'CHILD'],
        [W.qianDaughter, 'CHILD'],
      ] as const) {
        people.push((await bind(t, qian.auth, id, rel)).personId);
      }
      await enablePremium(t, qian.auth);
      const results = await Promise.all(
        people.map((personId) => order(t, qian.auth, newKey(), { productId: 'JS-YHB-2027', insured: [personId], payMethod: 'PERSONAL_ACCOUNT' })),
      );
      const paid = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status === 422);
      expect(paid).toHaveLength(2);
      expect(refused).toHaveLength(3);
      for (const r of refused) expect(codes(r.body.error.reasons)).toEqual(['INSUFFICIENT_BALANCE']);
      expect(await balance(t, qian.auth)).toEqual({ historicalFen: 12000 - 2 * 5900, currentFen: 0 });
      const ledger = await t.database.db.execute(sql`select count(*)::int as n from sb_ledger`);
      expect((ledger as unknown as { rows: { n: number }[] }).rows[0].n).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('Resident premium orders enrol the person upstream (P-PAY-4, P-PAY-7)', () => {
  it('PAID, then the person is ALREADY_ENROLLED; coverFrom follows P-WAIT', async () => {
    const t = await makeApp();
    try {
      const liu = await t.citizen(W.liu);
      const mother = (await bind(t, liu.auth, W.liuMother, 'PARENT')).personId;
      await enablePremium(t, liu.auth);
      const res = await order(t, liu.auth, newKey(), { productId: 'ZB-RES-2027', insured: [mother], payMethod: 'PERSONAL_ACCOUNT' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'PAID', totalFen: 44000, items: [{ personId: mother, amountFen: 44000, coverFrom: '2027-04-01' }], debit: { historicalFen: 44000, currentFen: 0 } });
      const again = await t.http().post('/api/v1/eligibility').set(liu.auth).send({ productId: 'ZB-RES-2027', insured: [mother] });
      expect(codes(again.body.insured[0].reasons)).toEqual(['ALREADY_ENROLLED']);
    } finally {
      await t.close();
    }
  });
});

describe('P-OPS-1 maintenance: money-moving and binding operations → 503 SERVICE_SUSPENDED with resumesAt; reads keep working', () => {
  it('during the window', async () => {
    const world = demo();
    (world as { maintenance: object[] }).maintenance = [
      { startsAt: '2026-11-24T09:00:00+08:00', endsAt: '2026-11-24T12:00:00+08:00', message: '医保信息平台停机切换' },
      { startsAt: '2026-11-24T11:30:00+08:00', endsAt: '2026-11-24T13:00:00+08:00', message: '延长维护' },
      { startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-01T06:00:00+08:00', message: '下次维护' },
    ];
    const t = await makeApp({ world, now: '2026-11-24T08:00:00+08:00' });
    try {
      let wang = await t.citizen(W.wang);
      const son = await bind(t, wang.auth, W.wangSon, 'CHILD');
      await enablePremium(t, wang.auth);
      let wife = await t.citizen(W.wangWife);
      const pending = await t.http().post('/api/v1/family/members').set(wang.auth).send({ name: '张丽', idNumber: W.wangWife, relation: 'SPOUSE' });
      t.clock.set('2026-11-24T10:00:00+08:00');
      wang = await t.citizen(W.wang); // fresh access tokens (≤ 15 min)
      wife = await t.citizen(W.wangWife);

      const suspended = [
        await t.http().post('/api/v1/family/members').set(wang.auth).send({ name: '王德福', idNumber: W.wangFather, relation: 'PARENT' }),
        await t.http().put('/api/v1/family/modes').set(wang.auth).send({ pay: true, premium: true }),
        await t.http().post(`/api/v1/family/invitations/${pending.body.memberId}/accept`).set(wife.auth),
        await t.http().post(`/api/v1/family/invitations/${pending.body.memberId}/decline`).set(wife.auth),
        await t.http().delete(`/api/v1/family/members/${son.memberId}`).set(wang.auth),
        await order(t, wang.auth, newKey(), { productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' }),
      ];
      for (const res of suspended) {
        expect(res.status).toBe(503);
        expect(res.body.error).toEqual({ code: 'SERVICE_SUSPENDED', message: expect.any(String), resumesAt: '2026-11-24T13:00:00+08:00' });
      }
      // reads keep working
      expect((await t.http().get('/api/v1/family/members').set(wang.auth)).status).toBe(200);
      expect((await t.http().get('/api/v1/orders').set(wang.auth)).status).toBe(200);
      expect((await t.http().get('/api/v1/products').set(wang.auth)).status).toBe(200);
      expect((await t.http().get('/api/v1/me').set(wang.auth)).status).toBe(200);
      expect((await t.http().post('/api/v1/eligibility').set(wang.auth).send({ productId: 'JS-YHB-2027', insured: [wang.personId] })).status).toBe(200);
      const notices = await t.http().get('/api/v1/notices');
      expect(notices.status).toBe(200);
      expect(notices.body.suspended).toBe(true);
      expect(notices.body.maintenance).toHaveLength(3);
      expect(await balance(t, wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });

      t.clock.set('2026-11-24T13:00:00+08:00');
      wang = await t.citizen(W.wang);
      expect((await order(t, wang.auth, newKey(), { productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' })).status).toBe(201);
      const after = await t.http().get('/api/v1/notices');
      expect(after.body).toEqual({ suspended: false, maintenance: [{ startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-01T06:00:00+08:00', message: '下次维护' }] });
    } finally {
      await t.close();
    }
  });
});
