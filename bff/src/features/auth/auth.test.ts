import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { epochSeconds } from '../../clock';
import { makeApp, TestApp, W } from '../../test/helpers';
import { AUDIENCE, ISSUER } from './tokens';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp({ rateLimits: { loginPerOpenid: { limit: 3, windowMs: 60_000 } } });
});
afterAll(() => t.close());

const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

describe('POST /auth/login (API.md Sign-in)', () => {
  it('sandbox:<openid> → 200 {accessToken, refreshToken, expiresIn ≤ 900}', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ code: 'sandbox:alice_01' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect((await me(res.body.accessToken)).status).toBe(200);
  });

  it('the same openid signs in to the same user', async () => {
    const a = await t.login('same-openid');
    const b = await t.login('same-openid');
    expect((await me(a.accessToken)).body.userId).toBe((await me(b.accessToken)).body.userId);
  });

  it.each([
    [{}, 400],
    [{ code: 42 }, 400],
    [{ code: '' }, 400],
    [{ code: 'sandbox:' }, 400],
    [{ code: 'sandbox:has space' }, 400],
    [{ code: `sandbox:${'a'.repeat(65)}` }, 400],
    [{ code: 'a-real-wx-code' }, 401],
  ])('%j → %i (a real code without WECHAT_APPID: 401 WECHAT_CODE_INVALID, API.md WeChat)', async (payload, status) => {
    const res = await t.http().post('/api/v1/auth/login').send(payload);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(status === 400 ? 'VALIDATION_FAILED' : 'WECHAT_CODE_INVALID');
  });

  it('429 RATE_LIMITED: sign-in attempts are limited per openid (kept in the database)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await t.http().post('/api/v1/auth/login').send({ code: 'sandbox:busy' })).status);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const res = await t.http().post('/api/v1/auth/login').send({ code: 'sandbox:busy' });
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(61_000);
    expect((await t.http().post('/api/v1/auth/login').send({ code: 'sandbox:busy' })).status).toBe(200);
  });
});

describe('POST /auth/refresh: a refresh token works once; reuse revokes the family', () => {
  it('rotates: the new pair works, the old refresh token is refused', async () => {
    const first = await t.login();
    const r1 = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(r1.body.accessToken)).status).toBe(200);
    const again = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a reused refresh token revokes every token of its family', async () => {
    const first = await t.login();
    const r1 = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    // the legitimately rotated one is now dead too
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: r1.body.refreshToken })).status).toBe(401);
  });

  it('an unknown refresh token → 401; malformed body → 400', async () => {
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: crypto.randomBytes(32).toString('base64url') })).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 5 })).status).toBe(400);
  });

  it('an expired refresh token → 401', async () => {
    const first = await t.login();
    t.clock.advance(31 * 24 * 3600 * 1000);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
  });
});

describe('401 UNAUTHENTICATED: token attacks (missing, malformed, forged, expired, wrong kind)', () => {
  let userId: string;
  beforeAll(async () => {
    const { accessToken } = await t.login();
    userId = (await me(accessToken)).body.userId;
  });
  const iat = () => epochSeconds(t.clock.now());
  const expect401 = async (header: string | undefined) => {
    const req = t.http().get('/api/v1/me');
    const res = header === undefined ? await req : await req.set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  };

  it('no token', () => expect401(undefined));
  it('not a bearer token', () => expect401('Basic dXNlcjpwYXNz'));
  it('garbage', () => expect401('Bearer not.a.jwt'));

  it('alg none', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: userId, iss: ISSUER, aud: AUDIENCE.citizen, iat: iat(), exp: iat() + 600 })}.`;
    await expect401(`Bearer ${token}`);
  });

  it('wrong key', async () => {
    const token = jwt.sign({ sub: userId, iat: iat(), exp: iat() + 600 }, crypto.randomBytes(32), { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE.citizen });
    await expect401(`Bearer ${token}`);
  });

  it('HS512 with the right key (algorithm pinned)', async () => {
    const token = jwt.sign({ sub: userId, iat: iat(), exp: iat() + 600 }, t.keys.access, { algorithm: 'HS512', issuer: ISSUER, audience: AUDIENCE.citizen });
    await expect401(`Bearer ${token}`);
  });

  it('expired (by the app clock)', async () => {
    const { accessToken } = await t.login();
    expect((await me(accessToken)).status).toBe(200);
    t.clock.advance(901_000);
    await expect401(`Bearer ${accessToken}`);
  });

  it('wrong audience (a hospital token on a citizen endpoint)', async () => {
    const token = jwt.sign({ sub: userId, iat: iat(), exp: iat() + 600 }, t.keys.access, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE.hospital });
    await expect401(`Bearer ${token}`);
    const hospital = await t.hospital();
    await expect401(hospital.Authorization);
  });

  it('wrong issuer', async () => {
    const token = jwt.sign({ sub: userId, iat: iat(), exp: iat() + 600 }, t.keys.access, { algorithm: 'HS256', issuer: 'someone', audience: AUDIENCE.citizen });
    await expect401(`Bearer ${token}`);
  });

  it('a citizen token on a hospital endpoint', async () => {
    const c = await t.citizen(W.chen);
    const res = await t.http().post('/api/v1/hospital/check-ins').set(c.auth).send({ token: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a token without an expiry, even under the right key (reliability suite: it used to be accepted for ever)', async () => {
    const token = jwt.sign({ sub: userId, iat: iat() }, t.keys.access, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE.citizen });
    await expect401(`Bearer ${token}`);
  });

  it('a validly signed token of a user that does not exist', async () => {
    const token = jwt.sign({ sub: 'u_ghost', iat: iat(), exp: iat() + 600 }, t.keys.access, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE.citizen });
    await expect401(`Bearer ${token}`);
  });
});

describe('API.md WeChat: SANDBOX_LOGIN=0 refuses sandbox: codes with 401', () => {
  it('sandbox:<openid> → 401 WECHAT_CODE_INVALID, and no user is made', async () => {
    const off = await makeApp({ env: { SANDBOX_LOGIN: '0' } });
    try {
      const res = await off.http().post('/api/v1/auth/login').send({ code: 'sandbox:alice_01' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
      expect(await off.ctx.db.query.users.findMany()).toEqual([]);
    } finally {
      await off.close();
    }
  });
});

describe('POST /auth/logout (citizen token → 204): the refresh-token family and every access token of it are revoked at once', () => {
  const logout = (token: string) => t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });

  it('204; then the access token, its refresh token and the access tokens refreshed from them are 401 UNAUTHENTICATED; another sign-in of the same user is not affected', async () => {
    const first = await t.login('logout_user');
    const rotated = (await refresh(first.refreshToken)).body as { accessToken: string; refreshToken: string };
    const other = await t.login('logout_user'); // the same user on another phone: another family
    expect((await me(first.accessToken)).status).toBe(200);
    const res = await logout(rotated.accessToken);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    for (const token of [first.accessToken, rotated.accessToken]) {
      const r = await me(token);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    expect((await logout(rotated.accessToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('401 without a token, with a hospital token', async () => {
    expect((await t.http().post('/api/v1/auth/logout')).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/logout').set(await t.hospital())).status).toBe(401);
  });

  it('a reused refresh token revokes its family: the family\'s access tokens fail at once, not 15 minutes later', async () => {
    const first = await t.login();
    const rotated = (await refresh(first.refreshToken)).body as { accessToken: string };
    expect((await me(rotated.accessToken)).status).toBe(200);
    expect((await refresh(first.refreshToken)).status).toBe(401); // reuse
    expect((await me(first.accessToken)).status).toBe(401);
    expect((await me(rotated.accessToken)).status).toBe(401);
  });

  it('an access token without a family, even under the right key, is refused (it could not be revoked)', async () => {
    const { accessToken } = await t.login();
    const userId = (await me(accessToken)).body.userId;
    const now = epochSeconds(t.clock.now());
    const token = jwt.sign({ sub: userId, iat: now, exp: now + 600 }, t.keys.access, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE.citizen });
    expect((await me(token)).status).toBe(401);
  });

  it('across processes: a family revoked on one is refused by the other within its poll interval (REVOCATION_POLL_MS), with no database read per request', async () => {
    const pollMs = 300;
    const a = await makeApp({ env: { REVOCATION_POLL_MS: String(pollMs) } });
    const b = await makeApp({ shareWith: a, env: { REVOCATION_POLL_MS: String(pollMs) } });
    try {
      const session = await a.login('two_process_logout');
      const onB = () => b.http().get('/api/v1/me').set('Authorization', `Bearer ${session.accessToken}`);
      expect((await onB()).status).toBe(200);
      expect((await a.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(204);
      const revokedAt = Date.now();
      let refusedAfter = -1;
      while (Date.now() - revokedAt < 10_000) {
        if ((await onB()).status === 401) {
          refusedAfter = Date.now() - revokedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(refusedAfter).toBeGreaterThanOrEqual(0);
      expect(refusedAfter).toBeLessThanOrEqual(pollMs + 1000); // one poll, and a loaded machine's slack
      expect((await a.http().get('/api/v1/me').set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(401);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
