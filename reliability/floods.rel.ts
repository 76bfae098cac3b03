import * as http from 'node:http';
import { BINDING_LIMIT, ID_NUMBER_LIMIT } from '@yibao/shared';
import { DEFAULT_RATE_LIMITS, RateLimits } from '../bff/src/config';
import { W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import type { Res } from './support/http';
import { InProc, startInProc } from './support/inproc';
import { scanLogs } from './support/privacy';

/**
 * Floods: sign-in, refresh, verification, hospital sessions and family bindings answer 429 beyond
 * their limits (with Retry-After), never let more through than the limit (also in a parallel
 * burst), leave other subjects alone, and recover once the window has passed (the app clock is
 * moved on). Issue 18: hospital guessing is limited per hospital *and address* (a guesser never
 * locks out a terminal elsewhere), binding is no oracle (P-FAM-11), and failures against one ID
 * number count over every account (P-ID-6).
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

/** A request from another loopback address (127.0.0.2…: a different caller, no proxy header). */
function fromAddress(base: string, localAddress: string, path: string, json: unknown): Promise<Res> {
  const url = new URL(base + path);
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, body: parsed, text, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

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

it(`issue 18 (API.md Hospitals): ${DEFAULT_RATE_LIMITS.hospitalSessionFailuresPerAddress.limit} wrong secrets lock the guessing address only — a terminal at another address (X-Forwarded-For from the local proxy, or another socket address) keeps signing in; the address is logged`, async () => {
  const x = await app();
  const { limit } = DEFAULT_RATE_LIMITS.hospitalSessionFailuresPerAddress;
  const [h1] = x.t.world.hospitals;
  const via = (ip: string, secret: string) => x.api.post('/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret }, { headers: { 'X-Forwarded-For': ip } });
  // a guesser far beyond the limit, sequentially and in a burst
  const guesses: Res[] = [];
  for (let i = 0; i < limit * 3; i++) guesses.push(await via('198.51.100.66', `guess-${i}`));
  guesses.push(...(await Promise.all(Array.from({ length: limit * 3 }, (_, i) => via('198.51.100.66', `burst-${i}`)))));
  const checked = guesses.filter((r) => r.status === 401).length;
  s.check(checked === limit && guesses.every((r) => r.status === 401 || limited(r)), () => `guesses from one address: ${checked} checked (limit ${limit})`);
  s.check(limited(await via('198.51.100.66', h1.secret)), () => 'the guessing address was not locked for the right secret');
  // the terminals elsewhere are not locked out, while the guessing goes on
  for (let i = 0; i < 20; i++) {
    const terminal = await via(`203.0.113.${10 + (i % 5)}`, h1.secret);
    s.check(terminal.status === 200, () => `terminal at 203.0.113.${10 + (i % 5)} locked out by another address's guesses: ${terminal.status} ${terminal.text.slice(0, 120)}`);
    s.check(limited(await via('198.51.100.66', `more-${i}`)), () => 'the guesser got unlocked');
  }
  const direct = await x.api.post('/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: h1.secret });
  s.check(direct.status === 200, () => `a terminal on this host (no proxy header) locked out: ${direct.status}`);
  // the same from real socket addresses: 127.0.0.2 guesses, 127.0.0.3 signs in
  for (let i = 0; i < limit + 3; i++) await fromAddress(x.api.base, '127.0.0.2', '/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: `socket-guess-${i}` });
  const locked = await fromAddress(x.api.base, '127.0.0.2', '/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: h1.secret });
  s.check(limited(locked), () => `127.0.0.2 not locked after ${limit + 3} wrong secrets: ${locked.status}`);
  const other = await fromAddress(x.api.base, '127.0.0.3', '/api/v1/hospital/sessions', { hospitalId: h1.hospitalId, secret: h1.secret });
  s.check(other.status === 200, () => `127.0.0.3 locked out by 127.0.0.2's guesses: ${other.status} ${other.text.slice(0, 120)}`);
  const logs = x.t.logs();
  s.check(logs.includes('"ip":"198.51.100.66"') && logs.includes('"ip":"127.0.0.2"'), () => 'the guessing addresses are not in the log');
  s.check(!logs.includes('guess-') && !logs.includes(h1.secret), () => 'a secret (right or wrong) reached the log');
  expect(failuresOf(s)).toEqual([]);
});

it(`P-FAM-11: binding is no oracle — unconfirmed people get one identical answer; ${BINDING_LIMIT.maxFailures} failures per user in 24 h, then 429 (also in a parallel burst), recovering after 24 h`, async () => {
  const x = await app();
  const citizen = (id: string) => x.t.world.citizens.find((c) => c.idNumber === id)!;
  const add = (token: string, body: unknown) => x.api.post('/api/v1/family/members', body, { auth: token });
  // an organizer who passes P-FAM-1, probing: a stranger (real name + ID), a real ID with a wrong name, an unknown ID, a relative under another relation
  const prober = await x.api.citizen('bind_prober', citizen(W.huang));
  const probes = [
    { name: citizen(W.zheng).name, idNumber: W.zheng, relation: 'SIBLING' },
    { name: citizen(W.ma).name, idNumber: W.ma, relation: 'SPOUSE' },
    { name: '郑某', idNumber: W.zheng, relation: 'SIBLING' },
    { name: '张三', idNumber: '11010519491231002X', relation: 'PARENT' },
    { name: citizen(W.liu).name, idNumber: W.liu, relation: 'PARENT' },
  ];
  const answers: Res[] = [];
  for (const p of probes) answers.push(await add(prober.token, p));
  const shape = (r: Res) => `${r.status} ${JSON.stringify(r.body)}`;
  s.check(answers.every((r) => shape(r) === shape(answers[0])), () => `different answers for unconfirmed people: ${answers.map(shape).join(' | ')}`);
  s.check(answers[0].status === 422 && JSON.stringify(answers[0].body.error.reasons.map((r: { code: string }) => r.code)) === '["RELATION_UNVERIFIED"]', () => `not RELATION_UNVERIFIED only: ${shape(answers[0])}`);
  s.check(answers.every((r) => !('personId' in (r.body ?? {})) && !/MEMBER_NOT_ACTIVE|REGION_NOT_ALLOWED|MEMBER_NOT_FOUND/.test(r.text)), () => 'an answer told something about a stranger');
  // the rest of the 10, then 429 even for a real relative
  await under('binding failures', BINDING_LIMIT.maxFailures - probes.length, (i) => add(prober.token, probes[i % probes.length]), (r) => r.status === 422);
  const over = await add(prober.token, probes[0]);
  s.check(limited(over) && Number(over.headers.get('retry-after')) > 23 * 3600, () => `binding failures not limited: ${shape(over)}`);
  // a parallel burst from a fresh user gets no more than 10 checked
  const burster = await x.api.citizen('bind_burster', citizen(W.qian));
  const burst = await Promise.all(Array.from({ length: BINDING_LIMIT.maxFailures * 2 }, (_, i) => add(burster.token, probes[i % probes.length])));
  const checked = burst.filter((r) => r.status === 422).length;
  s.check(checked <= BINDING_LIMIT.maxFailures && burst.every((r) => r.status === 422 || limited(r)), () => `parallel binding probes: ${checked} checked (limit ${BINDING_LIMIT.maxFailures})`);
  // another user binds as usual; the prober recovers after 24 h
  const wang = await x.api.citizen('bind_wang', citizen(W.wang));
  const son = await add(wang.token, { name: citizen(W.wangSon).name, idNumber: W.wangSon, relation: 'CHILD' });
  s.check(son.status === 201, () => `another user limited too: ${shape(son)}`);
  x.t.clock.advance(BINDING_LIMIT.windowMs + 1000);
  const again = await x.api.citizen('bind_prober', citizen(W.huang));
  s.check((await add(again.token, probes[0])).status === 422, () => 'binding failures did not recover after 24 h');
  expect(failuresOf(s)).toEqual([]);
});

it(`P-ID-6 across accounts: 36 accounts guessing one identity get no more than ${ID_NUMBER_LIMIT.maxFailures} guesses checked in 24 h, then REAL_NAME_LOCKED for everyone (the right answer too); other identities unaffected; unlocks after 24 h`, async () => {
  const x = await app();
  const target = x.t.world.citizens.find((c) => c.idNumber === W.qianWife)!;
  const accounts: string[] = [];
  for (let i = 0; i < 36; i++) accounts.push((await x.api.login(`id_guesser_${i}`)).accessToken);
  // 180 guesses, 5 per account (the review's attack), half of them in parallel bursts
  let checked = 0;
  let other = 0;
  for (let round = 0; round < 5; round++) {
    const send = (token: string, i: number) => x.api.post('/api/v1/identity/verify', { ...target, phone: `1350${String(round)}${String(1000000 + i).slice(1)}` }, { auth: token });
    const results = round % 2 ? await Promise.all(accounts.map(send)) : await (async () => {
      const out: Res[] = [];
      for (let i = 0; i < accounts.length; i++) out.push(await send(accounts[i], i));
      return out;
    })();
    checked += results.filter((r) => r.status === 422).length;
    other += results.filter((r) => r.status !== 422 && !limited(r, 'REAL_NAME_LOCKED')).length;
  }
  s.check(checked <= ID_NUMBER_LIMIT.maxFailures && other === 0, () => `${checked} guesses against one ID number checked over 36 accounts (limit ${ID_NUMBER_LIMIT.maxFailures}), ${other} unexpected answers`);
  s.check(checked === ID_NUMBER_LIMIT.maxFailures, () => `only ${checked} of ${ID_NUMBER_LIMIT.maxFailures} allowed guesses were checked`);
  const owner = (await x.api.login('id_owner')).accessToken;
  const right = await x.api.post('/api/v1/identity/verify', target, { auth: owner });
  s.check(limited(right, 'REAL_NAME_LOCKED') && !!right.body.error.unlocksAt, () => `the locked ID number verified: ${right.status} ${right.text.slice(0, 160)}`);
  const someoneElse = x.t.world.citizens.find((c) => c.idNumber === W.qianFather)!;
  s.check((await x.api.post('/api/v1/identity/verify', someoneElse, { auth: owner })).status === 200, () => 'another identity was locked too');
  x.t.clock.advance(ID_NUMBER_LIMIT.windowMs + 1000);
  const later = (await x.api.login('id_owner_2')).accessToken;
  const open = await x.api.post('/api/v1/identity/verify', target, { auth: later });
  s.check(open.status === 200, () => `the ID number did not unlock after 24 h: ${open.status} ${open.text.slice(0, 160)}`);
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  for (const x of apps) scanLogs(x.t.logs(), 'floods in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
