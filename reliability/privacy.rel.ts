import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demo, W } from '../bff/src/test/helpers';
import { Bff, childOutput } from './support/bff';
import { dumpTables, freshDatabase, openSql } from './support/db';
import { ENGINE, failuresOf, section } from './support/figures';
import { Api, call } from './support/http';
import { findPersonal, registerCitizens, registerCredential, scanLogs } from './support/privacy';

/**
 * Privacy, end to end against the built BFF as a child process at LOG_LEVEL=trace: every line it
 * writes during a full acceptance-style run (right and wrong answers, every endpoint, errors)
 * carries no ID number, phone or token; the database (a dump of every table, and on PGlite the
 * raw files of the data folder, write-ahead log included; on PostgreSQL pg_dump) holds no ID
 * number or phone in clear; every response body was scanned by the client as it came.
 */
const world = demo();
registerCitizens(world.citizens);
for (const h of world.hospitals) registerCredential(h.secret);
const logs = section('Privacy: log lines');
const dump = section('Privacy: database dump');
const citizen = (id: string) => world.citizens.find((c) => c.idNumber === id)!;
/** The openid of a citizen who closes the account (PIPL art. 47): no table, file or dump may keep it. */
const CLOSED_OPENID = 'privacy_closed_account_7f3a';

let bff: Bff;
let url: string | undefined;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  if (ENGINE === 'postgres') ({ url, drop } = await freshDatabase('privacy'));
  // the spec's own clock point: inside the 2027 enrolment windows of the demo world
  bff = await Bff.start({ world, databaseUrl: url, env: { LOG_LEVEL: 'trace', SANDBOX_NOW: '2026-11-24T10:00:00+08:00', QR_TTL_SECONDS: '2' } });
});
afterAll(async () => {
  await bff?.dispose();
  await drop?.();
});

it('a full acceptance-style run writes no ID number, phone or token to any log line', async () => {
  const api = new Api(bff.url);
  const j = (b: unknown) => b;
  // sign-in, refresh (once, and a reuse that revokes the family)
  const s1 = await api.login('privacy_wang');
  const r1 = await api.post('/api/v1/auth/refresh', { refreshToken: s1.refreshToken });
  await api.post('/api/v1/auth/refresh', { refreshToken: s1.refreshToken });
  await api.post('/api/v1/auth/refresh', { refreshToken: r1.body.refreshToken });
  await api.post('/api/v1/auth/login', { code: 'not-a-sandbox-code' });
  // verification: right, wrong, malformed, another account's identity, malformed JSON carrying an ID
  const wang = await api.citizen('privacy_wang2', citizen(W.wang));
  const stranger = (await api.login('privacy_stranger')).accessToken;
  await api.post('/api/v1/identity/verify', { ...citizen(W.wang) }, { auth: stranger });
  await api.post('/api/v1/identity/verify', { ...citizen(W.chen), phone: '13999999999' }, { auth: stranger });
  await api.post('/api/v1/identity/verify', { ...citizen(W.chen), idNumber: W.chen.slice(0, 17) + '0' }, { auth: stranger });
  await call(bff.url, 'POST', '/api/v1/identity/verify', { auth: stranger, raw: `{"idNumber":"${W.ma}","phone":"13800000020",` });
  await call(bff.url, 'POST', '/api/v1/identity/verify', { auth: stranger, raw: `{"name":"马超","idNumber":"${W.ma}","phone":"13800000020","x":"${'y'.repeat(70_000)}"}` });
  // family: minor at once, adults by consent, a refusal, modes, invitations, decline, unbind
  const son = await api.post('/api/v1/family/members', j({ name: '王小明', idNumber: W.wangSon, relation: 'CHILD' }), { auth: wang.token });
  const wife = await api.post('/api/v1/family/members', j({ name: '张丽', idNumber: W.wangWife, relation: 'SPOUSE' }), { auth: wang.token });
  const sister = await api.post('/api/v1/family/members', j({ name: '王芳', idNumber: W.wangSister, relation: 'SIBLING' }), { auth: wang.token });
  await api.post('/api/v1/family/members', j({ name: '赵桂兰', idNumber: W.wangGrandma, relation: 'GRANDPARENT' }), { auth: wang.token });
  await api.post('/api/v1/family/members', j({ name: '错名字', idNumber: W.wangFather, relation: 'PARENT' }), { auth: wang.token });
  const wifeUser = await api.citizen('privacy_wife', citizen(W.wangWife));
  const sisterUser = await api.citizen('privacy_sister', citizen(W.wangSister));
  await api.get('/api/v1/family/invitations', { auth: wifeUser.token });
  await api.post(`/api/v1/family/invitations/${wife.body.memberId}/accept`, undefined, { auth: wifeUser.token });
  await api.post(`/api/v1/family/invitations/${sister.body.memberId}/decline`, undefined, { auth: sisterUser.token });
  await api.put('/api/v1/family/modes', { pay: true, premium: true }, { auth: wang.token });
  await api.get('/api/v1/family/members', { auth: wang.token });
  // products, eligibility, orders (paid, self-pay, refused, replayed, key reused), lists
  await api.get('/api/v1/products', { auth: wang.token });
  await api.post('/api/v1/eligibility', { productId: 'JS-YHB-2027', insured: [wang.personId, son.body.personId, wife.body.personId] }, { auth: wang.token });
  const body = { productId: 'JS-YHB-2027', insured: [wang.personId, son.body.personId], payMethod: 'PERSONAL_ACCOUNT' };
  const paid = await api.post('/api/v1/orders', body, { auth: wang.token, headers: { 'Idempotency-Key': 'privacy-order-1' } });
  await api.post('/api/v1/orders', body, { auth: wang.token, headers: { 'Idempotency-Key': 'privacy-order-1' } });
  await api.post('/api/v1/orders', { ...body, insured: [wife.body.personId] }, { auth: wang.token, headers: { 'Idempotency-Key': 'privacy-order-1' } });
  await api.post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [wife.body.personId], payMethod: 'SELF_PAY' }, { auth: wang.token, headers: { 'Idempotency-Key': 'privacy-order-2' } });
  await api.post('/api/v1/orders', { productId: 'JS-YHB-2026', insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' }, { auth: wang.token, headers: { 'Idempotency-Key': 'privacy-order-3' } });
  await api.post('/api/v1/orders', body, { auth: wang.token });
  await api.get('/api/v1/orders', { auth: wang.token });
  await api.get(`/api/v1/orders/${paid.body.orderId}`, { auth: wang.token });
  await api.get(`/api/v1/orders/${paid.body.orderId}`, { auth: stranger });
  // QR codes and hospital check-ins (right, reused, forged, expired), hospital sessions
  const h = world.hospitals[0];
  const hospital = await api.hospital(h.hospitalId, h.secret);
  await api.post('/api/v1/hospital/sessions', { hospitalId: h.hospitalId, secret: 'wrong-secret' });
  const qr = await api.post('/api/v1/qrcodes', { personId: son.body.personId }, { auth: wang.token });
  const checkIn = await api.post('/api/v1/hospital/check-ins', { token: qr.body.token, department: '儿科' }, { auth: hospital });
  // counter settlement (P-SET): preview, settle, replay, 409, the lists, the statement, refund
  const bill = { checkInId: checkIn.body.checkInId, totalFen: 3500, compliantFen: 3000 };
  await api.post('/api/v1/hospital/settlements/preview', bill, { auth: hospital });
  const settled = await api.post('/api/v1/hospital/settlements', { ...bill, billNo: 'PRIV-1' }, { auth: hospital });
  await api.post('/api/v1/hospital/settlements', { ...bill, billNo: 'PRIV-1' }, { auth: hospital });
  await api.post('/api/v1/hospital/settlements', { ...bill, totalFen: 9999, billNo: 'PRIV-1' }, { auth: hospital });
  await api.get('/api/v1/hospital/settlements', { auth: hospital });
  await api.get('/api/v1/account/ledger', { auth: wang.token });
  await api.get('/api/v1/settlements', { auth: wang.token });
  await api.post(`/api/v1/hospital/settlements/${settled.body.settlementId}/refund`, {}, { auth: hospital });
  await api.get('/api/v1/account/ledger?limit=1', { auth: wang.token });
  await api.post('/api/v1/hospital/check-ins', { token: qr.body.token }, { auth: hospital });
  await api.post('/api/v1/hospital/check-ins', { token: qr.body.token.slice(0, -3) + 'abc' }, { auth: hospital });
  const late = await api.post('/api/v1/qrcodes', { personId: wang.personId }, { auth: wang.token });
  await new Promise((r) => setTimeout(r, 2500)); // QR_TTL_SECONDS=2
  await api.post('/api/v1/hospital/check-ins', { token: late.body.token }, { auth: hospital });
  await api.post('/api/v1/qrcodes', { personId: W.wang }, { auth: wang.token }); // an ID number where a person id belongs
  await api.get(`/api/v1/orders/${W.wangSon}`, { auth: wang.token }); // an ID number in a path
  await api.get('/api/v1/notices');
  await api.get('/api/docs');
  await api.delete(`/api/v1/family/members/${son.body.memberId}`, { auth: wang.token });
  await api.get('/api/v1/me', { auth: wang.token });
  // the export (scanned like every body) and an account closed (API.md "Your data")
  await api.get('/api/v1/me/export', { auth: wang.token });
  const leaver = await api.citizen(CLOSED_OPENID, citizen(W.huang));
  await api.get('/api/v1/me/export', { auth: leaver.token });
  logs.check((await api.delete('/api/v1/me', { auth: leaver.token })).status === 204, () => 'DELETE /me did not close the account');

  const text = bff.log();
  logs.check(text.split("\n").length > 50, () => `only ${text.split('\n').length} log lines`);
  logs.check(text.includes('"path":"/api/v1/orders"'), () => 'the request log is missing');
  scanLogs(text, 'privacy BFF (trace)');
  // and every other child BFF this file started (there is one) plus anything printed on stderr
  scanLogs(childOutput(), 'all child output');
  expect(failuresOf(logs)).toEqual([]);
});

it('the database holds no ID number or phone in clear (every table, and the raw files or pg_dump)', async () => {
  await bff.stop();
  const db = await openSql(url ? { url } : { dataDir: bff.dataDir });
  try {
    const { tables, text } = await dumpTables(db);
    dump.check(tables.includes('sb_citizens') && tables.includes('persons') && text.includes('王建国'), () => `dump incomplete: ${tables}`);
    const found = findPersonal(text);
    dump.check(found.length === 0, () => `rows carry ${found.map((s) => s.slice(0, 3) + '…').join(', ')}`);
    dump.check(!text.includes(CLOSED_OPENID), () => 'a row keeps the openid of a closed account');
    for (const t of tables) dump.check(true, () => t); // one case per table dumped
  } finally {
    await db.close();
  }
  if (url) {
    // pg_dump: the whole database as PostgreSQL would back it up
    const out = execFileSync('pg_dump', ['--no-owner', '--data-only', url], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    dump.check(out.includes('COPY'), () => 'pg_dump wrote no data');
    const found = findPersonal(out);
    dump.check(found.length === 0, () => `pg_dump carries ${found.map((s) => s.slice(0, 3) + '…').join(', ')}`);
    dump.check(!out.includes(CLOSED_OPENID), () => 'pg_dump keeps the openid of a closed account');
  } else {
    // every byte of the data folder: heap files, indexes, the write-ahead log, secrets.json
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) files.push(p);
      }
    };
    walk(bff.dataDir);
    dump.check(files.some((f) => f.includes('pg_wal')), () => 'no write-ahead log in the data folder');
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      const found = findPersonal(bytes.toString('latin1'));
      dump.check(found.length === 0, () => `${path.relative(bff.dataDir, f)} carries ${found.map((s) => s.slice(0, 3) + '…').join(', ')}`);
      // openids are stored only as keyed digests, so not even a deleted row's bytes keep one
      dump.check(!bytes.includes(CLOSED_OPENID), () => `${path.relative(bff.dataDir, f)} keeps the openid of a closed account`);
    }
    dump.note(`PGlite: ${files.length} files of the data folder scanned`);
  }
  expect(failuresOf(dump)).toEqual([]);
});
