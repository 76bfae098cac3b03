/**
 * The contract test from outside the code (`npm run test:contract`): the built BFF on a free port
 * with its own data folder, the spec's demo world and SANDBOX_NOW; a scripted citizen and
 * hospital journey over plain HTTP; every answer checked against the OpenAPI document the BFF
 * serves at /api/docs/openapi.json (ajv, JSON Schema 2020-12 with formats). It fails on any
 * status the document does not declare for the operation and on any body its schema refuses,
 * naming the operation, the status and the validator's path. A journey step that gets another
 * (declared) status than the one it needs stops that journey, since what follows depends on it.
 */
import { type RunningBff, specWorld, startBff } from '../e2e/support/bff';
import { OpenApiContract } from './support/openapi';

const NOW = '2026-11-24T10:00:00+08:00';
const QR_TTL_SECONDS = 3;
const W = {
  wang: { name: '王建国', idNumber: '320102198003140113', phone: '13800000001' },
  father: { name: '王德福', idNumber: '32030219520708013X', phone: '13800000002' },
  wife: { name: '张丽', idNumber: '320102198309050145', phone: '13800000004' },
  son: { name: '王小明', idNumber: '320102201506120151' },
  grandmother: { name: '赵桂兰', idNumber: '340102193001010180' },
};
const HOSPITAL = { hospitalId: 'H320102001', secret: 'demo-secret-nj' };

let bff: RunningBff;
let contract: OpenApiContract;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw body (sent as JSON content) instead of `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

/** One HTTP exchange, checked against the served document; `expected`: what the journey needs. */
async function call(expected: number | number[], method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const payload = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const url = path.startsWith('/api/') || path.startsWith('/healthz') ? path : `/api/v1${path}`;
  const r = await fetch(bff.url + url, { method, headers, body: payload });
  const text = await r.text();
  contract.check(method, url, r.status, r.headers.get('content-type'), text);
  if (![expected].flat().includes(r.status)) throw new Error(`journey: ${method} ${url} answered ${r.status}, the journey needs ${expected}: ${text.slice(0, 400)}`);
  return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
}

/** A probe that is not checked: does this BFF implement the endpoint at all (404 = no route)? */
async function implemented(path: string, token: string): Promise<boolean> {
  const r = await fetch(`${bff.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  await r.text();
  return r.status !== 404;
}

async function signIn(openid: string): Promise<string> {
  const r = await call(200, 'POST', '/auth/login', { body: { code: `sandbox:${openid}` } });
  return r.body.accessToken;
}

async function verifiedCitizen(openid: string, who: { name: string; idNumber: string; phone: string }): Promise<string> {
  const token = await signIn(openid);
  await call(200, 'POST', '/identity/verify', { token, body: who });
  return token;
}

const s: {
  wang: string;
  self: string;
  son: { memberId: string; personId: string };
  father: { memberId: string; personId: string };
  wife: { memberId: string; personId: string };
  orderId: string;
  hospital: string;
  checkInId: string;
} = {} as never;

beforeAll(async () => {
  bff = await startBff({ world: specWorld(), now: NOW, qrTtlSeconds: QR_TTL_SECONDS });
  const r = await fetch(`${bff.url}/api/docs/openapi.json`);
  expect(r.status).toBe(200);
  contract = new OpenApiContract(await r.json());
});

afterAll(async () => {
  if (contract) process.stdout.write(`\n${contract.summary()}\n\n`);
  await bff?.stop();
});

describe('every answer of the BFF matches its served OpenAPI document (/api/docs/openapi.json)', () => {
  it('API.md "Starting it" and "Sign-in": health, notices, sign-in, refresh, 400 and 401', async () => {
    await call(200, 'GET', '/healthz');
    await call(200, 'GET', '/notices');
    await call(401, 'GET', '/me');
    await call(401, 'GET', '/me', { token: 'not-a-token' });
    await call(400, 'POST', '/auth/login', { body: { code: '' } });
    await call(401, 'POST', '/auth/login', { body: { code: 'not-a-wechat-code' } });
    await call(400, 'POST', '/auth/login', { raw: '{"code":' });
    const first = await call(200, 'POST', '/auth/login', { body: { code: 'sandbox:ct-wang' } });
    const renewed = await call(200, 'POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    await call(200, 'GET', '/me', { token: renewed.body.accessToken });
    // a refresh token works once; its reuse revokes the whole family, the renewed pair with it (issue 18, finding 8)
    await call(401, 'POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    await call(401, 'GET', '/me', { token: renewed.body.accessToken });
    await call(401, 'POST', '/auth/refresh', { body: { refreshToken: renewed.body.refreshToken } });
    s.wang = await signIn('ct-wang');
    await call(200, 'GET', '/me', { token: s.wang });
  });

  it('API.md "Real name": 403 before verification, 400 field errors, 422 wrong phone, 413, then verified', async () => {
    await call(403, 'GET', '/family/members', { token: s.wang });
    await call(403, 'POST', '/eligibility', { token: s.wang, body: { productId: 'JS-YHB-2027', insured: [] } });
    await call(400, 'POST', '/identity/verify', { token: s.wang, body: { name: W.wang.name, idNumber: '320102198003140114', phone: 'x' } });
    await call(422, 'POST', '/identity/verify', { token: s.wang, body: { ...W.wang, phone: '13900000009' } });
    await call(413, 'POST', '/identity/verify', { token: s.wang, raw: JSON.stringify({ ...W.wang, padding: 'x'.repeat(70 * 1024) }) });
    await call(200, 'POST', '/identity/verify', { token: s.wang, body: W.wang });
    const me = await call(200, 'GET', '/me', { token: s.wang });
    s.self = me.body.person.personId;
    // another account cannot take the same identity
    const other = await signIn('ct-wang-2');
    await call(409, 'POST', '/identity/verify', { token: other, body: W.wang });
  });

  it('API.md "Family": a minor child, a parent who accepts, a spouse who declines, 422s, modes, memberships', async () => {
    const son = await call(201, 'POST', '/family/members', { token: s.wang, body: { ...W.son, relation: 'CHILD' } });
    expect(son.body.status).toBe('ACTIVE');
    s.son = son.body;
    const father = await call(201, 'POST', '/family/members', { token: s.wang, body: { ...W.father, relation: 'PARENT' } });
    expect(father.body.status).toBe('PENDING_CONSENT');
    s.father = father.body;
    s.wife = (await call(201, 'POST', '/family/members', { token: s.wang, body: { ...W.wife, relation: 'SPOUSE' } })).body;
    // 422 NOT_ELIGIBLE: out of the policy's region; already bound; oneself
    await call(422, 'POST', '/family/members', { token: s.wang, body: { ...W.grandmother, relation: 'GRANDPARENT' } });
    await call(422, 'POST', '/family/members', { token: s.wang, body: { ...W.son, relation: 'CHILD' } });
    await call(422, 'POST', '/family/members', { token: s.wang, body: { name: W.wang.name, idNumber: W.wang.idNumber, relation: 'SPOUSE' } });
    await call(400, 'POST', '/family/members', { token: s.wang, body: { name: W.son.name, idNumber: W.son.idNumber, relation: 'COUSIN' } });
    // pending rows show only who was invited
    const network = await call(200, 'GET', '/family/members', { token: s.wang });
    expect(network.body.members.map((m: { status: string }) => m.status).sort()).toEqual(['ACTIVE', 'PENDING_CONSENT', 'PENDING_CONSENT']);
    await call(200, 'PUT', '/family/modes', { token: s.wang, body: { pay: true, premium: true } });
    await call(400, 'PUT', '/family/modes', { token: s.wang, body: { pay: 'yes' } });

    const dad = await verifiedCitizen('ct-father', W.father);
    const invites = await call(200, 'GET', '/family/invitations', { token: dad });
    expect(invites.body).toHaveLength(1);
    await call(404, 'POST', `/family/invitations/${s.wife.memberId}/accept`, { token: dad });
    await call(200, 'POST', `/family/invitations/${s.father.memberId}/accept`, { token: dad });
    await call(200, 'GET', '/family/memberships', { token: dad });
    await call(200, 'GET', '/family/invitations', { token: dad });

    const wife = await verifiedCitizen('ct-wife', W.wife);
    await call(200, 'GET', '/family/invitations', { token: wife });
    await call(200, 'POST', `/family/invitations/${s.wife.memberId}/decline`, { token: wife });
    await call(404, 'POST', `/family/invitations/${s.wife.memberId}/decline`, { token: wife });
    await call(200, 'GET', '/family/memberships', { token: wife });
    // #14 finding 10: the decline is told to the organizer (optional `declined`, checked against the served schema)
    const told = await call(200, 'GET', '/family/members', { token: s.wang });
    expect((told.body.declined as { memberId: string }[] | undefined)?.map((d) => d.memberId)).toEqual([s.wife.memberId]);
  });

  it('API.md "Products and payment": products, eligibility, an order, its replay, 409, 404, 422, the lists', async () => {
    await call(200, 'GET', '/products', { token: s.wang });
    const insured = [s.self, s.son.personId, s.father.personId];
    await call(200, 'POST', '/eligibility', { token: s.wang, body: { productId: 'JS-YHB-2027', insured } });
    await call(200, 'POST', '/eligibility', { token: s.wang, body: { productId: 'JS-YHB-2026', insured } });
    await call(404, 'POST', '/eligibility', { token: s.wang, body: { productId: 'NO-SUCH-PRODUCT', insured } });
    const body = { productId: 'JS-YHB-2027', insured, payMethod: 'PERSONAL_ACCOUNT' };
    await call(400, 'POST', '/orders', { token: s.wang, body });
    const key = { 'Idempotency-Key': 'contract-order-0001' };
    const placed = await call(201, 'POST', '/orders', { token: s.wang, body, headers: key });
    s.orderId = placed.body.orderId;
    const replay = await call(201, 'POST', '/orders', { token: s.wang, body, headers: key });
    expect(replay.body).toEqual(placed.body);
    await call(409, 'POST', '/orders', { token: s.wang, body: { ...body, insured: [s.self] }, headers: key });
    await call(422, 'POST', '/orders', { token: s.wang, body: { ...body, productId: 'JS-YHB-2026' }, headers: { 'Idempotency-Key': 'contract-order-0002' } });
    await call(422, 'POST', '/orders', { token: s.wang, body: { ...body, insured: [s.wife.personId] }, headers: { 'Idempotency-Key': 'contract-order-0003' } });
    await call(200, 'GET', '/orders', { token: s.wang });
    await call(200, 'GET', `/orders/${s.orderId}`, { token: s.wang });
    await call(404, 'GET', '/orders/no-such-order', { token: s.wang });
    await call(200, 'GET', '/me', { token: s.wang });
  });

  it('API.md "E-voucher QR" and "Hospitals": a code for the child, check-in, a second scan 409, 422 invalid and expired, 401s', async () => {
    const qr = await call(201, 'POST', '/qrcodes', { token: s.wang, body: { personId: s.son.personId } });
    await call(403, 'POST', '/qrcodes', { token: s.wang, body: { personId: s.wife.personId } });
    await call(401, 'POST', '/hospital/sessions', { body: { ...HOSPITAL, secret: 'wrong-secret' } });
    await call(400, 'POST', '/hospital/sessions', { body: { hospitalId: HOSPITAL.hospitalId } });
    s.hospital = (await call(200, 'POST', '/hospital/sessions', { body: HOSPITAL })).body.accessToken;
    // each kind of token is refused on the other's endpoints
    await call(401, 'POST', '/hospital/check-ins', { token: s.wang, body: { token: qr.body.token } });
    await call(401, 'GET', '/me', { token: s.hospital });
    const checkIn = await call(201, 'POST', '/hospital/check-ins', { token: s.hospital, body: { token: qr.body.token, department: '内科' } });
    s.checkInId = checkIn.body.checkInId;
    await call(409, 'POST', '/hospital/check-ins', { token: s.hospital, body: { token: qr.body.token } });
    // #14 finding 7: the phone learns at once that its code was used, where and when
    const used = await call(200, 'GET', `/qrcodes/current?personId=${encodeURIComponent(s.son.personId)}`, { token: s.wang });
    expect(used.body).toMatchObject({ status: 'USED', checkIn: { checkInId: s.checkInId } });
    await call(400, 'GET', '/qrcodes/current', { token: s.wang });
    await call(403, 'GET', `/qrcodes/current?personId=${encodeURIComponent(s.wife.personId)}`, { token: s.wang });
    await call(422, 'POST', '/hospital/check-ins', { token: s.hospital, body: { token: 'not-a-qr-token' } });
    const stale = await call(201, 'POST', '/qrcodes', { token: s.wang, body: { personId: s.self } });
    await new Promise((r) => setTimeout(r, (QR_TTL_SECONDS + 1.5) * 1000));
    await call(422, 'POST', '/hospital/check-ins', { token: s.hospital, body: { token: stale.body.token } });
    expect((await call(200, 'GET', `/qrcodes/current?personId=${encodeURIComponent(s.self)}`, { token: s.wang })).body.status).toBe('EXPIRED');
  });

  it('API.md "Counter settlement" (hospital side), when this BFF implements it', async () => {
    if (!(await implemented('/hospital/settlements', s.hospital))) {
      process.stdout.write('[contract] skipped: counter settlements (GET /api/v1/hospital/settlements answers 404 here: not implemented on this BFF)\n');
      return;
    }
    const qr = await call(201, 'POST', '/qrcodes', { token: s.wang, body: { personId: s.son.personId } });
    const { checkInId } = (await call(201, 'POST', '/hospital/check-ins', { token: s.hospital, body: { token: qr.body.token } })).body;
    const bill = { checkInId, totalFen: 30000, compliantFen: 24000 };
    await call(200, 'POST', '/hospital/settlements/preview', { token: s.hospital, body: bill });
    await call(200, 'POST', '/hospital/settlements/preview', { token: s.hospital, body: { ...bill, payFromAccounts: false } });
    await call(404, 'POST', '/hospital/settlements/preview', { token: s.hospital, body: { ...bill, checkInId: 'no-such-check-in' } });
    await call(400, 'POST', '/hospital/settlements/preview', { token: s.hospital, body: { ...bill, compliantFen: 40000 } });
    const settled = await call(201, 'POST', '/hospital/settlements', { token: s.hospital, body: { ...bill, billNo: 'CT-BILL-0001' } });
    await call(201, 'POST', '/hospital/settlements', { token: s.hospital, body: { ...bill, billNo: 'CT-BILL-0001' } });
    await call(409, 'POST', '/hospital/settlements', { token: s.hospital, body: { ...bill, totalFen: 31000, billNo: 'CT-BILL-0001' } });
    await call(200, 'GET', `/hospital/settlements?since=${encodeURIComponent('2026-11-24T00:00:00+08:00')}`, { token: s.hospital });
    await call(400, 'GET', '/hospital/settlements?since=yesterday', { token: s.hospital });
    await call(200, 'POST', `/hospital/settlements/${settled.body.settlementId}/refund`, { token: s.hospital });
    await call(200, 'POST', `/hospital/settlements/${settled.body.settlementId}/refund`, { token: s.hospital });
    await call(404, 'POST', '/hospital/settlements/no-such-settlement/refund', { token: s.hospital });
    // #14 finding 7: the code's bills, once settled, on the phone that showed it
    const seen = await call(200, 'GET', `/qrcodes/current?personId=${encodeURIComponent(s.son.personId)}`, { token: s.wang });
    expect(seen.body.settlements).toHaveLength(1);
    // a second bill that stays settled, for the citizen's side
    await call(201, 'POST', '/hospital/settlements', { token: s.hospital, body: { checkInId: s.checkInId, totalFen: 12000, compliantFen: 10000, billNo: 'CT-BILL-0002' } });
  });

  it('API.md "What citizens see of it": ledger and settlements, when this BFF implements them', async () => {
    if (!(await implemented('/account/ledger', s.wang))) {
      process.stdout.write('[contract] skipped: ledger and citizen settlements (GET /api/v1/account/ledger answers 404 here: not implemented on this BFF)\n');
      return;
    }
    const page = await call(200, 'GET', '/account/ledger?limit=2', { token: s.wang });
    if (page.body.nextBefore) await call(200, 'GET', `/account/ledger?limit=2&before=${encodeURIComponent(page.body.nextBefore)}`, { token: s.wang });
    await call(400, 'GET', '/account/ledger?limit=0', { token: s.wang });
    await call(200, 'GET', '/settlements', { token: s.wang });
  });

  it('API.md "Family": unbinding (204), again 404, by a stranger 403/404', async () => {
    const stranger = await verifiedCitizen('ct-stranger', { name: '陈志强', idNumber: '320102197804200177', phone: '13800000008' });
    await call([403, 404], 'DELETE', `/family/members/${s.son.memberId}`, { token: stranger });
    await call(204, 'DELETE', `/family/members/${s.father.memberId}`, { token: s.wang });
    await call(404, 'DELETE', `/family/members/${s.father.memberId}`, { token: s.wang });
    await call(200, 'GET', '/family/members', { token: s.wang });
  });

  it('API.md "Your data": the export, 409 OPEN_OBLIGATIONS while an order awaits payment, closing (204), then 401', async () => {
    await call(200, 'GET', '/me/export', { token: s.wang });
    const chen = await signIn('ct-stranger'); // verified in the step before
    const me = await call(200, 'GET', '/me', { token: chen });
    const order = await call(201, 'POST', '/orders', {
      token: chen,
      body: { productId: 'JS-YHB-2027', insured: [me.body.person.personId], payMethod: 'SELF_PAY' },
      headers: { 'Idempotency-Key': 'ct-chen-self-pay-1' },
    });
    const refused = await call(409, 'DELETE', '/me', { token: chen });
    expect(refused.body.error.open).toEqual({ orders: [order.body.orderId], settlements: [] });
    await call(200, 'GET', '/me/export', { token: chen });
    // #14 finding 4: the self-pay order through the sandbox cashier, then it no longer blocks closing
    const orderPath = `/orders/${order.body.orderId}`;
    await call(200, 'POST', `${orderPath}/payment`, { token: chen });
    await call(400, 'POST', `${orderPath}/payment/confirm`, { token: chen });
    const paid = await call(200, 'POST', `${orderPath}/payment/confirm`, { token: chen, headers: { 'Idempotency-Key': 'ct-chen-confirm-1' } });
    expect(paid.body.status).toBe('PAID');
    await call(200, 'POST', `${orderPath}/payment/confirm`, { token: chen, headers: { 'Idempotency-Key': 'ct-chen-confirm-1' } });
    await call(409, 'POST', `${orderPath}/payment`, { token: chen });
    await call(409, 'POST', `${orderPath}/cancel`, { token: chen });
    await call(404, 'POST', '/orders/no-such-order/cancel', { token: chen });
    await call(404, 'POST', '/orders/no-such-order/payment', { token: chen });
    const closing = await signIn('ct-closing');
    await call(204, 'DELETE', '/me', { token: closing });
    await call(401, 'GET', '/me', { token: closing });
  });

  it('no answer broke the document: every status declared, every body valid', () => {
    expect(contract.checks.length).toBeGreaterThan(50);
    expect(contract.failures.map((f) => `${f.operation} → ${f.status}: ${f.problems.join('; ')}`)).toEqual([]);
  });
});
