import { Bff, sleep } from './support/bff';
import { freshDatabase } from './support/db';
import { ENGINE, failuresOf, section } from './support/figures';
import { Api, Res } from './support/http';
import { registerCitizens, registerCredential, scanLogs } from './support/privacy';
import { buildWorld } from './support/world';

/**
 * Several BFF processes. On PostgreSQL: two built BFFs on one database, where a QR token redeemed
 * on one is refused on the other, one Idempotency-Key retried across both charges once, and the
 * rate limits and the real-name lockout (P-ID-6) hold across both. On PGlite (embedded, one
 * process per data folder): a second BFF on the same folder refuses to start and the first one
 * keeps serving with nothing lost.
 */
const s = section('Two processes');
const built = buildWorld({
  seed: 13,
  citizens: Array.from({ length: 16 }, () => ({ historicalFen: 100_000, currentFen: 10_000 })),
  productPrices: [1000, 2000, 3000],
  hospitals: 3,
});
registerCitizens(built.citizens);
for (const h of built.hospitals) registerCredential(h.secret);

// tight enough to reach in a few dozen requests; the P-ID-6 lock is the rule's own (5 per 24 h)
const LIMITS = { loginPerOpenid: 12, verifyPerUser: 8, hospitalSessionPerHospital: 24, hospitalSessionFailuresPerAddress: 5 };
const RATE_LIMITS = `loginPerOpenid=${LIMITS.loginPerOpenid}/600,verifyPerUser=${LIMITS.verifyPerUser}/3600,hospitalSessionPerHospital=${LIMITS.hospitalSessionPerHospital}/600,hospitalSessionFailuresPerAddress=${LIMITS.hospitalSessionFailuresPerAddress}/600`;

const bffs: Bff[] = [];
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const b of bffs) await b.dispose();
  await drop?.();
});

const pgOnly = ENGINE === 'postgres' ? describe : describe.skip;
const pgliteOnly = ENGINE === 'pglite' ? describe : describe.skip;

pgliteOnly('PGlite: one process per data folder', () => {
  it('a second BFF on the same DATA_DIR refuses to start; the first keeps serving and loses nothing', async () => {
    const a = await Bff.start({ world: built.json, env: { LOG_LEVEL: 'info' } });
    bffs.push(a);
    const api = new Api(a.url);
    const u = await api.citizen('proc_pglite_0', built.citizens[0]);
    const first = await api.post('/api/v1/orders', { productId: built.products[0].productId, insured: [u.personId], payMethod: 'PERSONAL_ACCOUNT' }, { auth: u.token, headers: { 'Idempotency-Key': 'proc-pglite-1' } });
    expect(first.status).toBe(201);
    // the second process: same folder, same secrets, another port
    const b = await Bff.start({ world: built.json, dir: a.dir, env: { LOG_LEVEL: 'info' }, secrets: { jwtSecret: a.jwtSecret, piiKey: a.piiKey } }).then(
      (started) => {
        bffs.push(started);
        return started;
      },
      (err: Error) => err,
    );
    s.check(b instanceof Error && /in use by another process/.test(b.message), () => `a second BFF started on the same PGlite folder: ${b instanceof Error ? b.message.slice(0, 300) : 'it answered /healthz'}`);
    // the first one still serves, and its data is whole
    const again = await api.get(`/api/v1/orders/${first.body.orderId}`, { auth: u.token });
    s.check(again.status === 200 && again.body.status === 'PAID', () => `first BFF after the refused start: ${again.status}`);
    const v = await api.post('/api/v1/identity/verify', built.citizens[0], { auth: (await api.login('proc_pglite_other')).accessToken });
    s.check(v.status === 409, () => `P-ID-5 across the refused start: ${v.status}`);
    // once the holder is gone (even by kill -9), the folder opens again, with everything in it
    await a.kill9();
    await a.launch();
    const after = await api.get(`/api/v1/orders/${first.body.orderId}`, { auth: u.token });
    s.check(after.status === 200 && after.body.status === 'PAID', () => `after kill -9 and restart: ${after.status}`);
    s.note('PGlite: a second process on one data folder is refused (two processes share PostgreSQL only)');
    scanLogs(a.log(), 'pglite two-process BFF');
    expect(failuresOf(s)).toEqual([]);
  });
});

pgOnly('PostgreSQL: two BFF processes on one database', () => {
  let a: Api;
  let b: Api;
  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabase('procs'));
    const one = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info', RATE_LIMITS } });
    bffs.push(one);
    // the same secrets (as production would have from its environment)
    const two = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info', RATE_LIMITS }, secrets: { jwtSecret: one.jwtSecret, piiKey: one.piiKey } });
    bffs.push(two);
    a = new Api(one.url);
    b = new Api(two.url);
  });

  it('P-QR-2: a QR token redeemed on one process is refused on the other; parallel redemptions on both check in once', async () => {
    const u = await a.citizen('proc_qr', built.citizens[1]);
    const h = built.hospitals[0];
    const [ha, hb] = [await a.hospital(h.hospitalId, h.secret), await b.hospital(h.hospitalId, h.secret)];
    for (let i = 0; i < 5; i++) {
      const qr = await (i % 2 ? b : a).post('/api/v1/qrcodes', { personId: u.personId }, { auth: u.token });
      expect(qr.status).toBe(201);
      const first = await a.post('/api/v1/hospital/check-ins', { token: qr.body.token }, { auth: ha });
      s.check(first.status === 201, () => `redeem on A: ${first.status}`);
      const second = await b.post('/api/v1/hospital/check-ins', { token: qr.body.token }, { auth: hb });
      s.check(second.status === 409 && second.body.error.code === 'QR_ALREADY_USED', () => `redeem again on B: ${second.status} ${second.text}`);
    }
    for (let i = 0; i < 5; i++) {
      const qr = await b.post('/api/v1/qrcodes', { personId: u.personId }, { auth: u.token });
      const results = await Promise.all(Array.from({ length: 8 }, (_, k) => (k % 2 ? b : a).post('/api/v1/hospital/check-ins', { token: qr.body.token }, { auth: k % 2 ? hb : ha })));
      const codes = results.map((r) => r.status).sort();
      s.check(codes.filter((c) => c === 201).length === 1 && codes.filter((c) => c === 409).length === 7, () => `parallel redemption on both: ${codes}`);
    }
    expect(failuresOf(s)).toEqual([]);
  });

  it('P-PAY-8: one Idempotency-Key retried across both processes (in parallel) charges once', async () => {
    for (let k = 0; k < 3; k++) {
      const c = built.citizens[2 + k];
      const u = await b.citizen(`proc_key_${k}`, c);
      const body = { productId: built.products[k].productId, insured: [u.personId], payMethod: 'PERSONAL_ACCOUNT' };
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? b : a).post('/api/v1/orders', body, { auth: u.token, headers: { 'Idempotency-Key': `across-both-${k}` } })));
      for (const r of results) s.check(r.status === 201, () => `key ${k}: ${r.status} ${r.text.slice(0, 200)}`);
      s.check(new Set(results.map((r) => r.body?.orderId)).size === 1, () => `key ${k}: several order ids`);
      for (const api of [a, b]) {
        const bal = await api.balance(u.token);
        s.check(bal.historicalFen + bal.currentFen === c.historicalFen + c.currentFen - built.products[k].priceFen, () => `key ${k}: balance ${JSON.stringify(bal)} after one charge`);
        const list = await api.get('/api/v1/orders', { auth: u.token });
        s.check(list.body.length === 1, () => `key ${k}: ${list.body.length} orders`);
      }
    }
    expect(failuresOf(s)).toEqual([]);
  });

  /** Sends `n` requests alternating between the processes (in parallel when `parallel`). */
  async function alternate(n: number, send: (api: Api, i: number) => Promise<Res>, parallel = false): Promise<Res[]> {
    if (parallel) return Promise.all(Array.from({ length: n }, (_, i) => send(i % 2 ? b : a, i)));
    const out: Res[] = [];
    for (let i = 0; i < n; i++) out.push(await send(i % 2 ? b : a, i));
    return out;
  }
  const statuses = (rs: Res[]) => rs.map((r) => r.status);
  const limited = (r: Res) => r.status === 429 && r.body?.error?.code === 'RATE_LIMITED' && Number(r.headers.get('retry-after')) > 0;

  it('sign-in per openid: the limit counts requests on both processes', async () => {
    const rs = await alternate(LIMITS.loginPerOpenid, (api) => api.post('/api/v1/auth/login', { code: 'sandbox:proc_flood_login' }));
    s.check(rs.every((r) => r.status === 200), () => `under the limit: ${statuses(rs)}`);
    for (const api of [a, b]) {
      const over = await api.post('/api/v1/auth/login', { code: 'sandbox:proc_flood_login' });
      s.check(limited(over), () => `over the limit on ${api === a ? 'A' : 'B'}: ${over.status} ${over.text}`);
    }
    // and in parallel across both, for a fresh openid: never more than the limit get through
    const burst = await alternate(LIMITS.loginPerOpenid * 3, (api) => api.post('/api/v1/auth/login', { code: 'sandbox:proc_flood_burst' }), true);
    const ok = burst.filter((r) => r.status === 200).length;
    s.check(ok <= LIMITS.loginPerOpenid && burst.every((r) => r.status === 200 || limited(r)), () => `parallel burst over both: ${ok} signed in, limit ${LIMITS.loginPerOpenid}; ${statuses(burst)}`);
    expect(failuresOf(s)).toEqual([]);
  });

  it('hospital sessions: per-hospital limit and failure lock count across both processes', async () => {
    const [, h, h2] = built.hospitals; // the first one has sessions from the QR test
    const rs = await alternate(LIMITS.hospitalSessionPerHospital, (api) => api.post('/api/v1/hospital/sessions', { hospitalId: h.hospitalId, secret: h.secret }));
    s.check(rs.every((r) => r.status === 200), () => `under the limit: ${statuses(rs)}`);
    for (const api of [a, b]) s.check(limited(await api.post('/api/v1/hospital/sessions', { hospitalId: h.hospitalId, secret: h.secret })), () => `hospital limit not held on ${api === a ? 'A' : 'B'}`);
    // guessing: failures on both count together, then even the right secret is refused
    const guesses = await alternate(LIMITS.hospitalSessionFailuresPerAddress, (api, i) => api.post('/api/v1/hospital/sessions', { hospitalId: h2.hospitalId, secret: `guess-${i}` }));
    s.check(guesses.every((r) => r.status === 401), () => `guesses: ${statuses(guesses)}`);
    for (const api of [a, b]) s.check(limited(await api.post('/api/v1/hospital/sessions', { hospitalId: h2.hospitalId, secret: h2.secret })), () => `failure lock not held on ${api === a ? 'A' : 'B'}`);
    // a parallel burst of guesses on both processes gets no more than the failure limit checked
    const h3 = built.hospitals[0];
    const burst = await alternate(LIMITS.hospitalSessionPerHospital - 2, (api, i) => api.post('/api/v1/hospital/sessions', { hospitalId: h3.hospitalId, secret: `burst-${i}` }), true);
    const checked = burst.filter((r) => r.status === 401).length;
    s.note(`hospital guesses, parallel burst: ${statuses(burst)}`);
    s.check(checked <= LIMITS.hospitalSessionFailuresPerAddress, () => `${checked} hospital secret guesses checked in a parallel burst (limit ${LIMITS.hospitalSessionFailuresPerAddress}): ${statuses(burst)}`);
    expect(failuresOf(s)).toEqual([]);
  });

  it('verification: the per-user limit and the P-ID-6 lock (5 failures) hold across both, also for parallel bursts', async () => {
    // per-user limit on verification attempts
    const c = built.citizens[6];
    const { accessToken } = await a.login('proc_verify_limit');
    const rs = await alternate(LIMITS.verifyPerUser, (api) => api.post('/api/v1/identity/verify', c, { auth: accessToken }));
    s.check(rs.every((r) => r.status === 200), () => `under the limit: ${statuses(rs)}`);
    for (const api of [a, b]) s.check(limited(await api.post('/api/v1/identity/verify', c, { auth: accessToken })), () => `verify limit not held on ${api === a ? 'A' : 'B'}`);

    // P-ID-6: five failures, alternating, lock the user on both (even the right answer)
    const d = built.citizens[7];
    const user = (await b.login('proc_verify_lock')).accessToken;
    const wrong = { ...d, phone: '13000000000' };
    const fails = await alternate(5, (api) => api.post('/api/v1/identity/verify', wrong, { auth: user }));
    s.check(fails.every((r) => r.status === 422 && r.body.error.code === 'REAL_NAME_MISMATCH'), () => `failures: ${statuses(fails)}`);
    for (const api of [a, b]) {
      const locked = await api.post('/api/v1/identity/verify', d, { auth: user });
      s.check(locked.status === 429 && locked.body.error.code === 'REAL_NAME_LOCKED' && !!locked.body.error.unlocksAt, () => `lock not held on ${api === a ? 'A' : 'B'}: ${locked.status} ${locked.text}`);
    }

    // a parallel burst of wrong answers on both processes gets no more than 5 guesses checked
    for (let round = 0; round < 3; round++) {
      const target = built.citizens[8 + round];
      const guesser = (await (round % 2 ? a : b).login(`proc_verify_burst_${round}`)).accessToken;
      const burst = await alternate(LIMITS.verifyPerUser, (api, i) => api.post('/api/v1/identity/verify', { ...target, phone: `1300000${String(1000 + i)}` }, { auth: guesser }), true);
      const checked = burst.filter((r) => r.status === 422).length;
      s.note(`P-ID-6 parallel burst ${round}: ${statuses(burst)}`);
      s.check(checked <= 5, () => `round ${round}: ${checked} guesses checked in a parallel burst of ${burst.length} (P-ID-6 allows 5): ${statuses(burst)}`);
      s.check(burst.every((r) => r.status === 422 || r.status === 429), () => `round ${round}: ${statuses(burst)}`);
      // one by one afterwards (alternating): 5 checked in all, then the lock, even for the right answer
      let later = 0;
      let locked: Res | undefined;
      for (let i = 0; i < 8 && !locked; i++) {
        const res = await (i % 2 ? a : b).post('/api/v1/identity/verify', { ...target, phone: `1310000${String(1000 + i)}` }, { auth: guesser });
        if (res.status === 422) later++;
        else locked = res;
      }
      s.check(checked + later === 5, () => `round ${round}: ${checked} + ${later} guesses checked in all (P-ID-6 allows 5)`);
      const right = await a.post('/api/v1/identity/verify', target, { auth: guesser });
      s.check(right.status === 429 && right.body.error.code === 'REAL_NAME_LOCKED', () => `round ${round}: not locked after 5 failures: ${right.status} ${right.text}`);
    }
    expect(failuresOf(s)).toEqual([]);
  });

  it('wrote no ID number, phone or token in any log line of either process', async () => {
    await sleep(100);
    for (const x of bffs) scanLogs(x.log(), `two-process BFF :${x.port}`);
    expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
  });
});
