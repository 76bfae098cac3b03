import { Bff } from './support/bff';
import { freshDatabase } from './support/db';
import { ENGINE, failuresOf, section } from './support/figures';
import { Api, Res } from './support/http';
import { registerCitizens, registerCredential, scanLogs } from './support/privacy';
import { buildWorld } from './support/world';

/**
 * Concurrency (P-PAY-5, P-PAY-7, P-PAY-8) against the built BFF as a child process: 200 orders
 * at once against balances that fit only some of them, 50 parallel retries of one key, and
 * parallel orders for the same cover under different keys.
 */
const PAYERS = 20;
const PRICES = [900, 1300, 1700, 2100, 2500, 2900, 3300, 3700, 4100, 4500];
// per payer: hist + cur fits about 40 % of the orders below, the others' part only from hist
const START = { historicalFen: 12_000, currentFen: 3_000 };
const RETRY_USERS = 4;
const TWIN_USERS = 4;
// counter settlement (P-SET-4): small balances with the deductible unmet, and one patient 50.00 below the fund's yearly cap
const SETTLE_USERS = 4;
const SETTLE_START = { historicalFen: 3_000, currentFen: 2_000 };
const FIRST_SETTLER = 2 * PAYERS + RETRY_USERS + TWIN_USERS;
const CAP_USER = FIRST_SETTLER + SETTLE_USERS;
const REPLAY_USER = CAP_USER + 1;

const built = buildWorld({
  seed: 12,
  citizens: [
    ...Array.from({ length: PAYERS }, () => ({ ...START })),
    // one minor child per payer (bound at once, P-FAM-6)
    ...Array.from({ length: PAYERS }, () => ({ historicalFen: 0, currentFen: 0, scheme: 'RESIDENT' as const, birth: '20150612' })),
    ...Array.from({ length: RETRY_USERS + TWIN_USERS }, () => ({ historicalFen: 50_000, currentFen: 5_000 })),
    ...Array.from({ length: SETTLE_USERS }, () => ({ ...SETTLE_START })),
    { historicalFen: 500_000, currentFen: 0 },
    { historicalFen: 500_000, currentFen: 5_000 },
  ],
  relations: Array.from({ length: PAYERS }, (_, i) => ({ person: i, relative: PAYERS + i, relation: 'CHILD' })),
  productPrices: PRICES,
});
// the cap user: this year's deductible met and 2950.00 of the EMPLOYEE fund's 3000.00 paid (world file `outpatient`)
const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const capCitizen = (built.json.citizens as { insurance: Record<string, unknown> }[])[CAP_USER];
capCitizen.insurance.outpatient = { year: YEAR, deductibleMetFen: 20_000, fundPaidFen: 295_000 };
registerCitizens(built.citizens);
for (const h of built.hospitals) registerCredential(h.secret);

let bff: Bff;
let api: Api;
let drop: (() => Promise<void>) | undefined;
let dbUrl: string | undefined;

beforeAll(async () => {
  let url: string | undefined;
  if (ENGINE === 'postgres') ({ url, drop } = await freshDatabase('conc'));
  dbUrl = url;
  bff = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info' } });
  api = new Api(bff.url);
});
afterAll(async () => {
  await bff?.dispose();
  await drop?.();
});

const order = (token: string, key: string, productId: string, insured: string[]) =>
  api.post('/api/v1/orders', { productId, insured, payMethod: 'PERSONAL_ACCOUNT' }, { auth: token, headers: { 'Idempotency-Key': key } });

interface Debit {
  historicalFen: number;
  currentFen: number;
}
const sum = (ds: Debit[]) => ds.reduce((s, d) => ({ historicalFen: s.historicalFen + d.historicalFen, currentFen: s.currentFen + d.currentFen }), { historicalFen: 0, currentFen: 0 });

it('200 parallel orders against balances that fit only some: never below zero, refusals say INSUFFICIENT_BALANCE, sums add up', async () => {
  const s = section('Concurrency: 200 parallel orders, balances fit some');
  const payers: { token: string; personId: string; userId: string; child: string }[] = [];
  for (let i = 0; i < PAYERS; i++) {
    const p = await api.citizen(`conc_payer_${i}`, built.citizens[i]);
    const child = built.citizens[PAYERS + i];
    const bind = await api.post('/api/v1/family/members', { name: child.name, idNumber: child.idNumber, relation: 'CHILD' }, { auth: p.token });
    expect(bind.status).toBe(201);
    expect(bind.body.status).toBe('ACTIVE');
    expect((await api.put('/api/v1/family/modes', { pay: true, premium: true }, { auth: p.token })).status).toBe(200);
    payers.push({ ...p, child: bind.body.personId as string });
  }
  // per payer: ten orders at once, for the payer, the child, or both
  const plan = payers.flatMap((p, pi) =>
    built.products.map((prod, k) => {
      const insured = k % 3 === 0 ? [p.child] : k % 3 === 1 ? [p.personId] : [p.personId, p.child];
      return { pi, price: prod.priceFen, others: insured.includes(p.child) ? prod.priceFen : 0, total: prod.priceFen * insured.length, key: `par-${pi}-${k}-${Date.now()}`, productId: prod.productId, insured };
    }),
  );
  expect(plan).toHaveLength(200);
  const answers: Res[] = await Promise.all(plan.map((o) => order(payers[o.pi].token, o.key, o.productId, o.insured)));

  let ok = 0;
  let refused = 0;
  for (const [i, res] of answers.entries()) {
    const o = plan[i];
    if (res.status === 201) {
      ok++;
      s.check(res.body.totalFen === o.total && res.body.status === 'PAID', () => `${o.key}: 201 with ${res.body.totalFen}/${res.body.status}, expected ${o.total}`);
    } else {
      refused++;
      const codes = (res.body?.error?.reasons ?? []).map((r: { code: string }) => r.code);
      s.check(res.status === 422 && res.body.error.code === 'NOT_ELIGIBLE' && codes.length > 0 && codes.every((c: string) => c === 'INSUFFICIENT_BALANCE'), () => `${o.key}: ${res.status} ${res.text.slice(0, 200)}`);
    }
  }
  s.note(`${ok} paid, ${refused} refused of ${plan.length} parallel orders`);
  s.check(ok > 0 && refused > 0, () => `expected both payments and refusals, got ${ok}/${refused}`);

  for (const [pi, p] of payers.entries()) {
    const mine = plan.map((o, i) => ({ o, res: answers[i] })).filter((x) => x.o.pi === pi);
    const paid = mine.filter((x) => x.res.status === 201);
    const balance = await api.balance(p.token);
    const debit = sum(paid.map((x) => x.res.body.debit));
    s.check(balance.historicalFen >= 0 && balance.currentFen >= 0, () => `payer ${pi}: below zero ${JSON.stringify(balance)}`);
    s.check(
      balance.historicalFen === START.historicalFen - debit.historicalFen && balance.currentFen === START.currentFen - debit.currentFen,
      () => `payer ${pi}: balance ${JSON.stringify(balance)} ≠ start − debits ${JSON.stringify(debit)}`,
    );
    s.check(debit.historicalFen + debit.currentFen === paid.reduce((t, x) => t + x.o.total, 0), () => `payer ${pi}: debits ≠ order totals`);
    // P-PAY-5: the others' part came from the historical balance only
    for (const x of paid) s.check(x.res.body.debit.historicalFen >= x.o.others, () => `${x.o.key}: others' part ${x.o.others} not from 历年结余 ${JSON.stringify(x.res.body.debit)}`);
    // no false refusal: a refused order does not fit even what is left at the end
    for (const x of mine.filter((y) => y.res.status !== 201)) {
      const fits = x.o.others <= balance.historicalFen && x.o.total <= balance.historicalFen + balance.currentFen;
      s.check(!fits, () => `${x.o.key} refused although ${JSON.stringify(balance)} covers it`);
    }
    const list = await api.get('/api/v1/orders', { auth: p.token });
    s.check(list.body.length === paid.length, () => `payer ${pi}: ${list.body.length} orders listed, ${paid.length} acknowledged`);
  }
  expect(failuresOf(s)).toEqual([]);
});

it('50 parallel retries of one key: one charge, one order id in every success (several rounds)', async () => {
  const s = section('Concurrency: 50 parallel retries of one key');
  for (let u = 0; u < RETRY_USERS; u++) {
    const c = built.citizens[2 * PAYERS + u];
    const p = await api.citizen(`conc_retry_${u}`, c);
    const key = `retry-${u}-${Date.now()}`;
    const product = built.products[u % built.products.length];
    const answers = await Promise.all(Array.from({ length: 50 }, () => order(p.token, key, product.productId, [p.personId])));
    for (const res of answers) s.check(res.status === 201, () => `retry ${u}: ${res.status} ${res.text.slice(0, 200)}`);
    const ids = new Set(answers.map((r) => r.body?.orderId));
    s.check(ids.size === 1, () => `retry ${u}: ${ids.size} order ids`);
    const balance = await api.balance(p.token);
    s.check(balance.historicalFen + balance.currentFen === c.historicalFen + c.currentFen - product.priceFen, () => `retry ${u}: balance ${JSON.stringify(balance)}, one charge of ${product.priceFen} expected`);
    const list = await api.get('/api/v1/orders', { auth: p.token });
    s.check(list.body.length === 1, () => `retry ${u}: ${list.body.length} orders`);
    // the same key with another body, in parallel too: 409, nothing charged
    const other = built.products[(u + 1) % built.products.length];
    const reused = await Promise.all(Array.from({ length: 10 }, () => order(p.token, key, other.productId, [p.personId])));
    for (const res of reused) s.check(res.status === 409 && res.body.error.code === 'IDEMPOTENCY_KEY_REUSED', () => `reuse ${u}: ${res.status}`);
    const after = await api.balance(p.token);
    s.check(after.historicalFen === balance.historicalFen && after.currentFen === balance.currentFen, () => `reuse ${u}: balance moved`);
  }
  expect(failuresOf(s)).toEqual([]);
});

it('P-PAY-7: the same cover ordered in parallel under 20 different keys (double tap) is paid once', async () => {
  const s = section('Concurrency: same cover under 20 keys');
  for (let u = 0; u < TWIN_USERS; u++) {
    const c = built.citizens[2 * PAYERS + RETRY_USERS + u];
    const p = await api.citizen(`conc_twin_${u}`, c);
    const product = built.products[u];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, k) => order(p.token, `twin-${u}-${k}-${Date.now()}`, product.productId, [p.personId])));
    const paid = answers.filter((r) => r.status === 201);
    s.check(paid.length === 1, () => `twin ${u}: ${paid.length} paid`);
    for (const res of answers.filter((r) => r.status !== 201)) {
      s.check(res.status === 422 && res.body.error.reasons.every((r: { code: string }) => r.code === 'ALREADY_ENROLLED'), () => `twin ${u}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    const balance = await api.balance(p.token);
    s.check(balance.historicalFen + balance.currentFen === c.historicalFen + c.currentFen - product.priceFen, () => `twin ${u}: charged ${c.historicalFen + c.currentFen - balance.historicalFen - balance.currentFen}`);
  }
  expect(failuresOf(s)).toEqual([]);
});

/** A check-in of a citizen's own code at the world's first hospital. */
async function checkedIn(p: { token: string; personId: string }, hospital: string): Promise<string> {
  const qr = await api.post('/api/v1/qrcodes', { personId: p.personId }, { auth: p.token });
  const res = await api.post('/api/v1/hospital/check-ins', { token: qr.body.token }, { auth: hospital });
  if (res.status !== 201) throw new Error(`check-in: ${res.status} ${res.text}`);
  return res.body.checkInId as string;
}
const settle = (hospital: string, body: object, on: Api = api) => on.post('/api/v1/hospital/settlements', body, { auth: hospital });
const refund = (hospital: string, id: string, on: Api = api) => on.post(`/api/v1/hospital/settlements/${id}/refund`, {}, { auth: hospital });
type Split = { totalFen: number; fundFen: number; deductibleAppliedFen: number; cashFen: number; ownAccount: Debit; family: { historicalFen: number }[] };
const addsUp = (b: Split) => b.fundFen + b.ownAccount.historicalFen + b.ownAccount.currentFen + b.family.reduce((t, f) => t + f.historicalFen, 0) + b.cashFen === b.totalFen;

it('P-SET-4: 10 parallel bills on each small balance and 10 on one fund cap: no bucket below zero, the fund never past its cap, refunds put it all back', async () => {
  const s = section('Concurrency: parallel settlements on small balances and a fund cap');
  const h = built.hospitals[0];
  const hospital = await api.hospital(h.hospitalId, h.secret);
  for (let u = 0; u < SETTLE_USERS; u++) {
    const p = await api.citizen(`conc_settle_${u}`, built.citizens[FIRST_SETTLER + u]);
    const checkInId = await checkedIn(p, hospital);
    const before = await api.post('/api/v1/hospital/settlements/preview', { checkInId, totalFen: 5000, compliantFen: 5000 }, { auth: hospital });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => settle(hospital, { checkInId, billNo: `cs-${u}-${k}-${Date.now().toString(36)}`, totalFen: 5000, compliantFen: 5000 })));
    const ok = answers.filter((r) => r.status === 201);
    s.check(ok.length === 10, () => `settler ${u}: ${answers.map((r) => r.status).join(',')}`);
    for (const r of ok) s.check(addsUp(r.body), () => `settler ${u}: split does not add up ${r.text}`);
    const own = sum(ok.map((r) => r.body.ownAccount));
    const balance = await api.balance(p.token);
    s.check(balance.historicalFen >= 0 && balance.currentFen >= 0, () => `settler ${u}: below zero ${JSON.stringify(balance)}`);
    // deductible 200.00 unmet: the first 200.00 of compliant cost gets no fund; the account (50.00) is emptied once
    s.check(own.historicalFen === 3000 && own.currentFen === 2000, () => `settler ${u}: own parts ${JSON.stringify(own)}`);
    s.check(balance.historicalFen === 0 && balance.currentFen === 0, () => `settler ${u}: balance ${JSON.stringify(balance)}`);
    s.check(ok.reduce((t, r) => t + r.body.deductibleAppliedFen, 0) === 20000, () => `settler ${u}: deductible applied ≠ 200.00`);
    s.check(ok.reduce((t, r) => t + r.body.fundFen, 0) === 6 * 3500, () => `settler ${u}: fund ${ok.reduce((t, r) => t + r.body.fundFen, 0)}`);
    const back = await Promise.all(ok.map((r) => refund(hospital, r.body.settlementId)));
    for (const r of back) s.check(r.status === 200 && r.body.status === 'REFUNDED', () => `settler ${u}: refund ${r.status}`);
    const restored = await api.balance(p.token);
    s.check(restored.historicalFen === SETTLE_START.historicalFen && restored.currentFen === SETTLE_START.currentFen, () => `settler ${u}: after refunds ${JSON.stringify(restored)}`);
    const again = await api.post('/api/v1/hospital/settlements/preview', { checkInId, totalFen: 5000, compliantFen: 5000 }, { auth: hospital });
    s.check(JSON.stringify(again.body) === JSON.stringify(before.body), () => `settler ${u}: counters not restored: ${again.text}`);
  }
  // one fund cap: 50.00 left, ten bills that would each get 70.00
  const capped = await api.citizen('conc_cap', built.citizens[CAP_USER]);
  const checkInId = await checkedIn(capped, hospital);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => settle(hospital, { checkInId, billNo: `cap-${k}-${Date.now().toString(36)}`, totalFen: 10000, compliantFen: 10000 })));
  s.check(answers.every((r) => r.status === 201), () => `cap: ${answers.map((r) => r.status).join(',')}`);
  const fund = answers.reduce((t, r) => t + (r.body.fundFen ?? 0), 0);
  s.check(fund === 5000, () => `cap: the fund paid ${fund}, 5000 left under the cap`);
  for (const r of answers) s.check(addsUp(r.body), () => `cap: split does not add up ${r.text}`);
  s.note(`${SETTLE_USERS * 10 + 10} parallel settlements, ${SETTLE_USERS * 10} parallel refunds`);
  expect(failuresOf(s)).toEqual([]);
});

it('P-SET-1: one bill number sent 20 times at once (on PostgreSQL from two BFF processes): one settlement, one charge', async () => {
  const s = section('Concurrency: one bill number replayed in parallel');
  const h = built.hospitals[0];
  let other: Bff | undefined;
  try {
    let second = api;
    if (ENGINE === 'postgres') {
      other = await Bff.start({ world: built.json, databaseUrl: dbUrl, env: { LOG_LEVEL: 'info' }, secrets: { jwtSecret: bff.jwtSecret, piiKey: bff.piiKey } });
      second = new Api(other.url);
    }
    const hospital = await api.hospital(h.hospitalId, h.secret);
    const p = await api.citizen('conc_replay', built.citizens[REPLAY_USER]);
    const start = await api.balance(p.token);
    const checkInId = await checkedIn(p, hospital);
    const body = { checkInId, billNo: `replay-${Date.now().toString(36)}`, totalFen: 30000, compliantFen: 30000 };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, k) => settle(hospital, body, k % 2 ? second : api)));
    s.check(answers.every((r) => r.status === 201), () => `replay: ${answers.map((r) => r.status).join(',')}`);
    const ids = new Set(answers.map((r) => r.body.settlementId));
    s.check(ids.size === 1, () => `replay: ${ids.size} settlements`);
    const after = await api.balance(p.token);
    const own = answers[0].body.ownAccount as Debit;
    s.check(after.historicalFen === start.historicalFen - own.historicalFen && after.currentFen === start.currentFen - own.currentFen, () => `replay: charged ${JSON.stringify(start)} → ${JSON.stringify(after)}`);
    const refunds = await Promise.all(Array.from({ length: 10 }, (_, k) => refund(hospital, answers[0].body.settlementId, k % 2 ? second : api)));
    s.check(refunds.every((r) => r.status === 200 && r.body.refundedAt === refunds[0].body.refundedAt), () => `replay refunds: ${refunds.map((r) => r.status).join(',')}`);
    const back = await api.balance(p.token);
    s.check(back.historicalFen === start.historicalFen && back.currentFen === start.currentFen, () => `replay: refunded to ${JSON.stringify(back)}`);
    const ledger = await api.get('/api/v1/account/ledger?limit=100', { auth: p.token });
    const lines = (ledger.body.entries as { settlementId?: string }[]).filter((e) => e.settlementId === answers[0].body.settlementId);
    s.check(lines.length === [own.historicalFen, own.currentFen].filter((x) => x > 0).length * 2, () => `replay: ${lines.length} ledger lines`);
  } finally {
    await other?.dispose();
  }
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  scanLogs(bff.log(), 'concurrency BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
