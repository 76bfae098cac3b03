import { makeApp, TestApp, W } from './test/helpers';

/**
 * Two BFF instances on one database (on PostgreSQL: two connection pools, as two processes
 * would have): one-time QR redemption, idempotency keys and rate limits hold across them.
 */
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await makeApp({ rateLimits: { hospitalSessionFailuresPerAddress: { limit: 2, windowMs: 60_000 } } });
  b = await makeApp({ shareWith: a, rateLimits: { hospitalSessionFailuresPerAddress: { limit: 2, windowMs: 60_000 } } });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

it('P-QR-2: a token redeemed in parallel on two instances checks in once', async () => {
  const wang = await a.citizen(W.wang);
  const { body } = await a.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: wang.personId });
  const [ha, hb] = [await a.hospital(), await b.hospital()];
  const results = await Promise.all([
    a.http().post('/api/v1/hospital/check-ins').set(ha).send({ token: body.token }),
    b.http().post('/api/v1/hospital/check-ins').set(hb).send({ token: body.token }),
    a.http().post('/api/v1/hospital/check-ins').set(ha).send({ token: body.token }),
    b.http().post('/api/v1/hospital/check-ins').set(hb).send({ token: body.token }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
});

it('P-PAY-8: one Idempotency-Key sent to both instances in parallel charges once', async () => {
  const wang = await a.citizen(W.wang);
  const body = { productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' };
  const send = (t: TestApp) => t.http().post('/api/v1/orders').set(wang.auth).set('Idempotency-Key', 'two-processes-1').send(body);
  const results = await Promise.all([send(a), send(b), send(a), send(b)]);
  expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
  const me = await b.http().get('/api/v1/me').set(wang.auth);
  expect(me.body.person.insurance.account).toEqual({ historicalFen: 500000, currentFen: 20000 - 5900 });
});

it('rate limits are counted in the database, across instances (429 RATE_LIMITED)', async () => {
  const attempt = (t: TestApp) => t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H370303001', secret: 'wrong' });
  expect((await attempt(a)).status).toBe(401);
  expect((await attempt(b)).status).toBe(401);
  expect((await attempt(a)).status).toBe(429);
  expect((await attempt(b)).status).toBe(429);
});
