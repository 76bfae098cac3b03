import { Bff, sleep } from './support/bff';
import { autoFailoverBinDir, Formation } from './support/autofailover';
import { openSql, Sql } from './support/db';
import { ENGINE, failuresOf, Section, section } from './support/figures';
import { Api, isNetworkError, Res } from './support/http';
import { registerCitizens, registerCredential, scanLogs } from './support/privacy';
import { buildWorld, Built } from './support/world';

/**
 * Failover (issue 17): losing the database primary loses no payment. A pg_auto_failover formation
 * of its own (monitor + two nodes, synchronous replication), two built BFF processes on its
 * multi-host URL (`target_session_attrs=read-write`), a stream of money operations from 48 users,
 * each retried on any error with the same key, and `kill -9` of the primary's postmaster at
 * random moments, alternating nodes: each time the old primary is waited for until it is a
 * standby again, and the invariants are checked on the new primary. Once, one BFF process is
 * killed with it. Runs in the PostgreSQL pass of `npm run test:reliability` when pg_autoctl is
 * installed (Debian: postgresql-15-auto-failover).
 *
 * The stream is made of operation KINDS (below): orders (keyed by Idempotency-Key) and counter
 * settlements (keyed by bill number, P-SET-1). Another money operation is one more entry of
 * KINDS: its jobs, one attempt, what counts as acknowledged or as a fine refusal, and its checks
 * in the database.
 */
const KILLS = Number(process.env.REL_FAILOVER_KILLS ?? 5);
/** The kill (0-based) during which one BFF process is killed too. */
const BFF_KILL_AT = Math.min(2, KILLS - 1);
const USERS = 48;
const PRODUCTS = 60;
const failover = section('Failover (pg_auto_failover, kill -9 of the primary)');

const seed = Number(process.env.REL_SEED ?? Date.now() % 100_000);
let state = seed >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const PRICES = Array.from({ length: PRODUCTS }, (_, i) => 100 + ((i * 37) % 20) * 50);
const built = buildWorld({
  seed: 17,
  // each user can pay for most of the products, not all: some refusals for lack of money too
  citizens: Array.from({ length: USERS }, () => {
    const budget = Math.floor(PRICES.reduce((a, b) => a + b, 0) * (0.7 + rand() * 0.2));
    const currentFen = between(0, Math.floor(budget / 4));
    return { historicalFen: budget - currentFen, currentFen };
  }),
  productPrices: PRICES,
});
registerCitizens(built.citizens);
for (const h of built.hospitals) registerCredential(h.secret);

export interface User {
  index: number;
  token: string;
  personId: string;
}

/** One money operation a client wants done once: retried with the same key until it has an answer. */
export interface Job {
  kind: Kind;
  user: number;
  /** Idempotency-Key, bill number…: what makes a retry the same operation. */
  key: string;
  /** Anything the kind needs (product, amount…). */
  data: Record<string, unknown>;
  attempts: { at: number; end: number; status: number; retryAfter?: string | null; code?: string }[];
  /** The id of what was acknowledged (orderId…), and when. */
  acked?: { id: string; at: number };
  /** A refusal that is a final answer. */
  refused?: Res;
  done: boolean;
}

export interface Kind {
  name: string;
  /** What the kind needs before the stream (sessions, check-ins), made over the API. */
  prepare?(api: Api, users: User[]): Promise<void>;
  /** Every job of this kind, for all users. */
  jobs(world: Built, users: User[]): Job[];
  /** One attempt (the same request each time). */
  send(api: Api, job: Job, users: User[]): Promise<Res>;
  /** The id of what a 2xx answer acknowledges. */
  ackId(res: Res): string | undefined;
  /** A 4xx that is a right final answer (e.g. not enough money left), given the world. */
  fineRefusal(res: Res, job: Job): boolean;
  /**
   * In one snapshot of the database: every acknowledged operation exists exactly once and
   * matches its request; when `final`, nothing exists that was not acknowledged. Returns how
   * many were checked, lost (acknowledged, missing) and duplicated (twice, or never acknowledged).
   */
  verify(db: Sql, jobs: Job[], final: boolean, s: Section): Promise<{ checked: number; lost: number; duplicated: number }>;
}

/** Orders paid from the personal account (P-PAY-8: one Idempotency-Key charges once). */
const orders: Kind = {
  name: 'orders',
  jobs(world, users) {
    const out: Job[] = [];
    for (const u of users) {
      for (let p = 0; p < world.products.length; p++) {
        out.push({ kind: orders, user: u.index, key: `fo-${seed}-${u.index}-${p}-${between(1e6, 9e6)}`, data: { product: p }, attempts: [], done: false });
      }
    }
    return out;
  },
  send(api, job, users) {
    const u = users[job.user];
    const product = built.products[job.data.product as number];
    return api.post('/api/v1/orders', { productId: product.productId, insured: [u.personId], payMethod: 'PERSONAL_ACCOUNT' }, { auth: u.token, headers: { 'Idempotency-Key': job.key }, timeoutMs: 30_000 });
  },
  ackId: (res) => (res.status === 201 ? (res.body?.orderId as string | undefined) : undefined),
  fineRefusal: (res) => res.status === 422 && res.body?.error?.code === 'NOT_ELIGIBLE' && (res.body.error.reasons ?? []).every((r: { code: string }) => r.code === 'INSUFFICIENT_BALANCE'),
  async verify(db, jobs, final, s) {
    const acked = jobs.filter((j) => j.acked);
    const ids = acked.map((j) => j.acked!.id);
    const rows = await db.query<{ order_id: string; status: string; total_fen: number; product_id: string; ledger: number }>(
      `select o.order_id, o.status, o.total_fen::int as total_fen, o.product_id, (select count(*)::int from sb_ledger l where l.reference = o.order_id) as ledger from orders o`,
    );
    const byId = new Map(rows.map((r) => [r.order_id, r]));
    let lost = 0;
    for (const j of acked) {
      const o = byId.get(j.acked!.id);
      const product = built.products[j.data.product as number];
      if (!s.check(!!o, () => `order ${j.acked!.id} (key ${j.key}) acknowledged but not in the database`)) {
        lost++;
        continue;
      }
      s.check(o!.status === 'PAID' && o!.total_fen === product.priceFen && o!.product_id === product.productId, () => `order ${o!.order_id}: ${JSON.stringify(o)}`);
      s.check(o!.ledger === 1, () => `order ${o!.order_id}: ${o!.ledger} ledger movements (charged ${o!.ledger === 0 ? 'never' : 'twice'})`);
    }
    let duplicated = 0;
    // one order per (user, product) at most: each job is its own product, so a second is a double charge
    const known = new Set(ids);
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::int as n from (select user_id, product_id from orders group by user_id, product_id having count(*) > 1) d`,
    );
    duplicated += n;
    s.check(n === 0, () => `${n} (user, product) pairs paid twice`);
    if (final) {
      const unknown = rows.filter((r) => !known.has(r.order_id));
      duplicated += unknown.length;
      s.check(unknown.length === 0, () => `${unknown.length} orders in the database that no client saw acknowledged: ${unknown.slice(0, 3).map((r) => r.order_id)}`);
    }
    return { checked: acked.length, lost, duplicated };
  },
};

/** Bills per user in the stream. */
const BILLS = 10;
let hospitalToken = '';
const checkInOf: string[] = [];

/**
 * Counter settlements (P-SET-1..4): each user's own code checked in once at the first hospital
 * before the stream, then bills with their own numbers on that check-in, paid from the user's
 * account as far as it goes (the rest cash: never refused). A retry with the same bill number and
 * body answers the first settlement again.
 */
const settlements: Kind = {
  name: 'settlements',
  async prepare(api, users) {
    const h = built.hospitals[0];
    hospitalToken = await api.hospital(h.hospitalId, h.secret);
    for (const u of users) {
      const qr = await api.post('/api/v1/qrcodes', { personId: u.personId }, { auth: u.token });
      const c = await api.post('/api/v1/hospital/check-ins', { token: qr.body?.token }, { auth: hospitalToken });
      if (c.status !== 201) throw new Error(`check-in: ${c.status} ${c.text}`);
      checkInOf[u.index] = c.body.checkInId;
    }
  },
  jobs(_world, users) {
    const out: Job[] = [];
    for (const u of users) {
      for (let b = 0; b < BILLS; b++) {
        const totalFen = between(300, 4000);
        out.push({ kind: settlements, user: u.index, key: `fb-${seed}-${u.index}-${b}-${between(1e6, 9e6)}`, data: { totalFen, compliantFen: Math.floor(totalFen * (0.5 + rand() * 0.5)) }, attempts: [], done: false });
      }
    }
    return out;
  },
  send(api, job) {
    const body = { checkInId: checkInOf[job.user], billNo: job.key, totalFen: job.data.totalFen, compliantFen: job.data.compliantFen };
    return api.post('/api/v1/hospital/settlements', body, { auth: hospitalToken, timeoutMs: 30_000 });
  },
  ackId: (res) => (res.status === 201 ? (res.body?.settlementId as string | undefined) : undefined),
  fineRefusal: () => false,
  async verify(db, jobs, final, s) {
    const acked = jobs.filter((j) => j.acked);
    const paid = `(s.own_current_fen + s.own_historical_fen + (select coalesce(sum((f->>'historicalFen')::int8), 0) from jsonb_array_elements(s.family) f))`;
    const rows = await db.query<{ settlement_id: string; bill_no: string; status: string; total_fen: number; whole: boolean; lines: boolean; upstream: boolean }>(
      `select s.settlement_id, s.bill_no, s.status, s.total_fen::int as total_fen,
              s.fund_fen + ${paid} + s.cash_fen = s.total_fen as whole,
              coalesce((select sum(amount_fen) from account_ledger a where a.settlement_id = s.settlement_id), 0) = -${paid} as lines,
              coalesce((select sum(historical_fen + current_fen) from sb_ledger l where l.reference = s.settlement_id), 0) = -${paid} as upstream
         from settlements s`,
    );
    const byId = new Map(rows.map((r) => [r.settlement_id, r]));
    let lost = 0;
    for (const j of acked) {
      const r = byId.get(j.acked!.id);
      if (!s.check(!!r, () => `settlement ${j.acked!.id} (bill ${j.key}) acknowledged but not in the database`)) {
        lost++;
        continue;
      }
      s.check(r!.bill_no === j.key && r!.status === 'SETTLED' && r!.total_fen === j.data.totalFen, () => `settlement ${r!.settlement_id}: ${JSON.stringify(r)} for bill ${j.key}`);
      s.check(r!.whole && r!.lines && r!.upstream, () => `settlement ${r!.settlement_id}: parts add up ${r!.whole}, ledger lines ${r!.lines}, upstream debits ${r!.upstream}`);
    }
    // the patient's fund counters: what the settlements say, in sum (the world starts them at 0)
    const [c] = await db.query<{ ok: boolean }>(
      `select (select coalesce(sum(fund_paid_fen), 0) from sb_outpatient) = (select coalesce(sum(fund_fen), 0) from settlements where status = 'SETTLED')
          and (select coalesce(sum(deductible_met_fen), 0) from sb_outpatient) = (select coalesce(sum(deductible_applied_fen), 0) from settlements where status = 'SETTLED') as ok`,
    );
    s.check(c.ok, () => 'the fund counters differ from the settlements');
    let duplicated = 0;
    if (final) {
      const known = new Set(acked.map((j) => j.acked!.id));
      const unknown = rows.filter((r) => !known.has(r.settlement_id));
      duplicated += unknown.length;
      s.check(unknown.length === 0, () => `${unknown.length} settlements in the database that no terminal saw acknowledged: ${unknown.slice(0, 3).map((r) => r.settlement_id)}`);
    }
    return { checked: acked.length, lost, duplicated };
  },
};

/** The operation kinds of the stream. */
const KINDS: Kind[] = [orders, settlements];

/** Invariants of every kind: balance = start − ledger, nothing half-done (one snapshot). */
async function verifyMoney(db: Sql, s: Section): Promise<void> {
  const q = async (label: string, text: string) => {
    const rows = await db.query(text);
    s.check(rows.length === 0, () => `${label}: ${JSON.stringify(rows.slice(0, 3))}`);
  };
  const start = new Map(built.citizens.map((c) => [c.name, c]));
  const balances = await db.query<{ name: string; h: number; c: number; lh: number; lc: number }>(
    `select c.name, c.historical_fen::int as h, c.current_fen::int as c,
            coalesce((select sum(l.historical_fen) from sb_ledger l where l.id_hash = c.id_hash), 0)::int as lh,
            coalesce((select sum(l.current_fen) from sb_ledger l where l.id_hash = c.id_hash), 0)::int as lc
       from sb_citizens c`,
  );
  for (const b of balances) {
    const c = start.get(b.name);
    if (!c) continue;
    s.check(b.h === c.historicalFen + b.lh && b.c === c.currentFen + b.lc && b.h >= 0 && b.c >= 0, () => `${b.name}: balance ${b.h}/${b.c}, start ${c.historicalFen}/${c.currentFen}, ledger ${b.lh}/${b.lc}`);
  }
  await q('idempotency key without its order or answer', `select key from idempotency_keys where order_id is null or response_body is null or response_status is null`);
  await q('key whose order does not exist', `select k.key from idempotency_keys k left join orders o on o.order_id = k.order_id where o.order_id is null`);
  await q('order without a key', `select o.order_id from orders o left join idempotency_keys k on k.order_id = o.order_id where k.order_id is null`);
  await q('order without items', `select o.order_id from orders o where not exists (select 1 from order_items i where i.order_id = o.order_id)`);
  await q(
    'debit without an order or a settlement',
    `select l.reference from sb_ledger l where not exists (select 1 from orders o where o.order_id = l.reference)
       and not exists (select 1 from settlements s where l.reference in (s.settlement_id, s.settlement_id || ':refund'))`,
  );
  await q('debit that differs from its order', `select o.order_id from orders o join sb_ledger l on l.reference = o.order_id where -l.historical_fen <> o.debit_historical_fen or -l.current_fen <> o.debit_current_fen`);
  await q('paid item without its enrolment', `select i.order_id from order_items i join orders o on o.order_id = i.order_id where o.status = 'PAID' and not exists (select 1 from enrolments e where e.order_id = i.order_id and e.person_id = i.person_id)`);
}

/** Every check of every kind in one repeatable-read snapshot of the primary on `port`. */
async function verifyAll(formation: Formation, port: number, jobs: Job[], final: boolean): Promise<{ checked: number; lost: number; duplicated: number }> {
  // what was acknowledged, frozen before the snapshot is taken (by the first query below): the
  // stream goes on meanwhile, and an operation acknowledged after the snapshot is not in it
  const frozen = jobs.map((j) => ({ ...j, acked: j.acked && { ...j.acked } }));
  const db = await openSql({ url: formation.nodeUrl(port) });
  const total = { checked: 0, lost: 0, duplicated: 0 };
  try {
    await db.query('begin isolation level repeatable read');
    for (const kind of KINDS) {
      const r = await kind.verify(
        db,
        frozen.filter((j) => j.kind === kind),
        final,
        failover,
      );
      total.checked += r.checked;
      total.lost += r.lost;
      total.duplicated += r.duplicated;
    }
    await verifyMoney(db, failover);
    await db.query('commit');
  } finally {
    await db.close();
  }
  return total;
}

const bin = autoFailoverBinDir();
const run = ENGINE === 'postgres' && bin ? it : it.skip;
if (ENGINE === 'postgres' && !bin) {
  failover.note('SKIPPED: pg_autoctl is not installed (Debian: apt-get install -y postgresql-15-auto-failover)');
  console.log('failover: skipped, pg_autoctl is not installed (apt-get install -y postgresql-15-auto-failover)');
}

/** synchronous_commit waits for the standby, which is named in synchronous_standby_names and streams as such. */
const synchronous = (r: Awaited<ReturnType<Formation['replication']>>) =>
  !['off', 'local'].includes(r.synchronousCommit) && r.synchronousStandbyNames.trim() !== '' && r.syncStates.some((x) => x === 'quorum' || x === 'sync');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let formation: Formation | null = null;
const bffs: Bff[] = [];
afterAll(async () => {
  for (const b of bffs) await b.dispose();
  await formation?.dispose();
});

run(
  `${KILLS} × kill -9 of the primary's postgres under a stream of money operations from ${USERS} users on two BFF processes: nothing lost, nothing twice, nothing half-done`,
  async () => {
    const t0 = Date.now();
    formation = new Formation(bin!);
    await formation.start();
    const stable = await formation.waitStable(60_000);
    // synchronous replication: an acknowledged commit is on the standby before the client hears of it
    const repl = await formation.replication(stable.primary.port);
    failover.check(synchronous(repl), () => `not synchronous: ${JSON.stringify(repl)}`);
    failover.note(`synchronous replication: number_sync_standbys ${repl.numberSyncStandbys}, synchronous_standby_names '${repl.synchronousStandbyNames}', synchronous_commit ${repl.synchronousCommit}, standby ${repl.syncStates.join(',')}`);
    const url = formation.appUri();
    const a = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info' } });
    bffs.push(a);
    const b = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info' }, secrets: { jwtSecret: a.jwtSecret, piiKey: a.piiKey } });
    bffs.push(b);
    const apis = [new Api(a.url), new Api(b.url)];
    const users: User[] = [];
    for (let i = 0; i < USERS; i++) users.push({ index: i, ...(await apis[i % 2].citizen(`fo_${seed}_${i}`, built.citizens[i])) });
    failover.note(`setup (formation, two BFFs, ${USERS} users) ${Math.round((Date.now() - t0) / 1000)} s, seed ${seed}`);

    for (const kind of KINDS) await kind.prepare?.(apis[0], users);
    // each user works through its own shuffled list, one operation at a time, with a pause between
    const jobs = KINDS.flatMap((k) => k.jobs(built, users));
    const queues = users.map((u) => {
      const mine = jobs.filter((j) => j.user === u.index);
      for (let i = mine.length - 1; i > 0; i--) {
        const k = Math.floor(rand() * (i + 1));
        [mine[i], mine[k]] = [mine[k], mine[i]];
      }
      return mine;
    });
    let killing = true;
    const deadline = Date.now() + 5 * 60_000;
    const attempt = async (job: Job) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const api = apis[between(0, 1)];
        const at = Date.now();
        try {
          const res = await job.kind.send(api, job, users);
          job.attempts.push({ at, end: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'), code: res.body?.error?.code });
          const id = job.kind.ackId(res);
          if (res.status >= 200 && res.status < 300 && id) {
            job.acked = { id, at: Date.now() };
            job.done = true;
            return;
          }
          if (res.status < 500) {
            job.refused = res;
            job.done = true;
            return;
          }
        } catch (err) {
          job.attempts.push({ at, end: Date.now(), status: 0, code: isNetworkError(err) ? 'network' : String(err).slice(0, 100) });
        }
        // a quicker client than Retry-After asks: the figures then measure the failover, not the wait
        await sleep(between(50, 250));
      }
    };
    const worker = async (queue: Job[]) => {
      for (const job of queue) {
        if (!killing) return;
        await attempt(job);
        await sleep(between(300, 1500));
      }
    };

    const recoveries: number[] = [];
    let checked = 0;
    let lost = 0;
    let duplicated = 0;
    let bffKilled = false;
    const killer = async () => {
      let previous = stable.primary.port;
      for (let k = 0; k < KILLS; k++) {
        const { primary } = await formation!.waitStable(120_000);
        failover.check(k === 0 || primary.port !== previous, () => `kill ${k}: the primary is ${primary.name} again (no failover happened)`);
        previous = primary.port;
        // an acknowledged commit survives this primary's loss only if its standby has it too
        const sync = await formation!.replication(primary.port);
        failover.check(synchronous(sync), () => `kill ${k}: ${primary.name} is not replicating synchronously: ${JSON.stringify(sync)}`);
        await sleep(between(1000, 4000));
        const killAt = Date.now();
        await Promise.all([
          formation!.killNode(primary.port),
          // one BFF process dies at the same moment; a supervisor starts it again (it waits for a primary)
          k === BFF_KILL_AT ? b.kill9().then(() => ((bffKilled = true), b.spawnProcess())) : undefined,
        ]);
        // the server comes back a little later and rejoins as a standby
        const restart = sleep(between(1000, 3000)).then(() => formation!.restartNode(primary.port));
        // wait for a write that follows the failures the kill caused (at least 2 s after it)
        const attemptsSince = () => jobs.flatMap((j) => j.attempts.filter((x) => x.at >= killAt));
        const isFailure = (x: Job['attempts'][number]) => x.status === 0 || x.status >= 500;
        let wrote = false;
        while (Date.now() - killAt < 90_000) {
          await sleep(100);
          const since = attemptsSince();
          const lastFailure = Math.max(killAt, ...since.filter(isFailure).map((x) => x.at));
          if (Date.now() - killAt > 2000 && since.some((x) => x.status === 201 && x.at > lastFailure)) {
            wrote = true;
            break;
          }
        }
        if (!failover.check(wrote, () => `kill ${k} (${primary.name}): no successful write within 90 s`)) break;
        if (k === BFF_KILL_AT) await b.waitHealthy(120_000);
        await restart;
        const after = await formation!.waitStable(120_000);
        // from the kill to the first successful write after the last failed attempt (rejoin included)
        let recovered = Infinity;
        for (const until = Date.now() + 30_000; !Number.isFinite(recovered) && Date.now() < until; await sleep(100)) {
          const since = attemptsSince();
          const lastFailure = Math.max(killAt, ...since.filter(isFailure).map((x) => x.at));
          recovered = Math.min(...since.filter((x) => x.status === 201 && x.at >= lastFailure).map((x) => x.end)) - killAt;
        }
        if (!failover.check(Number.isFinite(recovered), () => `kill ${k} (${primary.name}): writes failed again after the standby rejoined`)) break;
        recoveries.push(recovered / 1000);
        failover.check(after.primary.port !== primary.port && after.secondary.port === primary.port, () => `kill ${k}: ${primary.name} did not come back as the standby`);
        const r = await verifyAll(formation!, after.primary.port, jobs, false);
        checked = r.checked;
        lost = Math.max(lost, r.lost);
        duplicated = Math.max(duplicated, r.duplicated);
        console.log(`failover: kill ${k + 1}/${KILLS} of ${primary.name} → ${after.primary.name} primary; first write after ${(recovered / 1000).toFixed(1)} s; ${r.checked} acknowledged checked, lost ${r.lost}, duplicated ${r.duplicated}${k === BFF_KILL_AT ? ' (one BFF killed with it)' : ''}`);
      }
      killing = false;
    };
    await Promise.all([killer(), ...queues.map(worker)]);

    // every operation tried has its final answer; then the whole database is checked once more
    const tried = jobs.filter((j) => j.attempts.length > 0);
    for (const job of tried) {
      const what = `${job.kind.name} user ${job.user} key ${job.key}`;
      failover.check(job.done, () => `${what}: no final answer after ${job.attempts.length} attempts`);
      failover.check(!job.attempts.some((x) => x.status === 500), () => `${what}: 500 ${JSON.stringify(job.attempts.filter((x) => x.status === 500))}`);
      failover.check(
        job.attempts.every((x) => x.status !== 503 || (x.code === 'DATABASE_UNAVAILABLE' && Number(x.retryAfter) > 0)),
        () => `${what}: a 503 without DATABASE_UNAVAILABLE and Retry-After ${JSON.stringify(job.attempts.filter((x) => x.status === 503))}`,
      );
      failover.check(!job.attempts.some((x) => x.status >= 500 && x.status !== 503), () => `${what}: ${JSON.stringify(job.attempts.filter((x) => x.status > 500))}`);
      if (job.refused) failover.check(job.kind.fineRefusal(job.refused, job), () => `${what}: refused ${job.refused!.status} ${job.refused!.text.slice(0, 200)}`);
    }
    const { primary } = await formation.waitStable(120_000);
    const r = await verifyAll(formation, primary.port, jobs, true);
    checked = r.checked;
    lost = Math.max(lost, r.lost);
    duplicated = Math.max(duplicated, r.duplicated);

    const unavailable = tried.reduce((s, j) => s + j.attempts.filter((x) => x.status === 503).length, 0);
    const network = tried.reduce((s, j) => s + j.attempts.filter((x) => x.status === 0).length, 0);
    failover.check(recoveries.length === KILLS, () => `${recoveries.length} of ${KILLS} kills recovered`);
    failover.check(bffKilled, () => 'the BFF process was not killed');
    failover.figure('kills', recoveries.length);
    failover.figure('acknowledged', checked);
    failover.figure('lost', lost);
    failover.figure('duplicated', duplicated);
    failover.figure('recoveryMedianS', Math.round(median(recoveries) * 10) / 10);
    failover.figure('recoveryMaxS', Math.round(Math.max(...recoveries) * 10) / 10);
    failover.note(
      `${recoveries.length} kills (one with a BFF process), ${checked} acknowledged operations checked of ${tried.length} tried, lost ${lost}, duplicated ${duplicated}; ` +
        `first write after the kill: median ${median(recoveries).toFixed(1)} s, max ${Math.max(...recoveries).toFixed(1)} s (${recoveries.map((x) => x.toFixed(1)).join(', ')}); ` +
        `${unavailable} answers 503 DATABASE_UNAVAILABLE and ${network} network errors retried; ${Math.round((Date.now() - t0) / 1000)} s in all`,
    );
    failover.note(`by kind: ${KINDS.map((k) => `${k.name} ${jobs.filter((j) => j.kind === k && j.acked).length} acknowledged of ${tried.filter((j) => j.kind === k).length} tried`).join(', ')}`);
    for (const bff of bffs) scanLogs(bff.log(), 'failover BFF');
    expect(failuresOf(failover)).toEqual([]);
    expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
  },
  6 * 60_000,
);
