import { DEFAULT_RATE_LIMITS, RateLimits } from '../bff/src/config';
import { W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import type { Res } from './support/http';
import { InProc, startInProc } from './support/inproc';
import { scanLogs } from './support/privacy';

/**
 * Floods: sign-in, refresh, verification and hospital sessions answer 429 beyond their limits
 * (with Retry-After), never let more through than the limit (also in a parallel burst), leave
 * other subjects alone, and recover once the window has passed (the app clock is moved on).
 * The per-openid, per-user and per-hospital limits are the shipped defaults; the per-IP ones
 * (thousands a minute) are tightened as RATE_LIMITS would, to reach them in reasonable time.
 */
const s = section('Hostile: floods (429 and recovery)');
const TIGHT: Partial<RateLimits> = {
  loginPerOpenid: DEFAULT_RATE_LIMITS.loginPerOpenid,
  loginPerIp: { limit: 150, windowMs: 60_000 },
  refreshPerIp: { limit: 100, windowMs: 60_000 },
  hospitalSessionPerIp: { limit: 350, windowMs: 60_000 }, // above one hospital's 300, below two
};
const apps: InProc[] = [];
const logs: string[] = [];
async function app(): Promise<InProc> {
  const x = await startInProc({ rateLimits: TIGHT });
  apps.push(x);
  return x;
}
afterAll(async () => {
  for (const x of apps) {
    logs.push(x.t.logs());
    await x.close();
  }
});

const limited = (r: Res, code = 'RATE_LIMITED') => r.status === 429 && r.body?.error?.code === code && Number(r.headers.get('retry-after')) > 0;

/** `n` requests in sequence: all must pass `ok`. */
async function under(label: string, n: number, send: (i: number) => Promise<Res>, ok: (r: Res) => boolean) {
  for (let i = 0; i < n; i++) {
    const r = await send(i);
    if (!s.check(ok(r), () => `${label}: request ${i + 1} of ${n} under the limit got ${r.status} ${r.text.slice(0, 120)}`)) return;
  }
}

it(`sign-in per openid: ${DEFAULT_RATE_LIMITS.loginPerOpenid.limit}/min, then 429 until the window passes; other openids unaffected; a parallel burst gets no more through`, async () => {
  const x = await app();
  const { limit, windowMs } = DEFAULT_RATE_LIMITS.loginPerOpenid;
  const login = (openid: string) => x.api.post('/api/v1/auth/login', { code: `sandbox:${openid}` });
  await under('login flood_a', limit, () => login('flood_a'), (r) => r.status === 200);
  for (let i = 0; i < 3; i++) s.check(limited(await login('flood_a')), () => 'login over the limit not 429');
  s.check((await login('flood_b')).status === 200, () => 'another openid was limited too');
  x.t.clock.advance(windowMs + 1000);
  s.check((await login('flood_a')).status === 200, () => 'login did not recover after the window');
  // in parallel, for a fresh openid
  const burst = await Promise.all(Array.from({ length: Math.round(limit * 1.5) }, () => login('flood_burst')));
  const ok = burst.filter((r) => r.status === 200).length;
  s.check(ok <= limit && burst.every((r) => r.status === 200 || limited(r)), () => `parallel burst: ${ok} signed in (limit ${limit})`);
  expect(failuresOf(s)).toEqual([]);
});

it('sign-in per IP: beyond the limit 429 for any openid, recovering after the window', async () => {
  const x = await app();
  const { limit, windowMs } = TIGHT.loginPerIp!;
  await under('login per IP', limit, (i) => x.api.post('/api/v1/auth/login', { code: `sandbox:ip_${i}` }), (r) => r.status === 200);
  s.check(limited(await x.api.post('/api/v1/auth/login', { code: 'sandbox:ip_new' })), () => 'per-IP sign-in limit not held');
  x.t.clock.advance(windowMs + 1000);
  s.check((await x.api.post('/api/v1/auth/login', { code: 'sandbox:ip_new' })).status === 200, () => 'per-IP sign-in did not recover');
  expect(failuresOf(s)).toEqual([]);
});

it('refresh per IP: guesses count, beyond the limit 429 even for a valid refresh token, recovering after the window', async () => {
  const x = await app();
  const { limit, windowMs } = TIGHT.refreshPerIp!;
  const session = await x.api.login('refresh_owner');
  await under('refresh guesses', limit, (i) => x.api.post('/api/v1/auth/refresh', { refreshToken: `guess-${i}-${'x'.repeat(20)}` }), (r) => r.status === 401);
  s.check(limited(await x.api.post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })), () => 'refresh limit not held');
  x.t.clock.advance(windowMs + 1000);
  const again = await x.api.post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
  s.check(again.status === 200, () => `refresh did not recover: ${again.status}`);
  expect(failuresOf(s)).toEqual([]);
});

it(`verification per user: ${DEFAULT_RATE_LIMITS.verifyPerUser.limit}/h, then 429, recovering after the hour`, async () => {
  const x = await app();
  const { limit, windowMs } = DEFAULT_RATE_LIMITS.verifyPerUser;
  const c = x.t.world.citizens.find((z) => z.idNumber === W.wang)!;
  let token = (await x.api.login('verify_flood')).accessToken;
  const verify = () => x.api.post('/api/v1/identity/verify', { name: c.name, idNumber: c.idNumber, phone: c.phone }, { auth: token });
  await under('verify', limit, verify, (r) => r.status === 200);
  s.check(limited(await verify()), () => 'verification limit not held');
  const other = (await x.api.login('verify_other')).accessToken;
  const chen = x.t.world.citizens.find((z) => z.idNumber === W.chen)!;
  s.check((await x.api.post('/api/v1/identity/verify', chen, { auth: other })).status === 200, () => 'another user was limited too');
  x.t.clock.advance(windowMs + 1000);
  token = (await x.api.login('verify_flood')).accessToken; // the same user (the access token expired meanwhile)
  const again = await verify();
  s.check(again.status === 200, () => `verification did not recover after the hour: ${again.status} ${again.text}`);
  expect(failuresOf(s)).toEqual([]);
});

it('P-ID-6: 5 failed verifications lock for 24 h (429 REAL_NAME_LOCKED with unlocksAt), then unlock', async () => {
  const x = await app();
  const c = x.t.world.citizens.find((z) => z.idNumber === W.huang)!;
  let token = (await x.api.login('lock_flood')).accessToken;
  const first = x.t.clock.now().getTime();
  await under('failures', 5, (i) => x.api.post('/api/v1/identity/verify', { ...c, phone: `1300000000${i}` }, { auth: token }), (r) => r.status === 422 && r.body.error.code === 'REAL_NAME_MISMATCH');
  const locked = await x.api.post('/api/v1/identity/verify', c, { auth: token });
  s.check(limited(locked, 'REAL_NAME_LOCKED') && Date.parse(locked.body.error.unlocksAt) === first + 24 * 3600_000, () => `lock: ${locked.status} ${locked.text}`);
  x.t.clock.advance(24 * 3600_000 - 1000);
  token = (await x.api.login('lock_flood')).accessToken; // the same user, a fresh access token
  const still = await x.api.post('/api/v1/identity/verify', c, { auth: token });
  s.check(limited(still, 'REAL_NAME_LOCKED'), () => `unlocked before 24 h: ${still.status} ${still.text}`);
  x.t.clock.advance(2000);
  const open = await x.api.post('/api/v1/identity/verify', c, { auth: token });
  s.check(open.status === 200, () => `not unlocked after 24 h: ${open.status} ${open.text}`);
  expect(failuresOf(s)).toEqual([]);
});

it(`hospital sessions per hospital: ${DEFAULT_RATE_LIMITS.hospitalSessionPerHospital.limit}/min, then 429, recovering; the other hospital unaffected`, async () => {
  const x = await app();
  const { limit, windowMs } = DEFAULT_RATE_LIMITS.hospitalSessionPerHospital;
  const [h1, h2] = x.t.world.hospitals;
  const session = (h: { hospitalId: string; secret: string }) => x.api.post('/api/v1/hospital/sessions', { hospitalId: h.hospitalId, secret: h.secret });
  await under('hospital sessions', limit, () => session(h1), (r) => r.status === 200);
  s.check(limited(await session(h1)), () => 'per-hospital limit not held');
  s.check((await session(h2)).status === 200, () => 'the other hospital was limited too');
  x.t.clock.advance(windowMs + 1000);
  s.check((await session(h1)).status === 200, () => 'hospital sessions did not recover');
  expect(failuresOf(s)).toEqual([]);
});

it('hospital sessions per IP: beyond the limit 429 for every hospital, recovering after the window', async () => {
  const x = await app();
  const { limit, windowMs } = TIGHT.hospitalSessionPerIp!;
  const [h1, h2] = x.t.world.hospitals;
  await under('hospital sessions per IP', limit, (i) => x.api.post('/api/v1/hospital/sessions', i % 2 ? { hospitalId: h2.hospitalId, secret: h2.secret } : { hospitalId: h1.hospitalId, secret: h1.secret }), (r) => r.status === 200);
  s.check(limited(await x.api.post('/api/v1/hospital/sessions', { hospitalId: h2.hospitalId, secret: h2.secret })), () => 'per-IP hospital limit not held');
  x.t.clock.advance(windowMs + 1000);
  s.check((await x.api.post('/api/v1/hospital/sessions', { hospitalId: h2.hospitalId, secret: h2.secret })).status === 200, () => 'per-IP hospital limit did not recover');
  expect(failuresOf(s)).toEqual([]);
});

it(`hospital secret guessing: ${DEFAULT_RATE_LIMITS.hospitalSessionFailuresPerAddress.limit} failures/min, then 429 even for the right secret; a parallel burst gets no more guesses checked; recovers`, async () => {
  const x = await app();
  const { limit, windowMs } = DEFAULT_RATE_LIMITS.hospitalSessionFailuresPerAddress;
  const [h1, h2] = x.t.world.hospitals;
  await under('guesses', limit, (i) => x.api.post('/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: `guess-${i}` }), (r) => r.status === 401);
  s.check(limited(await x.api.post('/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: h1.secret })), () => 'failure lock not held for the right secret');
  x.t.clock.advance(windowMs + 1000);
  s.check((await x.api.post('/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: h1.secret })).status === 200, () => 'failure lock did not recover');
  const burst = await Promise.all(Array.from({ length: limit * 3 }, (_, i) => x.api.post('/api/v1/hospital/sessions', { hospitalId: h2.hospitalId, secret: `burst-${i}` })));
  const checked = burst.filter((r) => r.status === 401).length;
  s.check(checked <= limit && burst.every((r) => r.status === 401 || limited(r)), () => `parallel guesses: ${checked} checked (limit ${limit})`);
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  for (const x of apps) scanLogs(x.t.logs(), 'floods in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
