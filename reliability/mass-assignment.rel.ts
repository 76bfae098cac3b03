import { sql } from 'drizzle-orm';
import { W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import { InProc, startInProc } from './support/inproc';
import { scanLogs } from './support/privacy';

/**
 * Mass assignment: price, status, balance and owner fields (and prototype keys) in any body are
 * ignored; the server decides them all.
 */
const s = section('Hostile: mass assignment');
let x: InProc;
const PRICE = 5900; // JS-YHB-2027 in the demo world

let A: { token: string; personId: string; userId: string };
let B: { token: string; personId: string; userId: string };
let son: string;
let wife: string;
const who = (idNumber: string) => x.t.world.citizens.find((c) => c.idNumber === idNumber)!;

const FORGED = {
  totalFen: 1,
  priceFen: { DEFAULT: 1 },
  amountFen: 1,
  price: 1,
  status: 'PAID',
  debit: { historicalFen: 0, currentFen: 0 },
  balance: { historicalFen: 999_999_999, currentFen: 999_999_999 },
  account: { historicalFen: 999_999_999, currentFen: 999_999_999 },
  orderId: 'o_chosen_by_client',
  createdAt: '2000-01-01T00:00:00+08:00',
  category: 'TEKUN',
  waitingMonths: 0,
  coverFrom: '2000-01-01',
};

beforeAll(async () => {
  x = await startInProc();
  A = await x.api.citizen('mass_a', who(W.wang));
  B = await x.api.citizen('mass_b', who(W.qian));
  const bind = async (idNumber: string, relation: string) => {
    const res = await x.api.post('/api/v1/family/members', { name: who(idNumber).name, idNumber, relation }, { auth: A.token });
    expect(res.status).toBe(201);
    return res.body;
  };
  son = (await bind(W.wangSon, 'CHILD')).personId;
  const w = await bind(W.wangWife, 'SPOUSE');
  wife = w.personId;
  const wifeUser = await x.api.citizen('mass_wife', who(W.wangWife));
  expect((await x.api.post(`/api/v1/family/invitations/${w.memberId}/accept`, undefined, { auth: wifeUser.token })).status).toBe(200);
  expect((await x.api.put('/api/v1/family/modes', { pay: true, premium: true }, { auth: A.token })).status).toBe(200);
});
afterAll(() => x?.close());

it('POST /orders: the price, status, debit, balance, order id, items and owner are the server\'s', async () => {
  const before = await x.api.balance(A.token);
  const res = await x.api.post(
    '/api/v1/orders',
    {
      productId: 'JS-YHB-2027',
      insured: [A.personId],
      payMethod: 'PERSONAL_ACCOUNT',
      ...FORGED,
      status: 'AWAITING_PAYMENT',
      userId: B.userId,
      ownerId: B.userId,
      payerPersonId: B.personId,
      payer: { personId: B.personId, insurance: { account: { historicalFen: 1e9, currentFen: 1e9 } } },
      items: [{ personId: A.personId, amountFen: 1, coverFrom: '2000-01-01' }],
    },
    { auth: A.token, headers: { 'Idempotency-Key': 'mass-order-1' } },
  );
  s.check(res.status === 201, () => `order: ${res.status} ${res.text}`);
  s.check(res.body.totalFen === PRICE, () => `totalFen ${res.body.totalFen}`);
  s.check(res.body.status === 'PAID', () => `status ${res.body.status}`);
  s.check(res.body.orderId !== FORGED.orderId && /^o_/.test(res.body.orderId), () => `orderId ${res.body.orderId}`);
  s.check(res.body.items.length === 1 && res.body.items[0].amountFen === PRICE && res.body.items[0].coverFrom !== FORGED.coverFrom, () => `items ${JSON.stringify(res.body.items)}`);
  s.check(res.body.debit.historicalFen + res.body.debit.currentFen === PRICE, () => `debit ${JSON.stringify(res.body.debit)}`);
  const after = await x.api.balance(A.token);
  s.check(before.historicalFen + before.currentFen - (after.historicalFen + after.currentFen) === PRICE, () => `balance moved by ${before.historicalFen + before.currentFen - after.historicalFen - after.currentFen}`);
  const mine = await x.api.get(`/api/v1/orders/${res.body.orderId}`, { auth: A.token });
  s.check(mine.status === 200 && mine.body.totalFen === PRICE, () => `owner reads ${mine.status}`);
  const theirs = await x.api.get(`/api/v1/orders/${res.body.orderId}`, { auth: B.token });
  s.check(theirs.status === 404, () => `the named "owner" reads ${theirs.status}`);
  const bList = await x.api.get('/api/v1/orders', { auth: B.token });
  s.check(bList.body.length === 0, () => `B has ${bList.body.length} orders`);
  expect(failuresOf(s)).toEqual([]);
});

it('POST /orders SELF_PAY with status PAID stays AWAITING_PAYMENT and debits nothing; prototype keys change nothing', async () => {
  const before = await x.api.balance(A.token);
  const res = await x.api.post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [son], payMethod: 'SELF_PAY', ...FORGED, status: 'PAID' }, { auth: A.token, headers: { 'Idempotency-Key': 'mass-order-2' } });
  s.check(res.status === 201 && res.body.status === 'AWAITING_PAYMENT' && res.body.totalFen === PRICE && res.body.debit === undefined, () => `self-pay: ${res.status} ${res.text}`);
  s.check(JSON.stringify(await x.api.balance(A.token)) === JSON.stringify(before), () => 'self-pay moved the balance');
  // __proto__ / constructor.prototype in raw JSON (JSON.parse makes them own keys; nothing may pick them up)
  const raw = `{"productId":"JS-YHB-2027","insured":["${wife}"],"payMethod":"PERSONAL_ACCOUNT","__proto__":{"totalFen":1,"status":"AWAITING_PAYMENT","isAdmin":true,"debit":{"historicalFen":0,"currentFen":0}},"constructor":{"prototype":{"totalFen":1}}}`;
  const proto = await x.api.post('/api/v1/orders?userId=' + B.userId + '&totalFen=1&status=AWAITING_PAYMENT', undefined, { auth: A.token, raw, headers: { 'Idempotency-Key': 'mass-order-3' } });
  s.check(proto.status === 201 && proto.body.totalFen === PRICE && proto.body.status === 'PAID', () => `__proto__ order: ${proto.status} ${proto.text}`);
  s.check(({} as Record<string, unknown>).isAdmin === undefined && ({} as Record<string, unknown>).totalFen === undefined, () => 'Object.prototype polluted');
  const after = await x.api.balance(A.token);
  s.check(before.historicalFen + before.currentFen - after.historicalFen - after.currentFen === PRICE, () => 'the __proto__ order charged another amount');
  expect(failuresOf(s)).toEqual([]);
});

it('POST /eligibility: the price and the balance are the server\'s', async () => {
  const res = await x.api.post('/api/v1/eligibility', { productId: 'JS-YHB-2027', insured: [son], ...FORGED }, { auth: A.token });
  const bal = await x.api.balance(A.token);
  s.check(res.status === 200 && res.body.totalFen === PRICE && res.body.insured[0].amountFen === PRICE, () => `eligibility ${res.text}`);
  s.check(res.body.balance.historicalFen === bal.historicalFen && res.body.balance.currentFen === bal.currentFen, () => `balance shown ${JSON.stringify(res.body.balance)} vs ${JSON.stringify(bal)}`);
  expect(failuresOf(s)).toEqual([]);
});

it('POST /family/members: status, member id and organizer are the server\'s; PUT /family/modes changes only the caller\'s', async () => {
  const mother = who(W.wangMother);
  const res = await x.api.post(
    '/api/v1/family/members',
    { name: mother.name, idNumber: mother.idNumber, relation: 'PARENT', status: 'ACTIVE', memberId: 'm_chosen', organizerPersonId: B.personId, memberPersonId: A.personId, personId: 'p_chosen', createdAt: '2000-01-01' },
    { auth: A.token },
  );
  s.check(res.status === 201 && res.body.status === 'PENDING_CONSENT' && res.body.memberId !== 'm_chosen' && res.body.personId !== 'p_chosen', () => `add member: ${res.status} ${res.text}`);
  const aList = await x.api.get('/api/v1/family/members', { auth: A.token });
  s.check(aList.body.members.some((m: { memberId: string }) => m.memberId === res.body.memberId), () => 'not listed under the caller');
  const bList = await x.api.get('/api/v1/family/members', { auth: B.token });
  s.check(bList.body.members.length === 0, () => `listed under B: ${bList.text}`);

  const bModes = bList.body.modes;
  const put = await x.api.put('/api/v1/family/modes', { pay: true, premium: true, organizerPersonId: B.personId, personId: B.personId, userId: B.userId }, { auth: A.token });
  s.check(put.status === 200, () => `modes ${put.status}`);
  const bAfter = await x.api.get('/api/v1/family/members', { auth: B.token });
  s.check(JSON.stringify(bAfter.body.modes) === JSON.stringify(bModes), () => `B's modes changed: ${JSON.stringify(bAfter.body.modes)}`);
  expect(failuresOf(s)).toEqual([]);
});

it('POST /identity/verify: "verified", personId and userId in the body are ignored', async () => {
  const u = (await x.api.login('mass_unverified')).accessToken;
  const chen = who(W.chen);
  const wrong = await x.api.post('/api/v1/identity/verify', { ...chen, phone: '13000000000', verified: true, personId: A.personId, userId: A.userId }, { auth: u });
  s.check(wrong.status === 422, () => `wrong factors with verified:true → ${wrong.status}`);
  const me1 = await x.api.get('/api/v1/me', { auth: u });
  s.check(me1.body.verified === false, () => 'verified by the body');
  const right = await x.api.post('/api/v1/identity/verify', { ...chen, personId: A.personId, userId: A.userId }, { auth: u });
  s.check(right.status === 200, () => `right factors → ${right.status}`);
  const me2 = await x.api.get('/api/v1/me', { auth: u });
  s.check(me2.body.verified === true && me2.body.person.personId !== A.personId && me2.body.userId !== A.userId, () => `became ${JSON.stringify(me2.body).slice(0, 200)}`);
  const meA = await x.api.get('/api/v1/me', { auth: A.token });
  s.check(meA.body.userId === A.userId && meA.body.person.personId === A.personId, () => 'A changed');
  expect(failuresOf(s)).toEqual([]);
});

it('POST /qrcodes: expiry and subject are the server\'s; POST /hospital/check-ins: the patient and hospital are the token\'s', async () => {
  const now = x.t.clock.now().getTime();
  const qr = await x.api.post('/api/v1/qrcodes', { personId: son, exp: 9_999_999_999, expiresAt: '2099-01-01T00:00:00+08:00', ttl: 999_999, sub: A.personId }, { auth: A.token });
  s.check(qr.status === 201, () => `qr ${qr.status}`);
  const exp = Date.parse(qr.body.expiresAt);
  s.check(exp - now <= 61_000 && exp - now > 0, () => `expiresAt ${qr.body.expiresAt}`);
  // P-QR-1: the token is opaque (issue 18); what it stands for is the server's row, found by the code's owner and expiry
  const issued = (await x.t.database.db.execute(
    sql`select person_id, user_id, expires_at from qr_tokens order by created_at desc limit 1`,
  )) as unknown as { rows: { person_id: string; user_id: string; expires_at: string | Date }[] };
  const row = issued.rows[0];
  s.check(row?.person_id === son && new Date(row.expires_at).getTime() === exp, () => `token stands for ${JSON.stringify(row)}`);
  s.check(!qr.body.token.includes(son) && !qr.body.token.includes(A.personId), () => 'the token names a person');
  const hospital = await x.t.hospital('H320102001');
  const ci = await x.api.post(
    '/api/v1/hospital/check-ins',
    { token: qr.body.token, department: '儿科', personId: B.personId, hospitalId: 'H370303001', checkedInAt: '2000-01-01T00:00:00+08:00', patient: { personId: B.personId } },
    { auth: hospital },
  );
  s.check(ci.status === 201 && ci.body.patient.personId === son && ci.body.checkedInAt !== '2000-01-01T00:00:00+08:00', () => `check-in ${ci.status} ${ci.text}`);
  const rows = (await x.t.database.db.execute(sql`select person_id, hospital_id from check_ins where check_in_id = ${ci.body.checkInId}`)) as unknown as { rows: { person_id: string; hospital_id: string }[] };
  s.check(rows.rows[0]?.person_id === son && rows.rows[0]?.hospital_id === 'H320102001', () => `recorded ${JSON.stringify(rows.rows)}`);
  expect(failuresOf(s)).toEqual([]);
});

it('POST /auth/login: a userId in the body does not sign in as that user', async () => {
  const res = await x.api.post('/api/v1/auth/login', { code: 'sandbox:mass_new_user', userId: A.userId, openid: 'mass_a' });
  s.check(res.status === 200, () => `login ${res.status}`);
  const me = await x.api.get('/api/v1/me', { auth: res.body.accessToken });
  s.check(me.body.userId !== A.userId && me.body.verified === false, () => `signed in as ${me.body.userId}`);
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  scanLogs(x.t.logs(), 'mass-assignment in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
