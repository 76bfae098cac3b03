import * as crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { accountExport } from '@yibao/shared';
import { bind } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

/** Every text of every table of the BFF's own schema, as one string per row (a dump, for scanning). */
async function dumpRows(t: TestApp): Promise<string[]> {
  const tables = (await t.database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  )) as unknown as { rows: { table_name: string }[] };
  const out: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = (await t.database.db.execute(sql.raw(`select row_to_json(x)::text as j from "${table_name}" x`))) as unknown as { rows: { j: string }[] };
    for (const r of rows.rows) out.push(`${table_name}: ${r.j}`);
  }
  return out;
}

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

describe('GET /me/export (API.md "Your data", PIPL art. 45)', () => {
  it('an unverified account: the account and its sign-ins (times only), nothing else', async () => {
    const openid = `exp_${crypto.randomBytes(4).toString('hex')}`;
    await t.login(openid);
    const { accessToken } = await t.login(openid);
    const res = await t.http().get('/api/v1/me/export').set(bearer(accessToken));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(accountExport.parse(res.body)).toEqual(res.body);
    expect(res.body.identity).toBeUndefined();
    expect(res.body.signIns).toHaveLength(2);
    expect(res.body.family.bindings).toEqual([]);
    expect(res.body.orders).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(openid);
  });

  it('everything about a verified organizer: masked identity, bindings both ways, consents, orders, check-ins — no full ID or phone', async () => {
    const wang = await t.citizen(W.wang);
    const father = await bind(t, wang.auth, W.wangFather, 'PARENT'); // accepted from the father's own account
    const son = await bind(t, wang.auth, W.wangSon, 'CHILD');
    const order = await t
      .http()
      .post('/api/v1/orders')
      .set(wang.auth)
      .set('Idempotency-Key', 'export-order-1')
      .send({ productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(order.status).toBe(201);
    const qr = await t.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: wang.personId });
    const hospital = await t.hospital();
    const ci = await t.http().post('/api/v1/hospital/check-ins').set(hospital).send({ token: qr.body.token, department: '内科' });
    expect(ci.status).toBe(201);

    const res = await t.http().get('/api/v1/me/export').set(wang.auth);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.identity).toEqual((await t.http().get('/api/v1/me').set(wang.auth)).body.person);
    expect(body.account).toEqual({ userId: wang.userId, createdAt: expect.any(String), verifiedAt: expect.any(String) });
    // same instant on the test clock: the order between the two is the ids'
    expect(body.family.bindings).toHaveLength(2);
    expect(body.family.bindings).toEqual(expect.arrayContaining([
      expect.objectContaining({ memberId: father.memberId, role: 'ORGANIZER', relation: 'PARENT', status: 'ACTIVE', other: { personId: father.personId, maskedName: '王**' } }),
      expect.objectContaining({ memberId: son.memberId, role: 'ORGANIZER', relation: 'CHILD', status: 'ACTIVE', other: { personId: son.personId, maskedName: '王**' } }),
    ]));
    expect(body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([order.body.orderId]);
    expect(body.checkIns).toEqual([{ checkInId: ci.body.checkInId, checkedInAt: ci.body.checkedInAt, hospital: { hospitalId: t.world.hospitals[0].hospitalId, name: t.world.hospitals[0].name }, department: '内科' }]);
    const citizen = t.world.citizens.find((c) => c.idNumber === W.wang)!;
    const text = JSON.stringify(body);
    for (const secret of [W.wang, W.wangFather, W.wangSon, citizen.phone, citizen.name]) expect(text).not.toContain(secret);

    // the other side: the father sees the binding as member, and the consent he gave (P-FAM-6)
    const fatherAccount = await t.citizen(W.wangFather);
    const his = (await t.http().get('/api/v1/me/export').set(fatherAccount.auth)).body;
    expect(his.family.bindings).toEqual([expect.objectContaining({ memberId: father.memberId, role: 'MEMBER', relation: 'PARENT', status: 'ACTIVE', other: { personId: wang.personId, maskedName: '王**' } })]);
    expect(his.consents).toEqual([{ memberId: father.memberId, organizer: { maskedName: '王**' }, relation: 'CHILD', decision: 'ACCEPTED', at: expect.any(String) }]);
  });

  it('401 without a token', async () => {
    expect((await t.http().get('/api/v1/me/export')).status).toBe(401);
  });
});

describe('DELETE /me (API.md "Your data", PIPL art. 47)', () => {
  it('409 OPEN_OBLIGATIONS while an order awaits payment, naming it; nothing changes', async () => {
    const huang = await t.citizen(W.huang);
    const order = await t
      .http()
      .post('/api/v1/orders')
      .set(huang.auth)
      .set('Idempotency-Key', 'close-open-1')
      .send({ productId: 'JS-YHB-2027', insured: [huang.personId], payMethod: 'SELF_PAY' });
    expect(order.status).toBe(201);
    expect(order.body.status).toBe('AWAITING_PAYMENT');
    const res = await t.http().delete('/api/v1/me').set(huang.auth);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'OPEN_OBLIGATIONS', message: expect.stringMatching(/注销/), open: { orders: [order.body.orderId], settlements: [] } });
    expect((await t.http().get('/api/v1/me').set(huang.auth)).body.verified).toBe(true);
    expect((await t.http().get('/api/v1/orders').set(huang.auth)).body).toHaveLength(1);
  });

  it('204: tokens dead at once, bindings ended on both sides, the openid forgotten, the identity free, money records kept', async () => {
    const openid = `close_${crypto.randomBytes(4).toString('hex')}`;
    const signIn = await t.login(openid);
    const qian = bearer(signIn.accessToken);
    const c = t.world.citizens.find((x) => x.idNumber === W.qian)!;
    expect((await t.http().post('/api/v1/identity/verify').set(qian).send({ name: c.name, idNumber: c.idNumber, phone: c.phone })).status).toBe(200);
    const me = (await t.http().get('/api/v1/me').set(qian)).body;
    const wife = await bind(t, qian, W.qianWife, 'SPOUSE');
    const son = await bind(t, qian, W.qianSon, 'CHILD');
    const paid = await t.http().post('/api/v1/orders').set(qian).set('Idempotency-Key', 'close-paid-1').send({ productId: 'JS-YHB-2027', insured: [me.person.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(paid.status).toBe(201);
    expect(paid.body.status).toBe('PAID');
    const wifeAccount = await t.citizen(W.qianWife);
    expect((await t.http().get('/api/v1/family/memberships').set(wifeAccount.auth)).body).toHaveLength(1);

    const res = await t.http().delete('/api/v1/me').set(qian);
    expect(res.status).toBe(204);

    // tokens: the access token and the refresh token fail at once
    expect((await t.http().get('/api/v1/me').set(qian)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: signIn.refreshToken })).status).toBe(401);
    expect((await t.http().delete('/api/v1/me').set(qian)).status).toBe(401);

    // bindings ended on both sides (P-FAM-8): the wife's membership is gone, so are the organizer's rows
    expect((await t.http().get('/api/v1/family/memberships').set(wifeAccount.auth)).body).toEqual([]);
    const rows = (await t.database.db.execute(sql`select member_id, status from bindings where member_id in (${wife.memberId}, ${son.memberId}) order by member_id`)) as unknown as { rows: { status: string }[] };
    expect(rows.rows.map((r) => r.status)).toEqual(['REMOVED', 'REMOVED']);
    const wifeExport = (await t.http().get('/api/v1/me/export').set(wifeAccount.auth)).body;
    expect(wifeExport.family.bindings).toEqual([expect.objectContaining({ memberId: wife.memberId, role: 'MEMBER', status: 'REMOVED' })]);

    // the openid is forgotten: no row of any table holds it
    expect((await dumpRows(t)).filter((row) => row.includes(openid))).toEqual([]);

    // the same openid signs in as a fresh, unverified account
    const again = bearer((await t.login(openid)).accessToken);
    const fresh = (await t.http().get('/api/v1/me').set(again)).body;
    expect(fresh).toEqual({ userId: expect.any(String), verified: false });
    expect(fresh.userId).not.toBe(me.userId);
    expect((await t.http().get('/api/v1/orders').set(again)).body).toEqual([]);

    // the identity is free: it verifies on another account, with the same person id (P-ID-5)
    const other = bearer((await t.login(`close_other_${crypto.randomBytes(4).toString('hex')}`)).accessToken);
    expect((await t.http().post('/api/v1/identity/verify').set(other).send({ name: c.name, idNumber: c.idNumber, phone: c.phone })).status).toBe(200);
    expect((await t.http().get('/api/v1/me').set(other)).body.person.personId).toBe(me.person.personId);

    // money records stay, tied to the person: the paid order and its items are still there
    const kept = (await t.database.db.execute(sql`select payer_person_id, status from orders where order_id = ${paid.body.orderId}`)) as unknown as { rows: { payer_person_id: string; status: string }[] };
    expect(kept.rows).toEqual([{ payer_person_id: me.person.personId, status: 'PAID' }]);
  });

  it('another process refuses the closed account\'s tokens within its revocation poll', async () => {
    const second = await makeApp({ shareWith: t });
    try {
      const openid = `close_x_${crypto.randomBytes(4).toString('hex')}`;
      const token = bearer((await t.login(openid)).accessToken);
      expect((await second.http().get('/api/v1/me').set(token)).status).toBe(200);
      expect((await t.http().delete('/api/v1/me').set(token)).status).toBe(204);
      // the users row is gone too, so the other process refuses at once even before its poll
      expect((await second.http().get('/api/v1/me').set(token)).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe('DELETE /me and refundable settlements (P-SET-6)', () => {
  it('409 OPEN_OBLIGATIONS while a settlement the organizer paid can still be refunded (P-SET-6); the export shows it; after 24 h it closes', async () => {
    const sun = await t.citizen(W.sun);
    const { personId: mother } = await bind(t, sun.auth, W.sunMother, 'PARENT');
    expect((await t.http().put('/api/v1/family/modes').set(sun.auth).send({ pay: true, premium: false })).status).toBe(200);
    const qr = await t.http().post('/api/v1/qrcodes').set(sun.auth).send({ personId: mother });
    const hospital = await t.hospital();
    const ci = await t.http().post('/api/v1/hospital/check-ins').set(hospital).send({ token: qr.body.token });
    const settled = await t.http().post('/api/v1/hospital/settlements').set(hospital).send({ checkInId: ci.body.checkInId, billNo: 'close-bill-1', totalFen: 10000, compliantFen: 10000 });
    expect(settled.status).toBe(201);
    expect(settled.body.family).toHaveLength(1); // the organizer's 历年结余 paid a part

    const exported = (await t.http().get('/api/v1/me/export').set(sun.auth)).body;
    expect(exported.settlements.map((b: { settlementId: string }) => b.settlementId)).toEqual([settled.body.settlementId]);
    expect(exported.ledger).toEqual([expect.objectContaining({ kind: 'FAMILY_SETTLEMENT', settlementId: settled.body.settlementId, amountFen: -settled.body.family[0].historicalFen })]);

    const refused = await t.http().delete('/api/v1/me').set(sun.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.open).toEqual({ orders: [], settlements: [settled.body.settlementId] });

    // a day later the refund window has closed (the clock moves on for good: this runs last)
    t.clock.advance(24 * 3600 * 1000 + 1000);
    const later = await t.citizen(W.sun); // the earlier access token has expired meanwhile
    expect((await t.http().delete('/api/v1/me').set(later.auth)).status).toBe(204);
    // the bill stays, on the hospital's side and with the person
    const list = await t.http().get('/api/v1/hospital/settlements').set(await t.hospital());
    expect(list.body.map((b: { settlementId: string }) => b.settlementId)).toContain(settled.body.settlementId);
  });

});
