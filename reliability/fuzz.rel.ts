import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { bind, enablePremium } from '../bff/src/test/family-setup';
import { demo, W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import * as http from 'node:http';
import type { Res } from './support/http';
import { InProc, startInProc } from './support/inproc';
import { looksLikeStack, personalSecrets, registerCitizens, scanLogs, scanReceived } from './support/privacy';

/**
 * Fuzzing with fast-check: arbitrary JSON (wrong types, huge strings, deep nesting, unicode,
 * prototype keys), raw bytes, odd content types, odd path ids and headers, to every endpoint,
 * with a verified citizen's token, a hospital's, a broken one or none. Never a 5xx, never a stack
 * trace or an internal detail in a body, never an ID number or phone in a body (the client scans
 * every body), never a changed balance. The caller has already paid for everything it could pay
 * for, so no request of the run may legitimately move money.
 *
 * REL_FUZZ_RUNS (default 10 000 per engine) and REL_FUZZ_SEED (replay a run) tune it.
 */
const RUNS = Number(process.env.REL_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.REL_FUZZ_SEED ?? Date.now() % 2_147_483_647);
const PARALLEL = Number(process.env.REL_FUZZ_PARALLEL ?? 8);
registerCitizens(demo().citizens); // the fuzzer sends them too
const s = section('Hostile: fuzzing (fast-check)');
let x: InProc;

const ids = { person: [] as string[], member: [] as string[], order: [] as string[], settlement: [] as string[] };
let checkInId = '';
let citizen = '';
let hospital = '';
let refresh = '';
let qrToken = '';

beforeAll(async () => {
  x = await startInProc();
  const wang = await x.t.citizen(W.wang);
  const son = await bind(x.t, wang.auth, W.wangSon, 'CHILD');
  const wife = await bind(x.t, wang.auth, W.wangWife, 'SPOUSE');
  const father = await bind(x.t, wang.auth, W.wangFather, 'PARENT'); // stays pending
  await enablePremium(x.t, wang.auth);
  // everything the caller could pay for is paid already: no fuzzed order may move money
  const paid = await x.t.http().post('/api/v1/orders').set(wang.auth).set('Idempotency-Key', 'fuzz-prepaid-1').send({ productId: 'JS-YHB-2027', insured: [wang.personId, son.personId, wife.personId], payMethod: 'PERSONAL_ACCOUNT' });
  expect(paid.status).toBe(201);
  citizen = wang.token;
  hospital = (await x.t.hospital()).Authorization.slice('Bearer '.length);
  refresh = (await x.t.login()).refreshToken;
  qrToken = (await x.t.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: son.personId })).body.token;
  ids.person.push(wang.personId, son.personId, wife.personId, father.personId);
  ids.member.push(son.memberId, wife.memberId, father.memberId);
  ids.order.push(paid.body.orderId);
  // a check-in of 郑伟 (EMPLOYEE, SUSPENDED): any settlement of it is all cash (P-SET-2), so no fuzzed bill moves money
  const zheng = await x.t.citizen(W.zheng);
  const zqr = await x.t.http().post('/api/v1/qrcodes').set(zheng.auth).send({ personId: zheng.personId });
  checkInId = (await x.t.http().post('/api/v1/hospital/check-ins').set({ Authorization: `Bearer ${hospital}` }).send({ token: zqr.body.token })).body.checkInId;
  const settled = await x.t.http().post('/api/v1/hospital/settlements').set({ Authorization: `Bearer ${hospital}` }).send({ checkInId, billNo: 'FUZZ-0', totalFen: 1000, compliantFen: 800 });
  expect(settled.status).toBe(201);
  expect(settled.body.cashFen).toBe(1000);
  ids.settlement.push(settled.body.settlementId);
});
afterAll(() => x?.close());

/** Money in the whole world: every balance and every movement. */
async function money(): Promise<string> {
  const r = (await x.t.database.db.execute(
    sql`select (select coalesce(sum(historical_fen), 0) || '/' || coalesce(sum(current_fen), 0) || '/' || count(*) from sb_citizens) as balances,
               (select count(*) from sb_ledger)::text as ledger,
               (select count(*) from orders where status = 'PAID')::text as paid,
               (select count(*) from enrolments)::text as enrolments,
               (select count(*) from account_ledger)::text as account_ledger,
               (select coalesce(sum(deductible_met_fen), 0) || '/' || coalesce(sum(fund_paid_fen), 0) from sb_outpatient) as fund`,
  )) as unknown as { rows: Record<string, string>[] };
  return JSON.stringify(r.rows[0]);
}

// ---------- arbitraries ----------

type Auth = 'citizen' | 'hospital' | 'garbage' | 'none';
interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string; // ':id' is replaced by a fuzzed path id
  body?: () => Record<string, unknown>;
  auth: Auth;
  idKind?: keyof typeof ids;
}
const ENDPOINTS: Endpoint[] = [
  { method: 'POST', path: '/api/v1/auth/login', body: () => ({ code: 'sandbox:fuzz_user' }), auth: 'none' },
  { method: 'POST', path: '/api/v1/auth/refresh', body: () => ({ refreshToken: refresh }), auth: 'none' },
  { method: 'POST', path: '/api/v1/identity/verify', body: () => ({ name: '王建国', idNumber: W.wang, phone: '13800000001' }), auth: 'citizen' },
  { method: 'GET', path: '/api/v1/me', auth: 'citizen' },
  { method: 'POST', path: '/api/v1/family/members', body: () => ({ name: '李秀英', idNumber: W.wangMother, relation: 'PARENT' }), auth: 'citizen' },
  { method: 'GET', path: '/api/v1/family/members', auth: 'citizen' },
  { method: 'PUT', path: '/api/v1/family/modes', body: () => ({ pay: true, premium: true }), auth: 'citizen' },
  { method: 'GET', path: '/api/v1/family/invitations', auth: 'citizen' },
  { method: 'POST', path: '/api/v1/family/invitations/:id/accept', auth: 'citizen', idKind: 'member' },
  { method: 'POST', path: '/api/v1/family/invitations/:id/decline', auth: 'citizen', idKind: 'member' },
  { method: 'DELETE', path: '/api/v1/family/members/:id', auth: 'citizen', idKind: 'member' },
  { method: 'GET', path: '/api/v1/products', auth: 'citizen' },
  { method: 'POST', path: '/api/v1/eligibility', body: () => ({ productId: 'JS-YHB-2027', insured: [ids.person[0], ids.person[1]] }), auth: 'citizen' },
  { method: 'POST', path: '/api/v1/orders', body: () => ({ productId: 'JS-YHB-2027', insured: [ids.person[0], ids.person[1]], payMethod: 'PERSONAL_ACCOUNT' }), auth: 'citizen' },
  { method: 'GET', path: '/api/v1/orders', auth: 'citizen' },
  { method: 'GET', path: '/api/v1/orders/:id', auth: 'citizen', idKind: 'order' },
  { method: 'POST', path: '/api/v1/qrcodes', body: () => ({ personId: ids.person[1] }), auth: 'citizen' },
  { method: 'POST', path: '/api/v1/hospital/sessions', body: () => ({ hospitalId: 'H320102001', secret: 'demo-secret-nj' }), auth: 'none' },
  { method: 'POST', path: '/api/v1/hospital/check-ins', body: () => ({ token: qrToken, department: '内科' }), auth: 'hospital' },
  { method: 'POST', path: '/api/v1/hospital/settlements/preview', body: () => ({ checkInId, totalFen: 1000, compliantFen: 800 }), auth: 'hospital' },
  { method: 'POST', path: '/api/v1/hospital/settlements', body: () => ({ checkInId, billNo: 'FUZZ-1', totalFen: 1000, compliantFen: 800, payFromAccounts: true }), auth: 'hospital' },
  { method: 'POST', path: '/api/v1/hospital/settlements/:id/refund', auth: 'hospital', idKind: 'settlement' },
  { method: 'GET', path: '/api/v1/hospital/settlements', auth: 'hospital' },
  { method: 'GET', path: '/api/v1/account/ledger', auth: 'citizen' },
  { method: 'GET', path: '/api/v1/settlements', auth: 'citizen' },
  { method: 'GET', path: '/api/v1/notices', auth: 'none' },
  { method: 'GET', path: '/api/docs/openapi.json', auth: 'none' },
  { method: 'POST', path: '/api/v1/:id', auth: 'citizen', idKind: 'person' },
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const weird = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates and all
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ufeff', '𠜎𠜱', '王·建国', '%00', '../../etc/passwd', '<script>', "' or 1=1 --", '${7*7}', 'NaN', 'null', 'true'),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)), // some over the 64 KiB limit
  fc.integer({ min: 100, max: 20_000 }).map((n) => '汉'.repeat(n)),
  fc.constantFrom(...personalSecrets().slice(0, 40)), // a real ID number or phone: never echoed back
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: weird },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, true, false, null, [], {}) },
  { weight: 1, arbitrary: fc.array(weird, { maxLength: 25 }) },
);

/** A request body: raw text plus content type. */
interface Body {
  raw?: string | Buffer;
  contentType?: string;
}
const deep = (n: number, open: string, close: string, core = '1') => open.repeat(n) + core + close.repeat(n);
function bodyArb(e: Endpoint): fc.Arbitrary<Body> {
  const template = e.body?.() ?? {};
  const keys = Object.keys(template);
  const mutated = fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...(keys.length ? keys : ['x'])), anyJson, { maxKeys: 3 }),
      drop: fc.subarray(keys),
      extra: fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS, 'status', 'totalFen', 'userId', 'balance'), fc.string({ maxLength: 10 })), anyJson, { maxKeys: 3 }),
    })
    .map(({ replace, drop, extra }) => {
      const o: Record<string, unknown> = { ...template };
      for (const k of drop) delete o[k];
      // own properties even for __proto__ (JSON text, as an attacker would send it)
      const parts = Object.entries({ ...o, ...replace }).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
      for (const [k, v] of Object.entries(extra)) parts.push(`${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
      return { raw: `{${parts.join(',')}}` };
    });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 3, arbitrary: anyJson.map((v) => ({ raw: JSON.stringify(v) ?? 'null' })) },
    { weight: 1, arbitrary: fc.constant({ raw: JSON.stringify(template) }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.integer({ min: 50, max: 30_000 }).map((n) => ({ raw: deep(n, '[', ']') })),
        fc.integer({ min: 50, max: 20_000 }).map((n) => ({ raw: deep(n, '{"a":', '}') })),
        fc.integer({ min: 50, max: 5_000 }).map((n) => ({ raw: `{"${keys[0] ?? 'a'}":${deep(n, '[', ']')}}` })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 200 }).map((t) => ({ raw: t })), // not JSON at all
        fc.uint8Array({ maxLength: 300 }).map((b) => ({ raw: Buffer.from(b) })), // raw bytes, invalid UTF-8
        fc.constantFrom('{', '}', '[', '{"a":1,}', '{"a":1}{"b":2}', '\ufeff{}', '1e999', '-', '"\\ud800"', '{"a":"\\u0000"}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}').map((raw) => ({ raw })),
        fc.record({
          raw: fc.constant(JSON.stringify(template)),
          contentType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/xml', 'application/vnd.api+json', ''),
        }),
      ),
    },
  );
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const pathId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('__real__') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: printable.map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom(...personalSecrets().slice(0, 20)) },
  { weight: 1, arbitrary: fc.constantFrom('%00', '..%2F..%2Fetc', '%', '%zz', 'a%2Fb', '.', '..', '%E0%A4%A', 'o_' + 'A'.repeat(5000), '__proto__', 'constructor', '%F0%9F%92%A9') },
);

interface FuzzRequest {
  e: Endpoint;
  body: Body;
  id: string;
  auth: Auth;
  key: string | undefined;
  query: string;
}
const requestArb: fc.Arbitrary<FuzzRequest> = fc.integer({ min: 0, max: ENDPOINTS.length - 1 }).chain((i) => {
  const e = ENDPOINTS[i];
  return fc.record({
    e: fc.constant(e),
    body: e.method === 'GET' || e.method === 'DELETE' ? fc.oneof({ weight: 4, arbitrary: fc.constant<Body>({}) }, { weight: 1, arbitrary: bodyArb(e) }) : bodyArb(e),
    id: pathId,
    auth: fc.oneof({ weight: 8, arbitrary: fc.constant<Auth>(e.auth) }, { weight: 1, arbitrary: fc.constantFrom<Auth>('citizen', 'hospital', 'garbage', 'none') }),
    key: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), printable, fc.constant('k'.repeat(5000))), { nil: undefined }),
    query: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: printable.map((q) => `?${encodeURIComponent(q)}=${encodeURIComponent(q)}&userId=u_x&__proto__[a]=1`) }),
  });
});

const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });

/** node:http rather than fetch: a body on GET, raw bytes and odd content types go out as they are. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body: string | Buffer | undefined): Promise<Res> {
  return new Promise((resolve, reject) => {
    const url = new URL(x.api.base + path);
    const req = http.request({ host: url.hostname, port: url.port, path, method, headers, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        scanReceived(text, `${method} ${path} → ${res.statusCode}`);
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, body: undefined, text, headers: h });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    // an explicit length: Node sends a GET/DELETE body neither chunked nor framed otherwise
    if (body !== undefined) req.setHeader('Content-Length', Buffer.byteLength(body));
    req.end(body);
  });
}

async function send(r: FuzzRequest, n: number): Promise<Res> {
  const id = r.id === '__real__' ? (ids[r.e.idKind ?? 'person'][n % ids[r.e.idKind ?? 'person'].length] ?? 'x') : r.id;
  const path = r.e.path.replace(':id', id) + r.query;
  const headers: Record<string, string> = {};
  if (r.body.contentType !== undefined) headers['Content-Type'] = r.body.contentType;
  else if (r.body.raw !== undefined) headers['Content-Type'] = 'application/json';
  if (r.key !== undefined) headers['Idempotency-Key'] = r.key;
  const token = r.auth === 'citizen' ? citizen : r.auth === 'hospital' ? hospital : r.auth === 'garbage' ? 'eyJhbGciOiJIUzI1NiJ9.e30.garbage' : undefined;
  if (token) headers.Authorization = `Bearer ${token}`;
  return rawRequest(r.e.method, path, headers, r.body.raw);
}

it(`${RUNS} fuzzed requests to every endpoint: never a 5xx, a stack trace or a changed balance`, async () => {
  const start = await money();
  const requests = fc.sample(requestArb, { numRuns: RUNS, seed: SEED });
  s.note(`${RUNS} requests, seed ${SEED} (REL_FUZZ_SEED replays it)`);
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = Date.now();
  const worker = async () => {
    while (next < requests.length) {
      const n = next++;
      const r = requests[n];
      const what = () => `#${n} ${r.e.method} ${r.e.path} (${r.auth}) body ${String(r.body.raw ?? '').slice(0, 100)}`;
      let res: Res;
      try {
        res = await send(r, n);
      } catch (err) {
        if (process.env.REL_DEBUG) console.log('FAILED', what(), 'previous', n > 0 ? `${requests[n - 1].e.method} ${requests[n - 1].e.path} ${String(requests[n - 1].body.raw ?? '').length} ${requests[n - 1].body.contentType} ${JSON.stringify(requests[n-1].id).slice(0,40)}` : '');
        s.check(false, () => `${what()}: request failed: ${String(err)}`);
        continue;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      s.check(res.status < 500, () => `${what()}: ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status >= 500 && process.env.REL_DEBUG) console.log("5xx", what(), JSON.stringify(r.id).slice(0, 80), r.query.slice(0, 60));
      s.check(!looksLikeStack(res.text), () => `${what()}: internal detail in the body: ${res.text.slice(0, 300)}`);
      if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
        let code: unknown;
        try {
          code = JSON.parse(res.text).error?.code;
        } catch {
          code = undefined;
        }
        s.check(typeof code === 'string', () => `${what()}: ${res.status} without an error code: ${res.text.slice(0, 200)}`);
      }
      if (n % 1000 === 999) {
        const now = await money();
        s.check(now === start, () => `after #${n}: money moved ${start} → ${now}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const end = await money();
  s.check(end === start, () => `money moved during the run: ${start} → ${end}`);
  const health = await x.api.get('/healthz');
  s.check(health.status === 200, () => `not healthy after the run: ${health.status}`);
  s.note(`statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))} in ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(s.notes.join('\n'));
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  scanLogs(x.t.logs(), 'fuzz in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});

it('logged no unhandled error', () => {
  const unhandled = x.t.logs().split('\n').filter((l) => l.includes('unhandled error'));
  s.check(unhandled.length === 0, () => `unhandled errors: ${unhandled.slice(0, 3).join('\n')}`);
  expect(failuresOf(s)).toEqual([]);
});
