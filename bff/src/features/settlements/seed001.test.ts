import { bind } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';

/**
 * Seed 001's scene end to end through HTTP (汉中日报: 带孩子来院就诊的黄先生 — the child's
 * registration fee paid from the father's personal account). 王建国 (EMPLOYEE, 5000.00 历年结余 +
 * 200.00 当年) and his son 王小明 (RESIDENT, ACTIVE, a minor: bound at once, P-FAM-6).
 * The fund for RESIDENT in the demo world: no deductible, 50 %, cap 500.00 (P-SET-2).
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
}, 180_000);
afterAll(() => t.close());

const api = '/api/v1';

it('seed 001, P-SET-1..7, P-FAM-9, P-FAM-10, P-QR-3: the father shows the child\'s code, the bill is paid from his 历年结余, his statement shows it, the refund puts it back', async () => {
  const father = await t.citizen(W.wang);
  const { personId: child } = await bind(t, father.auth, W.wangSon, 'CHILD');

  // 共济支付 is the organizer's choice (P-FAM-7): PAY on, PREMIUM off
  expect((await t.http().put(`${api}/family/modes`).set(father.auth).send({ pay: true, premium: false })).status).toBe(200);

  // at the 医保窗口: the father's phone shows the child's code (亲情账户); the check-in is the child's (P-FAM-10)
  const qr = await t.http().post(`${api}/qrcodes`).set(father.auth).send({ personId: child });
  expect(qr.status).toBe(201);
  const counter = await t.hospital('H320102001');
  const checkIn = await t.http().post(`${api}/hospital/check-ins`).set(counter).send({ token: qr.body.token, department: '儿科' });
  expect(checkIn.status).toBe(201);
  expect(checkIn.body.patient).toMatchObject({ personId: child, maskedName: '王**', insurance: { scheme: 'RESIDENT', status: 'ACTIVE' } });
  const checkInId = checkIn.body.checkInId;

  // 挂号 + 诊查: 35.00, of which 30.00 compliant. Fund 50 % of 30.00 = 15.00; the child has no
  // account (RESIDENT), so his 15.00 comes from the father's 历年结余 (P-FAM-9); 5.00 not compliant is cash
  const bill = { checkInId, totalFen: 3500, compliantFen: 3000 };
  const expected = {
    checkInId,
    patient: { personId: child, maskedName: '王**' },
    totalFen: 3500,
    compliantFen: 3000,
    deductibleAppliedFen: 0,
    fundFen: 1500,
    ownAccount: { currentFen: 0, historicalFen: 0 },
    family: [{ memberId: expect.any(String), organizer: { maskedName: '王**' }, historicalFen: 1500 }],
    cashFen: 500,
  };
  const preview = await t.http().post(`${api}/hospital/settlements/preview`).set(counter).send(bill);
  expect(preview.status).toBe(200);
  expect(preview.body).toEqual(expected);

  const settled = await t.http().post(`${api}/hospital/settlements`).set(counter).send({ ...bill, billNo: 'HZ3201-20230207-0001' });
  expect(settled.status).toBe(201);
  expect(settled.body).toEqual({ ...expected, settlementId: expect.any(String), billNo: 'HZ3201-20230207-0001', status: 'SETTLED', settledAt: expect.stringMatching(/\+08:00$/) });
  const settlementId = settled.body.settlementId;

  // only the 历年结余 moved (the father's 当年 is his own, P-FAM-9)
  const me = await t.http().get(`${api}/me`).set(father.auth);
  expect(me.body.person.insurance.account).toEqual({ historicalFen: 498500, currentFen: 20000 });

  // the father's statement (P-SET-7): the family payment, with the child (masked), the relation and the hospital
  const ledger = await t.http().get(`${api}/account/ledger`).set(father.auth);
  expect(ledger.status).toBe(200);
  expect(ledger.body).toEqual({
    entries: [
      {
        entryId: expect.any(String),
        at: settled.body.settledAt,
        kind: 'FAMILY_SETTLEMENT',
        amountFen: -1500,
        bucket: 'HISTORICAL',
        settlementId,
        hospital: { hospitalId: 'H320102001', name: '南京市第一医院' },
        person: { personId: child, maskedName: '王**', relation: 'CHILD' },
      },
    ],
  });
  const bills = await t.http().get(`${api}/settlements`).set(father.auth);
  expect(bills.status).toBe(200);
  expect(bills.body).toEqual([{ ...settled.body, hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } }]);

  // the counter refunds it (P-SET-6): the 15.00 goes back to the father's 历年结余, as its own entry
  const refunded = await t.http().post(`${api}/hospital/settlements/${settlementId}/refund`).set(counter).send();
  expect(refunded.status).toBe(200);
  expect(refunded.body).toEqual({ ...settled.body, status: 'REFUNDED', refundedAt: expect.stringMatching(/\+08:00$/) });
  expect((await t.http().get(`${api}/me`).set(father.auth)).body.person.insurance.account).toEqual({ historicalFen: 500000, currentFen: 20000 });
  const after = await t.http().get(`${api}/account/ledger`).set(father.auth);
  expect(after.body.entries.map((e: { kind: string; amountFen: number; bucket: string }) => [e.kind, e.bucket, e.amountFen])).toEqual([
    ['REFUND', 'HISTORICAL', 1500],
    ['FAMILY_SETTLEMENT', 'HISTORICAL', -1500],
  ]);
  expect(after.body.entries[0].person).toEqual({ personId: child, maskedName: '王**', relation: 'CHILD' });
  expect((await t.http().get(`${api}/settlements`).set(father.auth)).body[0]).toMatchObject({ settlementId, status: 'REFUNDED' });

  // and the fund's counters are restored: the same bill again splits the same way
  expect((await t.http().post(`${api}/hospital/settlements/preview`).set(counter).send(bill)).body).toEqual(expected);
});

it('P-FAM-7: with PAY off, the family pays nothing and the child\'s share is cash', async () => {
  const father = await t.citizen(W.wang);
  expect((await t.http().put(`${api}/family/modes`).set(father.auth).send({ pay: false, premium: false })).status).toBe(200);
  const members = await t.http().get(`${api}/family/members`).set(father.auth);
  const child = members.body.members.find((m: { relation: string }) => m.relation === 'CHILD').personId;
  const qr = await t.http().post(`${api}/qrcodes`).set(father.auth).send({ personId: child });
  const counter = await t.hospital('H320102001');
  const checkInId = (await t.http().post(`${api}/hospital/check-ins`).set(counter).send({ token: qr.body.token })).body.checkInId;
  const preview = await t.http().post(`${api}/hospital/settlements/preview`).set(counter).send({ checkInId, totalFen: 3500, compliantFen: 3000 });
  expect(preview.body).toMatchObject({ fundFen: 1500, family: [], cashFen: 2000 });
});
