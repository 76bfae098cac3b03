import { FakeWechat } from '../test/fake-wechat';
import { makeApp, TestApp } from '../test/helpers';

/** API.md WeChat, Sign-in: a code that is not `sandbox:…` goes to GET {base}/sns/jscode2session. */
let fake: FakeWechat;
let t: TestApp;
beforeAll(async () => {
  fake = await new FakeWechat().start();
  // short timings keep the suite quick; one test below runs with the defaults
  t = await makeApp({ wechat: fake, wechatTiming: { attemptTimeoutMs: 300, deadlineMs: 2000, backoffMs: 20 } });
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const login = (code: string, app = t) => app.http().post('/api/v1/auth/login').send({ code });
const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

describe('POST /auth/login with a wx.login code (API.md WeChat, Sign-in)', () => {
  it('exchanges the code with jscode2session (appid, secret, js_code, grant_type) → 200 token pair, never the session_key', async () => {
    const code = fake.loginCode('oOPENID_alice');
    const before = fake.requests.length;
    const res = await login(code);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken']);
    const call = fake.requests[before];
    expect(call).toMatchObject({ method: 'GET', path: '/sns/jscode2session', query: { appid: fake.appId, secret: fake.secret, js_code: code, grant_type: 'authorization_code' } });
    expect((await me(res.body.accessToken)).status).toBe(200);
  });

  it('one openid is one user: two codes of the same openid sign in to the same user; another openid is another user', async () => {
    const a = await login(fake.loginCode('oOPENID_bob'));
    const b = await login(fake.loginCode('oOPENID_bob'));
    const c = await login(fake.loginCode('oOPENID_carol'));
    const ids = await Promise.all([a, b, c].map(async (r) => (await me(r.body.accessToken)).body.userId));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('a used code (40163) and an unknown one (40029) → 401 WECHAT_CODE_INVALID, asked once each (no retry on a client error)', async () => {
    const code = fake.loginCode('oOPENID_dave');
    expect((await login(code)).status).toBe(200);
    const before = fake.count('/sns/jscode2session');
    const again = await login(code);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('WECHAT_CODE_INVALID');
    const unknown = await login('wx-never-issued');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('WECHAT_CODE_INVALID');
    expect(fake.count('/sns/jscode2session') - before).toBe(2);
  });

  it('45011 → 429 RATE_LIMITED with Retry-After', async () => {
    fake.script('/sns/jscode2session', { errcode: 45011 });
    const res = await login(fake.loginCode('oOPENID_erin'));
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('-1 (system busy) once, then an answer: retried, 200', async () => {
    const before = fake.count('/sns/jscode2session');
    fake.script('/sns/jscode2session', { errcode: -1 });
    const res = await login(fake.loginCode('oOPENID_frank'));
    expect(res.status).toBe(200);
    expect(fake.count('/sns/jscode2session') - before).toBe(2);
  });

  it.each([
    ['-1 on every attempt', () => fake.script('/sns/jscode2session', { errcode: -1 }, { errcode: -1 }, { errcode: -1 })],
    ['HTTP 502 on every attempt', () => fake.script('/sns/jscode2session', { status: 502 }, { status: 502 }, { status: 502 })],
    ['connections cut', () => fake.script('/sns/jscode2session', 'drop', 'drop', 'drop')],
    ['answers slower than the timeout', () => fake.script('/sns/jscode2session', { delayMs: 1000 }, { delayMs: 1000 }, { delayMs: 1000 })],
  ])('%s → 503 WECHAT_UNAVAILABLE with Retry-After after 3 attempts', async (_name, arrange) => {
    const before = fake.count('/sns/jscode2session');
    arrange();
    const res = await login(fake.loginCode('oOPENID_gina'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(fake.count('/sns/jscode2session') - before).toBe(3);
    // the code was never used: it still signs in
  });

  it('a wrong secret (40125) is the BFF\'s fault: 503 WECHAT_UNAVAILABLE, and the secret is in no log line', async () => {
    const wrong = await makeApp({ env: { WECHAT_APPID: fake.appId, WECHAT_SECRET: 'not-the-secret-0123456789', WECHAT_API_BASE: fake.url } });
    try {
      const res = await login(fake.loginCode('oOPENID_hank'), wrong);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
      expect(wrong.logs()).toContain('40125');
      expect(wrong.logs()).not.toContain('not-the-secret-0123456789');
    } finally {
      await wrong.close();
    }
  });

  it('SANDBOX_LOGIN=0 with WECHAT_APPID: sandbox codes 401, real codes sign in', async () => {
    const prod = await makeApp({ wechat: fake, env: { SANDBOX_LOGIN: '0' } });
    try {
      expect((await login('sandbox:alice_01', prod)).body.error.code).toBe('WECHAT_CODE_INVALID');
      expect((await login(fake.loginCode('oOPENID_ivy'), prod)).status).toBe(200);
    } finally {
      await prod.close();
    }
  });

  it('no log line, no table holds the secret, a code or a session_key', async () => {
    const logs = t.logs();
    expect(fake.sessionKeys.length).toBeGreaterThan(3);
    for (const key of fake.sessionKeys) expect(logs).not.toContain(key);
    expect(logs).not.toContain(fake.secret);
    for (const r of fake.requests) if (r.query.js_code) expect(logs).not.toContain(r.query.js_code);
    const users = JSON.stringify(await t.ctx.db.query.users.findMany());
    for (const key of fake.sessionKeys) expect(users).not.toContain(key);
  });
});

describe('WeChat unreachable at the default timing (API.md: 503 within 10 s)', () => {
  it('a WeChat that never answers → 503 WECHAT_UNAVAILABLE in under 10 s', async () => {
    const slow = await new FakeWechat().start();
    slow.delayMs = 30_000;
    const app = await makeApp({ wechat: slow });
    try {
      const started = Date.now();
      const res = await login(slow.loginCode('oOPENID_slow'), app);
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
      expect(took).toBeLessThan(10_000);
    } finally {
      await app.close();
      await slow.stop();
    }
  });
});
