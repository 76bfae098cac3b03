import fc from 'fast-check';
import { bind } from '../../test/family-setup';
import { demo, makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
let t: TestApp;
let nj: Auth; // 南京市第一医院 H320102001
let zb: Auth; // 淄博市中心医院 H370303001
beforeAll(async () => {
  t = await makeApp();
  nj = await t.hospital('H320102001');
  zb = await t.hospital('H370303001');
}, 180_000);
afterAll(() => t.close());

const api = '/api/v1';
let billSeq = 0;
const billNo = () => `B-${++billSeq}-${Date.now().toString(36)}`;

/** A check-in of `personId` at a hospital, with the code `shower` fetched (self or 亲情账户). */
async function checkIn(shower: Auth, personId: string, hospital: Auth = nj): Promise<string> {
  const qr = await t.http().post(`${api}/qrcodes`).set(shower).send({ personId });
  expect(qr.status).toBe(201);
  const res = await t.http().post(`${api}/hospital/check-ins`).set(hospital).send({ token: qr.body.token });
  expect(res.status).toBe(201);
  return res.body.checkInId as string;
}
const preview = (h: Auth, body: object) => t.http().post(`${api}/hospital/settlements/preview`).set(h).send(body);
const settle = (h: Auth, body: object) => t.http().post(`${api}/hospital/settlements`).set(h).send(body);
const refund = (h: Auth, id: string) => t.http().post(`${api}/hospital/settlements/${id}/refund`).set(h).send();
async function account(auth: Auth) {
  const me = await t.http().get(`${api}/me`).set(auth);
  return me.body.person.insurance.account as { historicalFen: number; currentFen: number };
}
const split = (s: Record<string, unknown>) => {
  const { checkInId: _c, patient: _p, settlementId: _s, billNo: _b, status: _st, settledAt: _a, refundedAt: _r, hospital: _h, ...parts } = s;
  return parts;
};

describe('P-SET-2/3: an EMPLOYEE patient (王建国: 5000.00 历年 + 200.00 当年, nothing counted this year)', () => {
  let wang: { auth: Auth; personId: string };
  let checkInId: string;
  let first: { settlementId: string };
  beforeAll(async () => {
    wang = await t.citizen(W.wang);
    checkInId = await checkIn(wang.auth, wang.personId);
  });

  it('P-SET-5: the preview splits 500.00 (400.00 compliant): deductible 200.00, fund 70 % of 200.00, own 当年 first then 历年, the rest cash — and moves nothing', async () => {
    const res = await preview(nj, { checkInId, totalFen: 50000, compliantFen: 40000 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      checkInId,
      patient: { personId: wang.personId, maskedName: '王**' },
      totalFen: 50000,
      compliantFen: 40000,
      deductibleAppliedFen: 20000,
      fundFen: 14000,
      ownAccount: { currentFen: 20000, historicalFen: 6000 },
      family: [],
      cashFen: 10000,
    });
    expect(await account(wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });
  });

  it('P-SET-4: the settlement moves exactly the preview, and the next bill sees the deductible met (fund 70 % from the first fen)', async () => {
    const body = { checkInId, billNo: 'NJ-0001', totalFen: 50000, compliantFen: 40000 };
    const res = await settle(nj, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ billNo: 'NJ-0001', status: 'SETTLED', fundFen: 14000, ownAccount: { currentFen: 20000, historicalFen: 6000 }, cashFen: 10000 });
    expect(res.body.settledAt).toMatch(/\+08:00$/);
    expect(res.body.refundedAt).toBeUndefined();
    first = res.body;
    expect(await account(wang.auth)).toEqual({ historicalFen: 494000, currentFen: 0 });
    const next = await preview(nj, { checkInId, totalFen: 10000, compliantFen: 10000 });
    expect(split(next.body)).toEqual({ totalFen: 10000, compliantFen: 10000, deductibleAppliedFen: 0, fundFen: 7000, ownAccount: { currentFen: 0, historicalFen: 3000 }, family: [], cashFen: 0 });
  });

  it('P-SET-1: the same bill number with the same body answers the first result and moves nothing; with another body 409 BILL_NO_REUSED', async () => {
    const again = await settle(nj, { checkInId, billNo: 'NJ-0001', totalFen: 50000, compliantFen: 40000, payFromAccounts: true });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first);
    const other = await settle(nj, { checkInId, billNo: 'NJ-0001', totalFen: 50001, compliantFen: 40000 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('BILL_NO_REUSED');
    const declined = await settle(nj, { checkInId, billNo: 'NJ-0001', totalFen: 50000, compliantFen: 40000, payFromAccounts: false });
    expect(declined.status).toBe(409);
    expect(await account(wang.auth)).toEqual({ historicalFen: 494000, currentFen: 0 });
  });

  it('P-SET-6: a refund puts every fen back in its bucket and restores the counters; a repeat answers the same and moves nothing', async () => {
    const res = await refund(nj, first.settlementId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...first, status: 'REFUNDED', refundedAt: expect.stringMatching(/\+08:00$/) });
    expect(await account(wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });
    const again = await refund(nj, first.settlementId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    expect(await account(wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });
    // the deductible counts again from 0
    const p = await preview(nj, { checkInId, totalFen: 50000, compliantFen: 40000 });
    expect(p.body.deductibleAppliedFen).toBe(20000);
    expect(p.body.fundFen).toBe(14000);
  });

  it('P-SET-3: payFromAccounts false skips the accounts: fund as before, the rest cash', async () => {
    const res = await settle(nj, { checkInId, billNo: billNo(), totalFen: 50000, compliantFen: 40000, payFromAccounts: false });
    expect(res.status).toBe(201);
    expect(split(res.body)).toEqual({ totalFen: 50000, compliantFen: 40000, deductibleAppliedFen: 20000, fundFen: 14000, ownAccount: { currentFen: 0, historicalFen: 0 }, family: [], cashFen: 36000 });
    expect(await account(wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });
    await refund(nj, res.body.settlementId);
  });

  it('400 VALIDATION_FAILED for compliant over total, negative, fractional or absurd amounts and a bad bill number; nothing moves', async () => {
    for (const bad of [
      { totalFen: 100, compliantFen: 200 },
      { totalFen: -1, compliantFen: 0 },
      { totalFen: 100.5, compliantFen: 0 },
      { totalFen: 10_000_001, compliantFen: 0 },
      { totalFen: '100', compliantFen: 0 },
    ]) {
      const res = await settle(nj, { checkInId, billNo: billNo(), ...bad });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect((await preview(nj, { checkInId, ...bad })).status).toBe(400);
    }
    expect((await settle(nj, { checkInId, billNo: 'no spaces', totalFen: 1, compliantFen: 0 })).status).toBe(400);
    expect((await settle(nj, { checkInId, billNo: 'x'.repeat(65), totalFen: 1, compliantFen: 0 })).status).toBe(400);
    expect(await account(wang.auth)).toEqual({ historicalFen: 500000, currentFen: 20000 });
  });
});

describe('P-SET-3 with P-FAM-9: family S (two organizers sharing a parent, a member near the cap, a suspended child)', () => {
  let sun: { auth: Auth; personId: string };
  let sister: { auth: Auth; personId: string };
  let mother: string;
  let wife: string;
  let son: string;
  let motherBill: Record<string, unknown> & { settlementId: string };
  beforeAll(async () => {
    sun = await t.citizen(W.sun);
    sister = await t.citizen(W.sunSister);
    // the sister's network is activated first (an adult member consents), then the brother's
    await bind(t, sister.auth, W.sunMother, 'PARENT');
    expect((await t.http().put(`${api}/family/modes`).set(sister.auth).send({ pay: true, premium: false })).status).toBe(200);
    t.clock.advance(60_000);
    mother = (await bind(t, sun.auth, W.sunMother, 'PARENT')).personId;
    wife = (await bind(t, sun.auth, W.sunWife, 'SPOUSE')).personId;
    son = (await bind(t, sun.auth, W.sunSon, 'CHILD')).personId;
    expect((await t.http().put(`${api}/family/modes`).set(sun.auth).send({ pay: true, premium: false })).status).toBe(200);
    sun = await t.citizen(W.sun);
    sister = await t.citizen(W.sunSister);
  });

  it("P-SET-3 (2): a RESIDENT parent (赵玉兰) pays from the networks, oldest activation first: the sister's 20.00, then the brother's", async () => {
    const checkInId = await checkIn(sun.auth, mother);
    const res = await settle(nj, { checkInId, billNo: billNo(), totalFen: 20000, compliantFen: 20000 });
    expect(res.status).toBe(201);
    expect(split(res.body)).toEqual({
      totalFen: 20000,
      compliantFen: 20000,
      deductibleAppliedFen: 0,
      fundFen: 10000,
      ownAccount: { currentFen: 0, historicalFen: 0 },
      family: [
        { memberId: expect.any(String), organizer: { maskedName: '孙**' }, historicalFen: 2000 },
        { memberId: expect.any(String), organizer: { maskedName: '孙**' }, historicalFen: 8000 },
      ],
      cashFen: 0,
    });
    expect(res.body.patient).toEqual({ personId: mother, maskedName: '赵**' });
    motherBill = res.body;
    expect(await account(sister.auth)).toEqual({ historicalFen: 0, currentFen: 0 });
    expect(await account(sun.auth)).toEqual({ historicalFen: 292000, currentFen: 10000 });
  });

  it('P-SET-7: each organizer sees their part in the statement with the member (masked), the relation and the hospital; the patient and both see the bill', async () => {
    const ledger = await t.http().get(`${api}/account/ledger`).set(sister.auth);
    expect(ledger.status).toBe(200);
    expect(ledger.body.entries).toEqual([
      {
        entryId: expect.any(String),
        at: expect.stringMatching(/\+08:00$/),
        kind: 'FAMILY_SETTLEMENT',
        amountFen: -2000,
        bucket: 'HISTORICAL',
        settlementId: motherBill.settlementId,
        hospital: { hospitalId: 'H320102001', name: '南京市第一医院' },
        person: { personId: mother, maskedName: '赵**', relation: 'PARENT' },
      },
    ]);
    const sunLedger = await t.http().get(`${api}/account/ledger`).set(sun.auth);
    expect(sunLedger.body.entries.map((e: { amountFen: number; kind: string }) => [e.kind, e.amountFen])).toEqual([['FAMILY_SETTLEMENT', -8000]]);
    const motherAuth = (await t.citizen(W.sunMother)).auth;
    for (const who of [sister.auth, sun.auth, motherAuth]) {
      const list = await t.http().get(`${api}/settlements`).set(who);
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual({ ...motherBill, hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } });
    }
    const wifeAuth = (await t.citizen(W.sunWife)).auth;
    expect((await t.http().get(`${api}/settlements`).set(wifeAuth)).body).toEqual([]);
    // the mother has no account: no ledger lines of her own
    expect((await t.http().get(`${api}/account/ledger`).set(motherAuth)).body).toEqual({ entries: [] });
  });

  it('P-SET-2: a member near the yearly cap (李晓燕: 2990.00 of 3000.00 paid) gets 10.00 from the fund; own 当年, 历年, then the husband\'s 历年', async () => {
    const checkInId = await checkIn(sun.auth, wife);
    const res = await settle(nj, { checkInId, billNo: billNo(), totalFen: 10000, compliantFen: 10000 });
    expect(split(res.body)).toEqual({
      totalFen: 10000,
      compliantFen: 10000,
      deductibleAppliedFen: 0,
      fundFen: 1000,
      ownAccount: { currentFen: 500, historicalFen: 1000 },
      family: [{ memberId: expect.any(String), organizer: { maskedName: '孙**' }, historicalFen: 7500 }],
      cashFen: 0,
    });
    // the cap is reached: the fund pays nothing more this year
    const next = await preview(nj, { checkInId, totalFen: 10000, compliantFen: 10000 });
    expect(next.body.fundFen).toBe(0);
    expect(next.body.family).toEqual([{ memberId: expect.any(String), organizer: { maskedName: '孙**' }, historicalFen: 10000 }]);
    expect(await account(sun.auth)).toEqual({ historicalFen: 284500, currentFen: 10000 });
  });

  it('P-SET-2: counters of another year count as 0 (孙立新: recorded for 2025)', async () => {
    const checkInId = await checkIn(sun.auth, sun.personId);
    const res = await preview(nj, { checkInId, totalFen: 30000, compliantFen: 30000 });
    expect(split(res.body)).toEqual({ totalFen: 30000, compliantFen: 30000, deductibleAppliedFen: 20000, fundFen: 7000, ownAccount: { currentFen: 10000, historicalFen: 13000 }, family: [], cashFen: 0 });
  });

  it('P-SET-2: a patient who is not ACTIVE (孙小宝, SUSPENDED) pays the whole bill in cash, whatever the family offers', async () => {
    const checkInId = await checkIn(sun.auth, son);
    const res = await settle(nj, { checkInId, billNo: billNo(), totalFen: 5000, compliantFen: 4000 });
    expect(res.status).toBe(201);
    expect(split(res.body)).toEqual({ totalFen: 5000, compliantFen: 4000, deductibleAppliedFen: 0, fundFen: 0, ownAccount: { currentFen: 0, historicalFen: 0 }, family: [], cashFen: 5000 });
    expect(await account(sun.auth)).toEqual({ historicalFen: 284500, currentFen: 10000 });
  });

  it('P-SET-6: refunding the mother\'s bill puts 20.00 back with the sister and 80.00 with the brother, each as a REFUND entry', async () => {
    const res = await refund(nj, motherBill.settlementId);
    expect(res.status).toBe(200);
    expect(await account(sister.auth)).toEqual({ historicalFen: 2000, currentFen: 0 });
    expect(await account(sun.auth)).toEqual({ historicalFen: 292500, currentFen: 10000 });
    const ledger = await t.http().get(`${api}/account/ledger`).set(sister.auth);
    expect(ledger.body.entries.map((e: { kind: string; amountFen: number }) => [e.kind, e.amountFen])).toEqual([
      ['REFUND', 2000],
      ['FAMILY_SETTLEMENT', -2000],
    ]);
    expect(ledger.body.entries[0].person).toEqual({ personId: mother, maskedName: '赵**', relation: 'PARENT' });
  });
});

describe('P-SET-1, token kinds and other hospitals (IDOR)', () => {
  let liu: { auth: Auth; personId: string };
  let zbCheckIn: string;
  let zbBill: { settlementId: string };
  beforeAll(async () => {
    liu = await t.citizen(W.liu);
    zbCheckIn = await checkIn(liu.auth, liu.personId, zb);
    const res = await settle(zb, { checkInId: zbCheckIn, billNo: 'SHARED-NO-1', totalFen: 1000, compliantFen: 0 });
    expect(res.status).toBe(201);
    zbBill = res.body;
  });

  it("another hospital's check-in is 404 NOT_FOUND for preview and settlement; an unknown one too", async () => {
    for (const res of [
      await preview(nj, { checkInId: zbCheckIn, totalFen: 1000, compliantFen: 0 }),
      await settle(nj, { checkInId: zbCheckIn, billNo: billNo(), totalFen: 1000, compliantFen: 0 }),
      await settle(nj, { checkInId: 'c_nosuchcheckin', billNo: billNo(), totalFen: 1000, compliantFen: 0 }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it("another hospital's settlement is 404 to refund and absent from the list; bill numbers are per hospital", async () => {
    expect((await refund(nj, zbBill.settlementId)).status).toBe(404);
    expect((await refund(nj, 'no-such-settlement')).status).toBe(404);
    const list = await t.http().get(`${api}/hospital/settlements`).set(nj);
    expect(list.status).toBe(200);
    expect(list.body.map((s: { settlementId: string }) => s.settlementId)).not.toContain(zbBill.settlementId);
    const zbList = await t.http().get(`${api}/hospital/settlements?since=${encodeURIComponent('2026-11-24T00:00:00+08:00')}`).set(zb);
    expect(zbList.body.map((s: { settlementId: string }) => s.settlementId)).toEqual([zbBill.settlementId]);
    expect((await t.http().get(`${api}/hospital/settlements?since=${encodeURIComponent('2026-11-25T00:00:00+08:00')}`).set(zb)).body).toEqual([]);
    expect((await t.http().get(`${api}/hospital/settlements?since=yesterday`).set(zb)).status).toBe(400);
    // the same number at another hospital is another bill
    const wang = await t.citizen(W.wang);
    const njCheckIn = await checkIn(wang.auth, wang.personId);
    const mine = await settle(nj, { checkInId: njCheckIn, billNo: 'SHARED-NO-1', totalFen: 1000, compliantFen: 0 });
    expect(mine.status).toBe(201);
    expect(mine.body.settlementId).not.toBe(zbBill.settlementId);
  });

  it('API.md Conventions: a citizen token is refused on hospital endpoints and a hospital token on citizen ones (401)', async () => {
    expect((await preview(liu.auth, { checkInId: zbCheckIn, totalFen: 1, compliantFen: 0 })).status).toBe(401);
    expect((await settle(liu.auth, { checkInId: zbCheckIn, billNo: billNo(), totalFen: 1, compliantFen: 0 })).status).toBe(401);
    expect((await refund(liu.auth, zbBill.settlementId)).status).toBe(401);
    expect((await t.http().get(`${api}/hospital/settlements`).set(liu.auth)).status).toBe(401);
    expect((await t.http().get(`${api}/account/ledger`).set(zb)).status).toBe(401);
    expect((await t.http().get(`${api}/settlements`).set(zb)).status).toBe(401);
    expect((await t.http().get(`${api}/settlements`)).status).toBe(401);
  });

  it('P-ID-2: the statement needs a verified identity (403 REAL_NAME_REQUIRED)', async () => {
    const { accessToken } = await t.login();
    const res = await t.http().get(`${api}/account/ledger`).set({ Authorization: `Bearer ${accessToken}` });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REAL_NAME_REQUIRED');
  });
});

describe('P-SET-4 under load: parallel bills on one small balance and one fund cap', () => {
  it('黄娟 (30.00 历年 + 80.00 当年, deductible 200.00 unmet): six parallel 100.00 bills take exactly 110.00 from the account, 200.00 of deductible and four fund shares', async () => {
    const huang = await t.citizen(W.huang);
    const checkInId = await checkIn(huang.auth, huang.personId);
    const results = await Promise.all(Array.from({ length: 6 }, () => settle(nj, { checkInId, billNo: billNo(), totalFen: 10000, compliantFen: 10000 })));
    for (const r of results) expect(r.status).toBe(201);
    const sum = (f: (b: Record<string, number> & { ownAccount: { currentFen: number; historicalFen: number } }) => number) => results.reduce((s, r) => s + f(r.body), 0);
    expect(sum((b) => b.ownAccount.currentFen)).toBe(8000);
    expect(sum((b) => b.ownAccount.historicalFen)).toBe(3000);
    expect(sum((b) => b.deductibleAppliedFen)).toBe(20000);
    expect(sum((b) => b.fundFen)).toBe(28000);
    expect(sum((b) => b.cashFen)).toBe(60000 - 11000 - 28000);
    expect(await account(huang.auth)).toEqual({ historicalFen: 0, currentFen: 0 });
    // and refunds in parallel put it all back
    const refunds = await Promise.all(results.map((r) => refund(nj, r.body.settlementId)));
    for (const r of refunds) expect(r.status).toBe(200);
    expect(await account(huang.auth)).toEqual({ historicalFen: 3000, currentFen: 8000 });
  });

  it('fast-check: any parallel bills on 周敏 (10.00 + 10.00) never overdraw, every split adds up, and refunding them all restores balance and counters', async () => {
    const zhou = await t.citizen(W.liuWife);
    const checkInId = await checkIn(zhou.auth, zhou.personId, zb);
    const start = await account(zhou.auth);
    const baseline = (await preview(zb, { checkInId, totalFen: 30000, compliantFen: 30000 })).body;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ totalFen: fc.integer({ min: 0, max: 40000 }), share: fc.integer({ min: 0, max: 100 }), payFromAccounts: fc.boolean() }),
          { minLength: 1, maxLength: 6 },
        ),
        async (bills) => {
          const results = await Promise.all(
            bills.map((b) => settle(zb, { checkInId, billNo: billNo(), totalFen: b.totalFen, compliantFen: Math.floor((b.totalFen * b.share) / 100), payFromAccounts: b.payFromAccounts })),
          );
          let own = { historicalFen: 0, currentFen: 0 };
          for (const r of results) {
            expect(r.status).toBe(201);
            const b = r.body;
            const family = b.family.reduce((s: number, f: { historicalFen: number }) => s + f.historicalFen, 0);
            expect(b.fundFen + b.ownAccount.currentFen + b.ownAccount.historicalFen + family + b.cashFen).toBe(b.totalFen);
            own = { historicalFen: own.historicalFen + b.ownAccount.historicalFen, currentFen: own.currentFen + b.ownAccount.currentFen };
          }
          const after = await account(zhou.auth);
          expect(after.historicalFen).toBeGreaterThanOrEqual(0);
          expect(after.currentFen).toBeGreaterThanOrEqual(0);
          expect(after).toEqual({ historicalFen: start.historicalFen - own.historicalFen, currentFen: start.currentFen - own.currentFen });
          await Promise.all(results.map((r) => refund(zb, r.body.settlementId)));
          expect(await account(zhou.auth)).toEqual(start);
          expect((await preview(zb, { checkInId, totalFen: 30000, compliantFen: 30000 })).body).toEqual(baseline);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('P-SET-7: GET /account/ledger pages with no gap or repeat; premium orders are PREMIUM entries', () => {
  it('an order paid from the account is one entry per bucket; limit=1 walks every entry once, newest first', async () => {
    const wang = await t.citizen(W.wang);
    const order = await t.http().post(`${api}/orders`).set(wang.auth).set('Idempotency-Key', 'ledger-order-0001').send({ productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(order.status).toBe(201);
    const checkInId = await checkIn(wang.auth, wang.personId);
    // 当年 has 141.00 left: a 300.00 compliant bill (after the 200.00 deductible, fund 70.00) takes 141.00 + 89.00
    const bill = await settle(nj, { checkInId, billNo: billNo(), totalFen: 30000, compliantFen: 30000 });
    expect(bill.body.ownAccount).toEqual({ currentFen: 14100, historicalFen: 8900 });
    const all = await t.http().get(`${api}/account/ledger?limit=100`).set(wang.auth);
    expect(all.body.nextBefore).toBeUndefined();
    const kinds = all.body.entries.map((e: { kind: string; bucket: string; amountFen: number }) => [e.kind, e.bucket, e.amountFen]);
    expect(kinds.slice(0, 3)).toEqual([
      ['SETTLEMENT', 'HISTORICAL', -8900],
      ['SETTLEMENT', 'CURRENT', -14100],
      ['PREMIUM', 'CURRENT', -5900],
    ]);
    expect(all.body.entries[2].orderId).toBe(order.body.orderId);
    const walked: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await t.http().get(`${api}/account/ledger?limit=1${before ? `&before=${before}` : ''}`).set(wang.auth);
      expect(page.status).toBe(200);
      walked.push(...page.body.entries.map((e: { entryId: string }) => e.entryId));
      before = page.body.nextBefore;
      if (!before) break;
    }
    expect(walked).toEqual(all.body.entries.map((e: { entryId: string }) => e.entryId));
    const sum = all.body.entries.reduce((s: number, e: { amountFen: number }) => s + e.amountFen, 0);
    const now = await account(wang.auth);
    expect(now.historicalFen + now.currentFen).toBe(520000 + sum);
  });

  it('400 for a bad limit or cursor', async () => {
    const wang = await t.citizen(W.wang);
    for (const q of ['limit=0', 'limit=101', 'limit=x', 'before=not-a-cursor', 'before=' + 'a'.repeat(200)]) {
      const res = await t.http().get(`${api}/account/ledger?${q}`).set(wang.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('P-SET-1 / P-SET-6 windows (24 h)', () => {
  it('a check-in older than 24 h is 422 CHECKIN_EXPIRED; a refund after 24 h is 422 REFUND_WINDOW_CLOSED; a refund already made still answers', async () => {
    let wang = await t.citizen(W.wang);
    const checkInId = await checkIn(wang.auth, wang.personId);
    const kept = await settle(nj, { checkInId, billNo: billNo(), totalFen: 1000, compliantFen: 0 });
    const refunded = await settle(nj, { checkInId, billNo: billNo(), totalFen: 1000, compliantFen: 0 });
    const answer = await refund(nj, refunded.body.settlementId);
    t.clock.advance(24 * 3600_000 + 1000);
    nj = await t.hospital('H320102001');
    wang = await t.citizen(W.wang);
    const late = await settle(nj, { checkInId, billNo: billNo(), totalFen: 1000, compliantFen: 0 });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('CHECKIN_EXPIRED');
    expect((await preview(nj, { checkInId, totalFen: 1000, compliantFen: 0 })).body.error.code).toBe('CHECKIN_EXPIRED');
    const closed = await refund(nj, kept.body.settlementId);
    expect(closed.status).toBe(422);
    expect(closed.body.error.code).toBe('REFUND_WINDOW_CLOSED');
    const again = await refund(nj, refunded.body.settlementId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(answer.body);
  });
});

describe('P-SET-8: maintenance refuses settlements and refunds (503 SERVICE_SUSPENDED); previews and statements keep working', () => {
  it('during the window', async () => {
    const world = demo();
    (world as { maintenance: object[] }).maintenance = [{ startsAt: '2026-11-24T11:00:00+08:00', endsAt: '2026-11-24T12:00:00+08:00', message: '医保信息平台停机切换' }];
    const m = await makeApp({ world });
    try {
      let wang = await m.citizen(W.wang);
      let h = await m.hospital('H320102001');
      const qr = await m.http().post(`${api}/qrcodes`).set(wang.auth).send({ personId: wang.personId });
      const checkInId = (await m.http().post(`${api}/hospital/check-ins`).set(h).send({ token: qr.body.token })).body.checkInId;
      const before = await m.http().post(`${api}/hospital/settlements`).set(h).send({ checkInId, billNo: 'M-1', totalFen: 10000, compliantFen: 10000 });
      expect(before.status).toBe(201);
      m.clock.set('2026-11-24T11:05:00+08:00');
      h = await m.hospital('H320102001');
      wang = await m.citizen(W.wang);
      for (const res of [
        await m.http().post(`${api}/hospital/settlements`).set(h).send({ checkInId, billNo: 'M-2', totalFen: 10000, compliantFen: 10000 }),
        await m.http().post(`${api}/hospital/settlements/${before.body.settlementId}/refund`).set(h).send(),
      ]) {
        expect(res.status).toBe(503);
        expect(res.body.error).toEqual({ code: 'SERVICE_SUSPENDED', message: expect.any(String), resumesAt: '2026-11-24T12:00:00+08:00' });
      }
      expect((await m.http().post(`${api}/hospital/settlements/preview`).set(h).send({ checkInId, totalFen: 10000, compliantFen: 10000 })).status).toBe(200);
      expect((await m.http().get(`${api}/hospital/settlements`).set(h)).body).toHaveLength(1);
      expect((await m.http().get(`${api}/account/ledger`).set(wang.auth)).body.entries).toHaveLength(1);
      expect((await m.http().get(`${api}/settlements`).set(wang.auth)).body).toHaveLength(1);
    } finally {
      await m.close();
    }
  });
});
