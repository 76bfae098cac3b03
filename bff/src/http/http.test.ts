import { makeApp, TestApp, W } from '../test/helpers';

let t: TestApp;
let auth: { Authorization: string };
beforeAll(async () => {
  t = await makeApp();
  auth = (await t.citizen(W.wang)).auth;
});
afterAll(() => t.close());

describe('API.md Conventions: errors are {error:{code,message,reasons?}}, never a stack trace', () => {
  it('400 VALIDATION_FAILED for malformed JSON', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"code": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('413 PAYLOAD_TOO_LARGE over 64 KiB', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ code: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(typeof res.body.error.message).toBe('string');
  });

  it('a body just under 64 KiB is read (and refused on its fields, 400)', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ code: 'x'.repeat(60 * 1024) });
    expect(res.status).toBe(400);
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', '"sandbox:abc"'],
    ['a number', '42'],
    ['null', 'null'],
    ['__proto__ keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
    ['wrong types', '{"name":1,"idNumber":{"a":1},"phone":[1]}'],
    ['a huge string', JSON.stringify({ name: '王'.repeat(20000), idNumber: '1'.repeat(1000), phone: '1' })],
  ])('bad input (%s) gets a 4xx, never a 500', async (_l, payload) => {
    const res = await t.http().post('/api/v1/identity/verify').set(auth).set('Content-Type', 'application/json').send(payload as string);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('a non-JSON content type is refused on its fields (400)', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('sandbox:abc');
    expect(res.status).toBe(400);
  });

  it('unknown routes answer 404 NOT_FOUND in the contract shape', async () => {
    const res = await t.http().get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('a path id with a malformed %-escape is 404 NOT_FOUND, not a 500 (reliability suite, fuzzing)', async () => {
    for (const [method, path] of [
      ['get', '/api/v1/orders/%'],
      ['get', '/api/v1/orders/%zz'],
      ['delete', '/api/v1/family/members/%E0%A4%A'],
      ['post', '/api/v1/family/invitations/%/accept'],
      ['post', '/api/v1/family/invitations/%C0/decline'],
    ] as const) {
      const res = await t.http()[method](path).set(auth);
      expect([res.status, res.body.error?.code]).toEqual([404, 'NOT_FOUND']);
      expect(res.text).not.toMatch(/URIError|decode/);
    }
  });

  it('security headers (helmet), no x-powered-by', async () => {
    const res = await t.http().get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('OpenAPI document from the zod schemas', () => {
  it('GET /api/docs/openapi.json is OpenAPI 3 with every endpoint of API.md', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/identity/verify',
      '/api/v1/me',
      '/api/v1/family/members',
      '/api/v1/family/modes',
      '/api/v1/family/invitations',
      '/api/v1/family/invitations/{memberId}/accept',
      '/api/v1/family/invitations/{memberId}/decline',
      '/api/v1/family/members/{memberId}',
      '/api/v1/products',
      '/api/v1/eligibility',
      '/api/v1/orders',
      '/api/v1/orders/{orderId}',
      '/api/v1/qrcodes',
      '/api/v1/hospital/sessions',
      '/api/v1/hospital/check-ins',
      '/api/v1/notices',
    ]) {
      expect(paths).toContain(p);
    }
    const checkIn = res.body.paths['/api/v1/hospital/check-ins'].post.requestBody.content['application/json'].schema;
    expect(checkIn.properties.token).toBeDefined();
    expect(checkIn.required).toContain('token');
  });

  it('GET /api/docs is a readable HTML page', async () => {
    const res = await t.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('/api/v1/hospital/check-ins');
  });
});
