import { eq } from 'drizzle-orm';
import { wechatTokens } from '../db/schema';
import { FakeWechat } from '../test/fake-wechat';
import { makeApp, TestApp } from '../test/helpers';

/**
 * API.md WeChat, access_token: from POST {base}/cgi-bin/stable_token {grant_type, appid, secret},
 * cached for all processes (the database), renewed ahead of expiry and once on 40001 / 42001;
 * many processes renewing at once make one call (a lease row, not luck).
 */
let fake: FakeWechat;
let a: TestApp;
let b: TestApp;
let c: TestApp;
const timing = { attemptTimeoutMs: 2000, deadlineMs: 6000, backoffMs: 20 };
beforeAll(async () => {
  fake = await new FakeWechat().start();
  a = await makeApp({ wechat: fake, wechatTiming: timing });
  // two more "processes" on the same database, each with its own memory
  b = await makeApp({ wechat: fake, wechatTiming: timing, shareWith: a });
  c = await makeApp({ wechat: fake, wechatTiming: timing, shareWith: a });
  b.clock.set(a.clock.now());
  c.clock.set(a.clock.now());
}, 120_000);
afterAll(async () => {
  await c.close();
  await b.close();
  await a.close();
  await fake.stop();
});

const stableCalls = () => fake.count('/cgi-bin/stable_token');
const advanceAll = (ms: number) => [a, b, c].forEach((x) => x.clock.advance(ms));
const phone = (app: TestApp) => app.ctx.wechat.phoneNumber(fake.phoneCode('13800000001'));

describe('access_token (API.md WeChat)', () => {
  it('many processes asking at once with no token yet → exactly one stable_token call, with {grant_type, appid, secret}', async () => {
    fake.script('/cgi-bin/stable_token', { delayMs: 300 }); // the first call is slow: every other asker overlaps it
    const tokens = await Promise.all([a, b, c].flatMap((app) => Array.from({ length: 10 }, () => app.ctx.wechat.accessToken())));
    expect(new Set(tokens).size).toBe(1);
    expect(stableCalls()).toBe(1);
    const call = fake.requests.find((r) => r.path === '/cgi-bin/stable_token')!;
    expect(call.method).toBe('POST');
    expect(call.body).toEqual({ grant_type: 'client_credential', appid: fake.appId, secret: fake.secret });
  });

  it('cached: calls that need it reuse it, in every process, and the database holds it sealed', async () => {
    const before = stableCalls();
    await phone(a);
    await phone(b);
    await phone(c);
    expect(stableCalls()).toBe(before);
    const [row] = await a.ctx.db.select().from(wechatTokens).where(eq(wechatTokens.appId, fake.appId));
    const token = await a.ctx.wechat.accessToken();
    expect(row.tokenSealed).not.toContain(token);
    expect(fake.requests.filter((r) => r.path === '/wxa/business/getuserphonenumber').every((r) => r.query.access_token === token)).toBe(true);
  });

  it('renewed ahead of expiry (5 minutes before): once for all processes', async () => {
    const old = await a.ctx.wechat.accessToken();
    const before = stableCalls();
    advanceAll((7200 - 299) * 1000);
    const tokens = await Promise.all([a, b, c].map((app) => app.ctx.wechat.accessToken()));
    expect(stableCalls() - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    // the fake still held the old one valid: stable_token answers the same token, with what is left of its life
    expect(tokens[0]).toBe(old);
  });

  it('40001 (token invalidated elsewhere) while several processes call: renewed once (force_refresh), every call succeeds', async () => {
    await Promise.all([a, b, c].map((app) => app.ctx.wechat.accessToken()));
    fake.invalidateTokens();
    const before = stableCalls();
    const results = await Promise.all([a, b, c, a, b, c].map((app) => phone(app)));
    expect(results.every((r) => r.phone === '13800000001')).toBe(true);
    expect(stableCalls() - before).toBe(1);
    const renewal = fake.requests.filter((r) => r.path === '/cgi-bin/stable_token').at(-1)!;
    expect(renewal.body).toEqual({ grant_type: 'client_credential', appid: fake.appId, secret: fake.secret, force_refresh: true });
  });

  it('42001 (expired at WeChat before our renewal time): renewed once, the call made again', async () => {
    await a.ctx.wechat.accessToken();
    fake.expireTokens();
    const before = stableCalls();
    expect((await phone(a)).phone).toBe('13800000001');
    expect(stableCalls() - before).toBe(1);
  });

  it('renewed once only: a second 40001 after the renewal is an error (503 for the caller), not a loop', async () => {
    await a.ctx.wechat.accessToken();
    fake.script('/wxa/business/getuserphonenumber', { errcode: 40001 }, { errcode: 40001 });
    const before = stableCalls();
    await expect(phone(a)).rejects.toMatchObject({ kind: 'ERRCODE', errcode: 40001 });
    expect(stableCalls() - before).toBe(1);
  });

  it('stable_token answering -1 on every attempt: the caller gets WECHAT_UNAVAILABLE, the lease is given back', async () => {
    advanceAll(3 * 3600_000);
    fake.script('/cgi-bin/stable_token', { errcode: -1 }, { errcode: -1 }, { errcode: -1 });
    await expect(a.ctx.wechat.accessToken()).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    const [row] = await a.ctx.db.select().from(wechatTokens).where(eq(wechatTokens.appId, fake.appId));
    expect(row.refreshingUntil).toBeNull();
    expect(await b.ctx.wechat.accessToken()).toEqual(expect.any(String));
  });
});
