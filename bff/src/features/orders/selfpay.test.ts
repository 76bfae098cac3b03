import { sql } from 'drizzle-orm';
import { wangHousehold } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
let keyN = 0;
const newKey = () => `sp-${Date.now()}-${++keyN}`;
const api = '/api/v1';

const placeSelfPay = (t: TestApp, auth: Auth, insured: string[], productId = 'JS-YHB-2027') =>
  t.http().post(`${api}/orders`).set(auth).set('Idempotency-Key', newKey()).send({ productId, insured, payMethod: 'SELF_PAY' });
const confirm = (t: TestApp, auth: Auth, orderId: string, key: string | null = newKey()) => {
  const req = t.http().post(`${api}/orders/${orderId}/payment/confirm`).set(auth);
  return key === null ? req : req.set('Idempotency-Key', key);
};
const cancel = (t: TestApp, auth: Auth, orderId: string) => t.http().post(`${api}/orders/${orderId}/cancel`).set(auth);
const balance = async (t: TestApp, auth: Auth) => (await t.http().get(`${api}/me`).set(auth)).body.person.insurance.account;
const rows = async <T>(t: TestApp, q: ReturnType<typeof sql>) => (await t.database.db.execute(q)) as unknown as { rows: T[] };

describe('#14 finding 4 self-pay: sandbox cashier, confirm, cancel, expiry', () => {
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

  it('a self-pay order says when it expires (30 min); the cashier answers the sandbox session with the amount', async () => {
    const placed = await placeSelfPay(t, wang.auth, [p.father]);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'AWAITING_PAYMENT', expiresAt: '2026-11-24T10:30:00+08:00' });
    expect(placed.body.paidAt).toBeUndefined();
    const session = await t.http().post(`${api}/orders/${placed.body.orderId}/payment`).set(wang.auth);
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ provider: 'SANDBOX', orderId: placed.body.orderId, amountFen: 5900, expiresAt: '2026-11-24T10:30:00+08:00', merchant: expect.any(String) });
  });

  it('confirm → PAID once: a retry with the same key and parallel confirms with other keys record one payment, no account debit, no ledger line (P-PAY-8)', async () => {
    const before = await balance(t, wang.auth);
    const placed = await placeSelfPay(t, wang.auth, [p.mother]);
    const orderId = placed.body.orderId;
    const key = newKey();
    const results = await Promise.all([confirm(t, wang.auth, orderId, key), confirm(t, wang.auth, orderId, key), confirm(t, wang.auth, orderId), confirm(t, wang.auth, orderId)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const r of results) expect(r.body).toMatchObject({ orderId, status: 'PAID', totalFen: 5900, paidAt: '2026-11-24T10:00:00+08:00' });
    expect(results[0].body.debit).toBeUndefined();
    const again = await confirm(t, wang.auth, orderId, key);
    expect(again.body).toEqual(results[0].body);
    expect(await balance(t, wang.auth)).toEqual(before);
    const ledger = await rows<{ n: number }>(t, sql`select count(*)::int as n from account_ledger where order_id = ${orderId}`);
    expect(ledger.rows[0].n).toBe(0);
    const enrolled = await rows<{ n: number }>(t, sql`select count(*)::int as n from enrolments where order_id = ${orderId}`);
    expect(enrolled.rows[0].n).toBe(1);
    // P-PAY-7: the mother is covered now; neither account payment nor self-pay can order her again
    const twice = await placeSelfPay(t, wang.auth, [p.mother]);
    expect([twice.status, twice.body.error.reasons.map((r: { code: string }) => r.code)]).toEqual([422, ['ALREADY_ENROLLED']]);
    // a paid order cannot be cancelled, and its cashier answers 409
    const refused = await cancel(t, wang.auth, orderId);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
    expect(refused.body.error.message).toMatch(/已支付/);
    const pay = await t.http().post(`${api}/orders/${orderId}/payment`).set(wang.auth);
    expect([pay.status, pay.body.error.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
  });

  it('the same confirm key used for another order → 409 IDEMPOTENCY_KEY_REUSED; no key → 400', async () => {
    const a = (await placeSelfPay(t, wang.auth, [p.son])).body.orderId;
    const key = newKey();
    expect((await cancel(t, wang.auth, a)).status).toBe(200);
    const refusedA = await confirm(t, wang.auth, a, key);
    expect(refusedA.status).toBe(422);
    const none = await confirm(t, wang.auth, a, null);
    expect([none.status, none.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    const b = (await placeSelfPay(t, wang.auth, [p.son])).body.orderId;
    const okKey = newKey();
    expect((await confirm(t, wang.auth, b, okKey)).status).toBe(200);
    const c = await t.http().post(`${api}/orders`).set(wang.auth).set('Idempotency-Key', okKey).send({ productId: 'JS-YHB-2027', insured: [p.wife], payMethod: 'SELF_PAY' });
    expect([c.status, c.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('cancel → CANCELLED, idempotent; a confirm after it is refused with 422 ORDER_CANCELLED in Chinese', async () => {
    const placed = await placeSelfPay(t, wang.auth, [p.wife]);
    const orderId = placed.body.orderId;
    const first = await cancel(t, wang.auth, orderId);
    expect([first.status, first.body.status]).toEqual([200, 'CANCELLED']);
    const second = await cancel(t, wang.auth, orderId);
    expect(second.body).toEqual(first.body);
    const pay = await confirm(t, wang.auth, orderId);
    expect([pay.status, pay.body.error.code]).toEqual([422, 'ORDER_CANCELLED']);
    expect(pay.body.error.message).toMatch(/已取消/);
    const session = await t.http().post(`${api}/orders/${orderId}/payment`).set(wang.auth);
    expect([session.status, session.body.error.code]).toEqual([422, 'ORDER_CANCELLED']);
    const list = (await t.http().get(`${api}/orders`).set(wang.auth)).body as { orderId: string; status: string }[];
    expect(list.find((o) => o.orderId === orderId)?.status).toBe('CANCELLED');
  });

  it("another user's order is 404 for payment, confirm and cancel; a personal-account order is not paid again (409)", async () => {
    const placed = await placeSelfPay(t, wang.auth, [p.wife]);
    const chen = await t.citizen(W.chen);
    for (const res of [
      await t.http().post(`${api}/orders/${placed.body.orderId}/payment`).set(chen.auth),
      await confirm(t, chen.auth, placed.body.orderId),
      await cancel(t, chen.auth, placed.body.orderId),
      await cancel(t, wang.auth, 'o_nope'),
    ]) {
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await t.http().get(`${api}/orders/${placed.body.orderId}`).set(wang.auth)).body.status).toBe('AWAITING_PAYMENT');
    const account = await t.http().post(`${api}/orders`).set(wang.auth).set('Idempotency-Key', newKey()).send({ productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(account.body.status).toBe('PAID');
    const again = await confirm(t, wang.auth, account.body.orderId);
    expect([again.status, again.body.error.code]).toEqual([409, 'ORDER_NOT_SELF_PAY']);
  });

  it('a paid order for the same people cancels the self-pay order still waiting for them (it leaves the pending list)', async () => {
    type O = { orderId: string; status: string; items: { personId: string }[] };
    const list = (await t.http().get(`${api}/orders`).set(wang.auth)).body as O[];
    const waiting = list.find((o) => o.status === 'AWAITING_PAYMENT' && o.items[0].personId === p.wife)!;
    const father = list.find((o) => o.status === 'AWAITING_PAYMENT' && o.items[0].personId === p.father)!;
    const paid = await t.http().post(`${api}/orders`).set(wang.auth).set('Idempotency-Key', newKey()).send({ productId: 'JS-YHB-2027', insured: [p.wife], payMethod: 'PERSONAL_ACCOUNT' });
    expect(paid.body.status).toBe('PAID');
    const after = await t.http().get(`${api}/orders/${waiting.orderId}`).set(wang.auth);
    expect(after.body.status).toBe('CANCELLED');
    const pay = await confirm(t, wang.auth, waiting.orderId);
    expect([pay.status, pay.body.error.code]).toEqual([422, 'ORDER_CANCELLED']);
    // an order for other people is left alone
    expect((await t.http().get(`${api}/orders/${father.orderId}`).set(wang.auth)).body.status).toBe('AWAITING_PAYMENT');
  });
});

describe('#14 finding 4 self-pay expiry: 30 minutes on the app clock', () => {
  it('EXPIRED on read after 30 min; confirm refused 422 ORDER_EXPIRED; cancel answers it as it is; DELETE /me no longer counts it as open', async () => {
    const t = await makeApp();
    try {
      let wang = await t.citizen(W.wang);
      const placed = await placeSelfPay(t, wang.auth, [wang.personId]);
      const orderId = placed.body.orderId;
      const blocked = await t.http().delete(`${api}/me`).set(wang.auth);
      expect([blocked.status, blocked.body.error.open.orders]).toEqual([409, [orderId]]);
      t.clock.advance(29 * 60_000);
      wang = await t.citizen(W.wang);
      expect((await t.http().get(`${api}/orders/${orderId}`).set(wang.auth)).body.status).toBe('AWAITING_PAYMENT');
      t.clock.advance(60_000);
      wang = await t.citizen(W.wang);
      const read = await t.http().get(`${api}/orders/${orderId}`).set(wang.auth);
      expect(read.body).toMatchObject({ status: 'EXPIRED', expiresAt: '2026-11-24T10:30:00+08:00' });
      const pay = await confirm(t, wang.auth, orderId);
      expect([pay.status, pay.body.error.code]).toEqual([422, 'ORDER_EXPIRED']);
      expect(pay.body.error.message).toMatch(/超过支付时限/);
      const session = await t.http().post(`${api}/orders/${orderId}/payment`).set(wang.auth);
      expect([session.status, session.body.error.code]).toEqual([422, 'ORDER_EXPIRED']);
      const cancelled = await cancel(t, wang.auth, orderId);
      expect([cancelled.status, cancelled.body.status]).toEqual([200, 'EXPIRED']);
      expect((await t.http().delete(`${api}/me`).set(wang.auth)).status).toBe(204);
    } finally {
      await t.close();
    }
  });
});
