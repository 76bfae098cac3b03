import { sql } from 'drizzle-orm';
import { bind, enablePremium } from './test/family-setup';
import { makeApp, TestApp, W } from './test/helpers';

/**
 * Privacy (API.md Conventions): a full run writes no ID number or phone to the log, the
 * database holds them only sealed (this includes the sandbox upstream's own tables), and no
 * response carries them.
 */
let t: TestApp;
const bodies: string[] = [];
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

function secrets(): string[] {
  return t.world.citizens.flatMap((c) => [c.idNumber, c.idNumber.toLowerCase(), c.phone, c.idNumber.slice(0, 17)]);
}

it('a full run: sign-in, verification (right and wrong), family, eligibility, orders, QR, check-in, errors', async () => {
  const keep = (res: { text: string }) => {
    bodies.push(res.text);
    return res;
  };
  const wang = await t.citizen(W.wang);
  keep(await t.http().get('/api/v1/me').set(wang.auth));
  const stranger = await t.login();
  const sAuth = { Authorization: `Bearer ${stranger.accessToken}` };
  keep(await t.http().post('/api/v1/identity/verify').set(sAuth).send({ name: '王建国', idNumber: W.wang, phone: '13800000001' })); // 409
  keep(await t.http().post('/api/v1/identity/verify').set(sAuth).send({ name: '陈志强', idNumber: W.chen, phone: '13800000099' })); // 422
  keep(await t.http().post('/api/v1/identity/verify').set(sAuth).send({ name: '陈志强', idNumber: W.chen.slice(0, 17) + '0', phone: '13800000008' })); // 400
  const son = await bind(t, wang.auth, W.wangSon, 'CHILD');
  const wife = await bind(t, wang.auth, W.wangWife, 'SPOUSE');
  keep(await t.http().post('/api/v1/family/members').set(wang.auth).send({ name: '赵桂兰', idNumber: W.wangGrandma, relation: 'GRANDPARENT' }));
  await enablePremium(t, wang.auth);
  keep(await t.http().get('/api/v1/family/members').set(wang.auth));
  keep(await t.http().post('/api/v1/eligibility').set(wang.auth).send({ productId: 'JS-YHB-2027', insured: [wang.personId, son.personId, wife.personId] }));
  keep(await t.http().post('/api/v1/orders').set(wang.auth).set('Idempotency-Key', 'privacy-run-1').send({ productId: 'JS-YHB-2027', insured: [wang.personId, son.personId], payMethod: 'PERSONAL_ACCOUNT' }));
  keep(await t.http().get('/api/v1/orders').set(wang.auth));
  const qr = keep(await t.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: son.personId }));
  const hospital = await t.hospital();
  keep(await t.http().post('/api/v1/hospital/check-ins').set(hospital).send({ token: JSON.parse(qr.text).token, department: '儿科' }));
  keep(await t.http().get('/api/v1/family/invitations').set((await t.citizen(W.wangWife)).auth));
  keep(await t.http().post('/api/v1/identity/verify').set(sAuth).set('Content-Type', 'application/json').send(`{"idNumber":"${W.ma}","phone":"13800000020",`)); // malformed JSON carrying an ID

  const logs = t.logs();
  expect(logs.length).toBeGreaterThan(1000);
  expect(logs).toContain('"path":"/api/v1/orders"');
  for (const s of secrets()) {
    expect(logs).not.toContain(s);
    for (const body of bodies) expect(body).not.toContain(s);
  }
});

it('the database holds no ID number or phone in clear, in any table (BFF and sandbox upstream)', async () => {
  const tables = (await t.database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  )) as unknown as { rows: { table_name: string }[] };
  const names = tables.rows.map((r) => r.table_name);
  expect(names).toEqual(expect.arrayContaining(['sb_citizens', 'persons', 'users', 'orders']));
  let dump = '';
  for (const name of names) {
    const rows = (await t.database.db.execute(sql.raw(`select row_to_json(x)::text as j from "${name}" x`))) as unknown as { rows: { j: string }[] };
    dump += rows.rows.map((r) => r.j).join('\n');
  }
  expect(dump).toContain('王建国'); // names are kept (masked on the way out)
  for (const s of secrets()) expect(dump).not.toContain(s);
});

it('an ID number, phone or token put in a URL path is masked in the request log (reliability suite, fuzzing)', async () => {
  const wang = await t.citizen(W.wang);
  const encoded = [...W.wangMother].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
  const jwtish = wang.token;
  for (const path of [`/api/v1/orders/${W.wangSon}`, `/api/v1/orders/${encoded}`, '/api/v1/orders/13800000005', `/api/v1/family/members/${W.wangWife.toLowerCase()}`, `/api/v1/x/${jwtish}`, `/api/v1/orders/%/${W.chen}`]) {
    const res = await t.http().get(path).set(wang.auth);
    expect(res.status).toBe(404);
  }
  const logs = t.logs();
  expect(logs).toContain('[redacted]');
  for (const s of [...secrets(), jwtish]) expect(logs).not.toContain(s);
});
