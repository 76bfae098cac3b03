import * as fs from 'node:fs';
import * as path from 'node:path';
import { Bff, sleep } from './support/bff';
import { freshDatabase, openSql } from './support/db';
import { ENGINE, failuresOf, Section, section } from './support/figures';
import { Api, isNetworkError } from './support/http';
import { registerCitizens, registerCredential, scanLogs } from './support/privacy';
import { buildWorld } from './support/world';

/**
 * Crash safety (P-PAY-8, P-SET-1..6, P-OPS-1 "nothing half-done"): the built BFF as a child
 * process under a stream of orders from many users, each retried on a network error with the
 * same Idempotency-Key as the mini-program does, and of counter settlements (each retried with
 * its bill number, as a hospital's terminal does), half of them refunded as soon as they are
 * acknowledged (the refund retried too), killed with SIGKILL at random moments (some of them
 * during its own start) and started again on the same data folder or database. Afterwards every
 * acknowledged order exists and is PAID, every acknowledged settlement is complete (its ledger
 * lines, the upstream debits and the fund counters) and refunded exactly when its refund was
 * acknowledged, every balance is its start plus what the citizen's ledger says (orders and
 * settlements out, refunds back), no key or bill was charged twice and nothing is left half-done
 * in the database.
 */
const KILLS = Number(process.env.REL_KILLS ?? 20);
const USERS = 48;
const PRICES = [300, 500, 800, 1200, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 700, 900, 1100, 1300];
const WORKERS = 12;
/** Bills per user in the stream (shuffled among the orders); every other one is refunded once acknowledged. */
const BILLS = 2;
const FIRST_START_ROUNDS = Number(process.env.REL_FIRST_START_ROUNDS ?? 1);
const crash = section('Crash safety (kill -9, restart)');

// a seeded generator: a failing run can be replayed with REL_SEED
const seed = Number(process.env.REL_SEED ?? Date.now() % 100_000);
let state = seed >>> 0;
/** mulberry32 */
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const total = PRICES.reduce((a, b) => a + b, 0);
const built = buildWorld({
  seed: 11,
  // each user can pay for about half to three quarters of the products
  citizens: Array.from({ length: USERS }, () => {
    const budget = Math.floor(total * (0.45 + rand() * 0.3));
    const currentFen = between(0, Math.floor(budget / 3));
    return { historicalFen: budget - currentFen, currentFen };
  }),
  productPrices: PRICES,
});
registerCitizens(built.citizens);
for (const h of built.hospitals) registerCredential(h.secret);

interface SettleJob {
  user: number;
  billNo: string;
  totalFen: number;
  compliantFen: number;
  refund: boolean;
  answers: { status: number; settlementId?: string; code?: string }[];
  refundAnswers: { status: number; state?: string; code?: string }[];
  networkErrors: number;
  done: boolean;
}

interface Job {
  user: number;
  product: number;
  key: string;
  answers: { status: number; orderId?: string; code?: string; reasons?: string[] }[];
  networkErrors: number;
  done: boolean;
}

const bffs: Bff[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const b of bffs) await b.dispose();
  for (const d of drops) await d();
});

async function start(tag: string, opts: { env?: Record<string, string>; group?: boolean } = {}): Promise<{ bff: Bff; dbUrl?: string }> {
  let dbUrl: string | undefined;
  if (ENGINE === 'postgres') {
    const fresh = await freshDatabase(tag);
    dbUrl = fresh.url;
    drops.push(fresh.drop);
  }
  const bff = await Bff.start({ world: built.json, databaseUrl: dbUrl, env: { LOG_LEVEL: 'info', ...opts.env }, group: opts.group });
  bffs.push(bff);
  return { bff, dbUrl };
}

it(`survives ${KILLS} kill -9 at random moments under a stream of orders: nothing lost, nothing charged twice, nothing half-done`, async () => {
  const { bff, dbUrl } = await start('crash');
  await stream(bff, dbUrl, 'crash', crash, KILLS);
});

const pgOnly = ENGINE === 'postgres' ? it : it.skip;
pgOnly(`with WEB_CONCURRENCY=2 (cluster workers), ${Math.ceil(KILLS / 2)} kill -9 of the whole process group: the same guarantees`, async () => {
  const { bff, dbUrl } = await start('cluster', { env: { WEB_CONCURRENCY: '2' }, group: true });
  await stream(bff, dbUrl, 'cluster', section('Crash safety: cluster workers (kill -9 of the group)'), Math.ceil(KILLS / 2));
});

async function stream(bff: Bff, dbUrl: string | undefined, tag: string, crash: Section, KILLS: number): Promise<void> {
  const mark = crash.failures.length;
  const api = new Api(bff.url);
  const t0 = Date.now();
  const users: { token: string; personId: string; userId: string }[] = [];
  for (let i = 0; i < USERS; i++) users.push(await api.citizen(`${tag}_${seed}_${i}`, built.citizens[i]));
  // one check-in per user at the first hospital, before the stream (a check-in takes any number of bills)
  const h0 = built.hospitals[0];
  const hospital = await api.hospital(h0.hospitalId, h0.secret);
  const checkIns: string[] = [];
  for (const u of users) {
    const qr = await api.post('/api/v1/qrcodes', { personId: u.personId }, { auth: u.token });
    const c = await api.post('/api/v1/hospital/check-ins', { token: qr.body?.token }, { auth: hospital });
    if (c.status !== 201) throw new Error(`check-in: ${c.status} ${c.text}`);
    checkIns.push(c.body.checkInId);
  }
  crash.note(`setup ${Date.now() - t0} ms`);
  const products = built.products;

  // the stream: every (user, product) pair once, shuffled, under its own key
  const jobs: Job[] = [];
  for (let u = 0; u < USERS; u++) for (let p = 0; p < products.length; p++) jobs.push({ user: u, product: p, key: `${tag}-${seed}-${u}-${p}-${between(1e6, 9e6)}`, answers: [], networkErrors: 0, done: false });
  const bills: SettleJob[] = [];
  for (let u = 0; u < USERS; u++) {
    for (let b = 0; b < BILLS; b++) {
      const totalFen = between(500, 6000);
      bills.push({ user: u, billNo: `${tag}-${seed}-${u}-${b}-${between(1e6, 9e6)}`, totalFen, compliantFen: Math.floor(totalFen * (0.5 + rand() * 0.5)), refund: b % 2 === 1, answers: [], refundAnswers: [], networkErrors: 0, done: false });
    }
  }
  const queue: (Job | SettleJob)[] = [...jobs, ...bills];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [queue[i], queue[j]] = [queue[j], queue[i]];
  }

  let killing = true;
  let aborted = false;
  let next = 0;
  const deadline = Date.now() + 8 * 60_000;
  const place = async (job: Job) => {
    const body = { productId: products[job.product].productId, insured: [users[job.user].personId], payMethod: 'PERSONAL_ACCOUNT' };
    for (let attempt = 0; Date.now() < deadline && attempt < 500 && !aborted; attempt++) {
      try {
        const res = await api.post('/api/v1/orders', body, { auth: users[job.user].token, headers: { 'Idempotency-Key': job.key }, timeoutMs: 20_000 });
        job.answers.push({
          status: res.status,
          orderId: res.body?.orderId,
          code: res.body?.error?.code,
          reasons: res.body?.error?.reasons?.map((r: { code: string }) => r.code),
        });
        if (res.status >= 500) {
          await sleep(between(20, 200)); // a 5xx is a finding (checked below); the client retries it too
          continue;
        }
        job.done = true;
        return;
      } catch (err) {
        if (!isNetworkError(err)) {
          crash.fail(`${job.key}: ${String(err)}`);
          return;
        }
        job.networkErrors++;
        await sleep(between(20, 60) * Math.min(2 ** Math.min(attempt, 4), 16));
      }
    }
  };
  /** One call, retried on a network error or a 5xx (a 5xx is a finding, checked below) until it has a final answer. */
  const untilAnswered = async (send: () => Promise<{ status: number; body: any }>, onAnswer: (status: number, body: any) => void, counts: { networkErrors: number }, what: string) => {
    for (let attempt = 0; Date.now() < deadline && attempt < 500 && !aborted; attempt++) {
      try {
        const res = await send();
        onAnswer(res.status, res.body);
        if (res.status >= 500) {
          await sleep(between(20, 200));
          continue;
        }
        return true;
      } catch (err) {
        if (!isNetworkError(err)) {
          crash.fail(`${what}: ${String(err)}`);
          return false;
        }
        counts.networkErrors++;
        await sleep(between(20, 60) * Math.min(2 ** Math.min(attempt, 4), 16));
      }
    }
    return false;
  };
  const settle = async (job: SettleJob) => {
    const body = { checkInId: checkIns[job.user], billNo: job.billNo, totalFen: job.totalFen, compliantFen: job.compliantFen };
    const answered = await untilAnswered(
      () => api.post('/api/v1/hospital/settlements', body, { auth: hospital, timeoutMs: 20_000 }),
      (status, b) => job.answers.push({ status, settlementId: b?.settlementId, code: b?.error?.code }),
      job,
      job.billNo,
    );
    const id = job.answers[job.answers.length - 1]?.settlementId;
    if (!answered || !job.refund || !id) {
      job.done = answered && !job.refund;
      return;
    }
    job.done = await untilAnswered(
      () => api.post(`/api/v1/hospital/settlements/${id}/refund`, {}, { auth: hospital, timeoutMs: 20_000 }),
      (status, b) => job.refundAnswers.push({ status, state: b?.status, code: b?.error?.code }),
      job,
      `${job.billNo} refund`,
    );
  };
  const worker = async () => {
    while (Date.now() < deadline && !aborted) {
      // new orders and bills are started while the killer works, and a little beyond it if it needs them
      if (!killing && next >= queue.length * 0.5) return;
      const job = queue[next++];
      if (!job) return;
      if ('billNo' in job) await settle(job);
      else await place(job);
    }
  };

  const killer = async () => {
    try {
      await kills();
    } catch (err) {
      aborted = true;
      crash.fail(`the BFF did not come back after kill ${bff.kills}: ${String(err).slice(0, 3000)}`);
    }
    killing = false;
  };
  let restartMs = 0;
  const relaunch = async () => {
    const t0 = Date.now();
    await bff.launch();
    restartMs += Date.now() - t0;
  };
  const kills = async () => {
    for (let k = 0; bff.kills < KILLS && Date.now() < deadline; k++) {
      if (k % 5 === 4 && bff.kills < KILLS - 1) {
        // a kill during the start itself (migrations, world check), then a clean start
        await bff.kill9();
        bff.spawnProcess();
        await sleep(between(0, 600));
        await bff.kill9();
        await relaunch();
        continue;
      }
      await sleep(between(80, 900));
      await bff.kill9();
      await sleep(between(0, 100));
      await relaunch();
    }
  };

  const started = Date.now();
  await Promise.all([killer(), ...Array.from({ length: WORKERS }, worker)]);
  crash.note(`${bff.kills} kills survived (${bff.starts} starts) in ${Math.round((Date.now() - started) / 1000)} s (${Math.round(restartMs / 1000)} s of restarts), seed ${seed}`);
  if (aborted) {
    expect(crash.failures.slice(mark, mark + 20)).toEqual([]);
    return;
  }

  // one more crash with everything quiet, then the checks on a fresh start
  await bff.kill9();
  await bff.launch();
  const tried = jobs.filter((j) => j.answers.length > 0 || j.networkErrors > 0);
  crash.check(bff.kills >= KILLS, () => `only ${bff.kills} kills`);

  let acknowledged = 0;
  for (const job of tried) {
    const what = `user ${job.user} product ${job.product} key ${job.key}`;
    crash.check(job.done, () => `${what}: no final answer after ${job.answers.length} answers and ${job.networkErrors} network errors`);
    crash.check(!job.answers.some((a) => a.status >= 500), () => `${what}: 5xx ${JSON.stringify(job.answers.filter((a) => a.status >= 500))}`);
    const ok = job.answers.filter((a) => a.status === 201);
    const final = job.answers[job.answers.length - 1];
    if (ok.length > 0) {
      acknowledged++;
      crash.check(new Set(ok.map((a) => a.orderId)).size === 1, () => `${what}: several order ids for one key: ${ok.map((a) => a.orderId)}`);
      crash.check(final.status === 201, () => `${what}: acknowledged, then answered ${final.status} ${final.code}`);
    } else if (final) {
      crash.check(
        final.status === 422 && final.code === 'NOT_ELIGIBLE' && (final.reasons ?? []).every((r) => r === 'INSUFFICIENT_BALANCE'),
        () => `${what}: refused with ${final.status} ${final.code} ${final.reasons}`,
      );
    }
  }

  // every bill tried: a final answer, never a 5xx, one settlement per bill number, refunded when asked
  const triedBills = bills.filter((b) => b.answers.length > 0 || b.networkErrors > 0);
  const settled = new Map<string, SettleJob>();
  for (const b of triedBills) {
    const what = `user ${b.user} bill ${b.billNo}`;
    crash.check(b.done, () => `${what}: no final answer after ${b.answers.length} answers, ${b.refundAnswers.length} refund answers and ${b.networkErrors} network errors`);
    crash.check(![...b.answers, ...b.refundAnswers].some((a) => a.status >= 500), () => `${what}: 5xx ${JSON.stringify([...b.answers, ...b.refundAnswers].filter((a) => a.status >= 500))}`);
    const ok = b.answers.filter((a) => a.status === 201);
    crash.check(ok.length > 0 && b.answers[b.answers.length - 1].status === 201, () => `${what}: answers ${JSON.stringify(b.answers)}`);
    crash.check(new Set(ok.map((a) => a.settlementId)).size <= 1, () => `${what}: several settlements for one bill number: ${ok.map((a) => a.settlementId)}`);
    if (ok[0]?.settlementId) settled.set(ok[0].settlementId, b);
    if (b.refund && ok.length) {
      const last = b.refundAnswers[b.refundAnswers.length - 1];
      crash.check(last?.status === 200 && last.state === 'REFUNDED', () => `${what}: refund answers ${JSON.stringify(b.refundAnswers)}`);
    }
  }
  // the hospital's list: exactly the acknowledged settlements, REFUNDED exactly when the refund was acknowledged
  const listedBills = await api.get('/api/v1/hospital/settlements', { auth: hospital });
  type Listed = { settlementId: string; billNo: string; status: string; patient: { personId: string }; totalFen: number; fundFen: number; deductibleAppliedFen: number; ownAccount: { historicalFen: number; currentFen: number }; family: unknown[]; cashFen: number };
  const hospitalList = (listedBills.body ?? []) as Listed[];
  crash.check(listedBills.status === 200 && hospitalList.length === settled.size, () => `${hospitalList.length} settlements listed (${listedBills.status}), ${settled.size} acknowledged`);
  for (const row of hospitalList) {
    const job = settled.get(row.settlementId);
    crash.check(!!job && job.billNo === row.billNo && row.totalFen === job.totalFen && row.patient.personId === users[job.user].personId, () => `settlement ${row.settlementId} (${row.billNo}) was never acknowledged for that bill`);
    crash.check(row.status === (job?.refund ? 'REFUNDED' : 'SETTLED'), () => `settlement ${row.settlementId}: ${row.status}, refund ${job?.refund ? '' : 'not '}acknowledged`);
    crash.check(row.fundFen + row.ownAccount.historicalFen + row.ownAccount.currentFen + row.cashFen === row.totalFen && row.family.length === 0, () => `settlement ${row.settlementId}: parts ${JSON.stringify(row)}`);
  }
  const ownPaid = (u: number, status: string) =>
    hospitalList
      .filter((r) => r.patient.personId === users[u].personId && r.status === status)
      .reduce((t, r) => ({ h: t.h + r.ownAccount.historicalFen, c: t.c + r.ownAccount.currentFen }), { h: 0, c: 0 });

  let ordersChecked = 0;
  for (let u = 0; u < USERS; u++) {
    const mine = tried.filter((j) => j.user === u);
    const acked = new Map<string, Job>();
    for (const j of mine) {
      const a = j.answers.find((x) => x.status === 201);
      if (a?.orderId) acked.set(a.orderId, j);
    }
    const list = await api.get('/api/v1/orders', { auth: users[u].token });
    const listed = new Map<string, { orderId: string; status: string; totalFen: number; productId: string; debit?: { historicalFen: number; currentFen: number } }>(
      (list.body as { orderId: string }[]).map((o) => [o.orderId, o as never]),
    );
    // every acknowledged order exists and is PAID, at the server's price
    for (const [orderId, job] of acked) {
      ordersChecked++;
      const one = await api.get(`/api/v1/orders/${orderId}`, { auth: users[u].token });
      crash.check(
        one.status === 200 && one.body.status === 'PAID' && one.body.totalFen === products[job.product].priceFen && one.body.productId === products[job.product].productId,
        () => `order ${orderId} (${job.key}) after restart: ${one.status} ${one.body?.status} ${one.body?.totalFen}`,
      );
    }
    // nothing else exists: no order the client never saw, no second order for a key or a product
    crash.check(listed.size === acked.size && [...listed.keys()].every((id) => acked.has(id)), () => `user ${u}: ${listed.size} orders listed, ${acked.size} acknowledged`);
    const perProduct = new Map<string, number>();
    for (const o of listed.values()) perProduct.set(o.productId, (perProduct.get(o.productId) ?? 0) + 1);
    crash.check([...perProduct.values()].every((n) => n === 1), () => `user ${u}: a product paid twice ${JSON.stringify([...perProduct])}`);
    // balance = start − paid orders − settlements not refunded, bucket by bucket, never below zero
    const start = built.citizens[u];
    const balance = await api.balance(users[u].token);
    const debits = [...listed.values()].reduce((s, o) => ({ h: s.h + (o.debit?.historicalFen ?? 0), c: s.c + (o.debit?.currentFen ?? 0), t: s.t + o.totalFen }), { h: 0, c: 0, t: 0 });
    crash.check(debits.h + debits.c === debits.t, () => `user ${u}: debits ${debits.h}+${debits.c} ≠ totals ${debits.t}`);
    const kept = ownPaid(u, 'SETTLED');
    const refunded = ownPaid(u, 'REFUNDED');
    crash.check(
      balance.historicalFen === start.historicalFen - debits.h - kept.h &&
        balance.currentFen === start.currentFen - debits.c - kept.c &&
        balance.historicalFen >= 0 &&
        balance.currentFen >= 0,
      () => `user ${u}: balance ${JSON.stringify(balance)}, expected ${start.historicalFen - debits.h - kept.h}/${start.currentFen - debits.c - kept.c}`,
    );
    // … and its start plus what the citizen's own ledger says (P-SET-7: every bucket movement, newest first, paged)
    const ledger = { h: 0, c: 0, premium: 0, lines: 0 };
    let before: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await api.get(`/api/v1/account/ledger?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`, { auth: users[u].token });
      if (res.status !== 200) {
        crash.fail(`user ${u}: ledger ${res.status} ${res.text}`);
        break;
      }
      for (const e of res.body.entries as { kind: string; bucket: string; amountFen: number }[]) {
        ledger.lines++;
        if (e.bucket === 'HISTORICAL') ledger.h += e.amountFen;
        else ledger.c += e.amountFen;
        if (e.kind === 'PREMIUM') ledger.premium += e.amountFen;
      }
      before = res.body.nextBefore;
      if (!before) break;
    }
    crash.check(
      balance.historicalFen === start.historicalFen + ledger.h && balance.currentFen === start.currentFen + ledger.c && ledger.premium === -debits.t,
      () => `user ${u}: balance ${JSON.stringify(balance)}, start + ledger ${start.historicalFen + ledger.h}/${start.currentFen + ledger.c}, premium lines ${ledger.premium} for ${debits.t} of orders`,
    );
    // a refusal for lack of money was right: the price exceeds what is left at the end less what refunds gave back since
    for (const j of mine) {
      const final = j.answers[j.answers.length - 1];
      if (final?.status === 422) {
        const left = balance.historicalFen + balance.currentFen - refunded.h - refunded.c;
        crash.check(products[j.product].priceFen > left, () => `user ${u}: ${j.key} refused but ${left} fen are left`);
      }
    }
  }
  crash.note(`${ordersChecked} acknowledged orders checked, ${tried.length} orders placed, ${tried.reduce((s, j) => s + j.networkErrors, 0)} network errors retried`);
  crash.note(`${settled.size} acknowledged settlements checked (${triedBills.filter((b) => b.refundAnswers.some((a) => a.status === 200)).length} of them refunded), ${triedBills.reduce((s, j) => s + j.networkErrors, 0)} network errors retried`);

  // the database itself, read directly: no half-done key, debit, enrolment or order
  await bff.kill9();
  const db = await openSql(dbUrl ? { url: dbUrl } : { dataDir: bff.dataDir });
  try {
    const q = async (label: string, text: string) => {
      const rows = await db.query(text);
      crash.check(rows.length === 0, () => `${label}: ${JSON.stringify(rows.slice(0, 3))}`);
    };
    await q('idempotency key without its order or answer', `select key from idempotency_keys where order_id is null or response_body is null or response_status is null`);
    await q('key whose order does not exist', `select k.key from idempotency_keys k left join orders o on o.order_id = k.order_id where o.order_id is null`);
    await q('order without a key', `select o.order_id from orders o left join idempotency_keys k on k.order_id = o.order_id where k.order_id is null`);
    await q('order without items', `select o.order_id from orders o where not exists (select 1 from order_items i where i.order_id = o.order_id)`);
    await q(
      'debit without an order or a settlement',
      `select l.reference from sb_ledger l where not exists (select 1 from orders o where o.order_id = l.reference)
         and not exists (select 1 from settlements s where l.reference in (s.settlement_id, s.settlement_id || ':refund'))`,
    );
    await q('paid order without exactly one debit', `select o.order_id from orders o where o.status = 'PAID' and (select count(*) from sb_ledger l where l.reference = o.order_id) <> 1`);
    await q('debit that differs from its order', `select o.order_id from orders o join sb_ledger l on l.reference = o.order_id where -l.historical_fen <> o.debit_historical_fen or -l.current_fen <> o.debit_current_fen`);
    await q('enrolment without an order', `select e.order_id from enrolments e left join orders o on o.order_id = e.order_id where o.order_id is null`);
    await q('paid item without its enrolment', `select i.order_id from order_items i join orders o on o.order_id = i.order_id where o.status = 'PAID' and not exists (select 1 from enrolments e where e.order_id = i.order_id and e.person_id = i.person_id)`);
    await q('order not PAID', `select order_id, status from orders where status <> 'PAID'`);
    await q('negative balance', `select id_hash from sb_citizens where historical_fen < 0 or current_fen < 0`);
    // settlements: whole, with their ledger lines, upstream movements and counters (P-SET-4, P-SET-6)
    const paid = `(s.own_current_fen + s.own_historical_fen + (select coalesce(sum((f->>'historicalFen')::int8), 0) from jsonb_array_elements(s.family) f))`;
    await q('settlement whose parts do not add up', `select settlement_id from settlements s where s.fund_fen + ${paid} + s.cash_fen <> s.total_fen`);
    await q(
      'settlement whose ledger lines differ from its parts',
      `select settlement_id from settlements s where
         coalesce((select sum(amount_fen) from account_ledger a where a.settlement_id = s.settlement_id and a.kind in ('SETTLEMENT', 'FAMILY_SETTLEMENT')), 0) <> -${paid}
         or coalesce((select sum(amount_fen) from account_ledger a where a.settlement_id = s.settlement_id and a.kind = 'REFUND'), 0) <> case when s.status = 'REFUNDED' then ${paid} else 0 end`,
    );
    await q(
      'settlement whose upstream movements differ from its parts',
      `select settlement_id from settlements s where
         coalesce((select sum(historical_fen + current_fen) from sb_ledger l where l.reference = s.settlement_id), 0) <> -${paid}
         or coalesce((select sum(historical_fen + current_fen) from sb_ledger l where l.reference = s.settlement_id || ':refund'), 0) <> case when s.status = 'REFUNDED' then ${paid} else 0 end`,
    );
    await q(
      "a patient's fund counters that differ from the settlements not refunded",
      `with patient as (select distinct s.patient_person_id, l.id_hash from settlements s join sb_ledger l on l.reference = s.settlement_id),
            sums as (select patient_person_id, coalesce(sum(fund_fen) filter (where status = 'SETTLED'), 0) as fund,
                       coalesce(sum(deductible_applied_fen) filter (where status = 'SETTLED'), 0) as deductible from settlements group by patient_person_id)
       select p.patient_person_id from patient p join sums using (patient_person_id) left join sb_outpatient o on o.id_hash = p.id_hash
       where coalesce(o.fund_paid_fen, 0) <> sums.fund or coalesce(o.deductible_met_fen, 0) <> sums.deductible`,
    );
    const [counters] = await db.query<{ fund: string; deductible: string; sfund: string; sdeductible: string }>(
      `select (select coalesce(sum(fund_paid_fen), 0)::text from sb_outpatient) as fund, (select coalesce(sum(deductible_met_fen), 0)::text from sb_outpatient) as deductible,
              (select coalesce(sum(fund_fen), 0)::text from settlements where status = 'SETTLED') as sfund,
              (select coalesce(sum(deductible_applied_fen), 0)::text from settlements where status = 'SETTLED') as sdeductible`,
    );
    crash.check(counters.fund === counters.sfund && counters.deductible === counters.sdeductible, () => `fund counters ${JSON.stringify(counters)}`);
    const [{ b }] = await db.query<{ b: string }>(`select count(*)::text as b from settlements`);
    crash.check(Number(b) === settled.size, () => `${b} settlements in the database, ${settled.size} acknowledged`);
    const [{ n }] = await db.query<{ n: string }>(`select count(*)::text as n from orders`);
    crash.check(Number(n) === tried.filter((j) => j.answers.some((a) => a.status === 201)).length, () => `${n} orders in the database, ${acknowledged} acknowledged`);
  } finally {
    await db.close();
  }
  crash.note(`${tag} (${ENGINE}): ${bff.kills} kills survived, ${ordersChecked} orders and ${settled.size} settlements checked`);
  console.log(`crash safety, ${tag} (${ENGINE}): ${bff.kills} kills survived, ${ordersChecked} acknowledged orders and ${settled.size} settlements checked, seed ${seed}`);
  expect(crash.failures.slice(mark, mark + 20)).toEqual([]);
}

it('kill -9 during the very first start (fresh data folder or database, at growing moments) leaves something that starts and serves', async () => {
  const first = section('Crash safety (kill -9, restart)');
  for (let round = 0; round < FIRST_START_ROUNDS; round++) {
    let url: string | undefined;
    let dropFirst: (() => Promise<void>) | undefined;
    if (ENGINE === 'postgres') ({ url, drop: dropFirst } = await freshDatabase('first'));
    // development secrets (generated into DATA_DIR on the first start), so their writing is killed too
    const fresh = await Bff.create({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'warn', JWT_SECRET: '', PII_KEY: '' } });
    try {
      if (!url) {
        // PGlite: killed the very moment PG_VERSION appears in a new data folder (it used to be left
        // without postgresql.conf, and never opened again)
        fresh.spawnProcess();
        const hasPgVersion = () => {
          try {
            return fs.readdirSync(fresh.dataDir).some((d) => d.startsWith('pglite') && fs.existsSync(path.join(fresh.dataDir, d, 'PG_VERSION')));
          } catch {
            return false;
          }
        };
        const until = Date.now() + 60_000;
        while (!hasPgVersion() && fresh.running() && Date.now() < until) await new Promise((r) => setImmediate(r));
        await fresh.kill9();
      }
      const moments = [30, 120, 250, 400, 600, 900, 1300, 1800].map((m) => m + between(0, 80) + round * 40);
      for (const ms of moments) {
        fresh.spawnProcess();
        await sleep(ms);
        await fresh.kill9();
      }
      let started = true;
      try {
        await fresh.launch();
      } catch (err) {
        started = false;
        first.fail(`round ${round}: after ${moments.length} kills during the first start, the BFF does not start: ${String(err).slice(0, 1500)}`);
      }
      first.check(started, () => `round ${round}: no start`);
      if (started) {
        const api = new Api(fresh.url);
        const u = await api.citizen(`first_${round}_${seed}`, built.citizens[round]);
        const o = await api.post('/api/v1/orders', { productId: built.products[0].productId, insured: [u.personId], payMethod: 'PERSONAL_ACCOUNT' }, { auth: u.token, headers: { 'Idempotency-Key': `first-start-${round}` } });
        first.check(o.status === 201, () => `round ${round}: an order after the interrupted first start: ${o.status} ${o.text}`);
        const bal = await api.balance(u.token);
        first.check(bal.historicalFen + bal.currentFen === built.citizens[round].historicalFen + built.citizens[round].currentFen - built.products[0].priceFen, () => `round ${round}: balance ${JSON.stringify(bal)}`);
      }
      scanLogs(fresh.log(), 'first-start BFF');
    } finally {
      await fresh.dispose();
      await dropFirst?.();
    }
  }
  first.note(`interrupted first starts: ${FIRST_START_ROUNDS} × 8 kills`);
  expect(failuresOf(first)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line of any of its starts', () => {
  for (const b of bffs) scanLogs(b.log(), 'crash-section BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
