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

const built = buildWorld({
  seed: 12,
  citizens: [
    ...Array.from({ length: PAYERS }, () => ({ ...START })),
    // one minor child per payer (bound at once, P-FAM-6)
    ...Array.from({ length: PAYERS }, () => ({ historicalFen: 0, currentFen: 0, scheme: 'RESIDENT' as const, birth: '20150612' })),
    ...Array.from({ length: RETRY_USERS + TWIN_USERS }, () => ({ historicalFen: 50_000, currentFen: 5_000 })),
  ],
  relations: Array.from({ length: PAYERS }, (_, i) => ({ person: i, relative: PAYERS + i, relation: 'CHILD' })),
  productPrices: PRICES,
});
registerCitizens(built.citizens);
for (const h of built.hospitals) registerCredential(h.secret);

let bff: Bff;
let api: Api;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  let url: string | undefined;
  if (ENGINE === 'postgres') ({ url, drop } = await freshDatabase('conc'));
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

it('wrote no ID number, phone or token in any log line', () => {
  scanLogs(bff.log(), 'concurrency BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
