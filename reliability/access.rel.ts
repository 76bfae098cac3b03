import { sql } from 'drizzle-orm';
import { W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import type { Res } from './support/http';
import { InProc, startInProc } from './support/inproc';
import { scanLogs } from './support/privacy';

/**
 * Access-control matrix: for every endpoint that takes an id (member, order, person, QR person),
 * another user's request with the owner's ids is refused and changes nothing (the database is
 * compared before and after every single request). The owner's own request is the control.
 */
const s = section('Hostile: access-control matrix');
let x: InProc;

type Auth = string;
interface Owner {
  name: string;
  token: Auth;
  personId: string;
  orders: string[];
  members: { memberId: string; personId: string; status: string; invitee?: Auth }[];
}
const users: Record<string, { token: Auth; personId?: string }> = {};
let A: Owner;
let B: Owner;

const STATE_TABLES = ['bindings', 'family_modes', 'orders', 'order_items', 'enrolments', 'check_ins', 'idempotency_keys', 'sb_ledger', 'sb_citizens', 'sb_enrolments', 'persons', 'settlements', 'account_ledger', 'sb_outpatient'];
async function state(): Promise<string> {
  let out = '';
  for (const table of STATE_TABLES) {
    const r = (await x.t.database.db.execute(
      sql.raw(`select coalesce(md5(string_agg(j, '|' order by j)), '-') as h, count(*)::int as n from (select row_to_json(t)::text as j from "${table}" t) q`),
    )) as unknown as { rows: { h: string; n: number }[] };
    out += `${table}:${r.rows[0].n}:${r.rows[0].h};`;
  }
  return out;
}

const post = (path: string, body: unknown, token: Auth, headers?: Record<string, string>) => x.api.post(path, body, { auth: token, headers });

beforeAll(async () => {
  x = await startInProc();
  const api = x.api;
  const verified = async (openid: string, idNumber: string) => {
    const c = x.t.world.citizens.find((z) => z.idNumber === idNumber)!;
    return api.citizen(openid, c);
  };
  const bindAs = async (owner: { token: Auth }, idNumber: string, relation: string) => {
    const c = x.t.world.citizens.find((z) => z.idNumber === idNumber)!;
    const res = await post('/api/v1/family/members', { name: c.name, idNumber, relation }, owner.token);
    if (res.status !== 201) throw new Error(`bind: ${res.status} ${res.text}`);
    return res.body as { memberId: string; personId: string; status: string };
  };
  // A: 王建国 with a minor son (ACTIVE), his wife (ACTIVE after consent), father and mother (pending)
  const a = await verified('acl_a', W.wang);
  const wife = await verified('acl_wife', W.wangWife);
  const aSon = await bindAs(a, W.wangSon, 'CHILD');
  const aWife = await bindAs(a, W.wangWife, 'SPOUSE');
  expect((await post(`/api/v1/family/invitations/${aWife.memberId}/accept`, undefined, wife.token)).status).toBe(200);
  const aFather = await bindAs(a, W.wangFather, 'PARENT');
  const aMother = await bindAs(a, W.wangMother, 'PARENT');
  expect((await api.put('/api/v1/family/modes', { pay: true, premium: true }, { auth: a.token })).status).toBe(200);
  const aPaid = await post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [a.personId, aSon.personId], payMethod: 'PERSONAL_ACCOUNT' }, a.token, { 'Idempotency-Key': 'acl-a-paid-1' });
  const aSelf = await post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [aWife.personId], payMethod: 'SELF_PAY' }, a.token, { 'Idempotency-Key': 'acl-a-self-1' });
  expect([aPaid.status, aSelf.status]).toEqual([201, 201]);
  A = {
    name: 'A (王建国)',
    token: a.token,
    personId: a.personId,
    orders: [aPaid.body.orderId, aSelf.body.orderId],
    members: [
      { ...aSon, status: 'ACTIVE' },
      { ...aWife, status: 'ACTIVE', invitee: wife.token },
      { ...aFather, status: 'PENDING_CONSENT' },
      { ...aMother, status: 'PENDING_CONSENT' },
    ],
  };
  // B: 钱进 with a minor son (ACTIVE) and his wife (pending), one self-pay order
  const b = await verified('acl_b', W.qian);
  const bSon = await bindAs(b, W.qianSon, 'CHILD');
  const bWife = await bindAs(b, W.qianWife, 'SPOUSE');
  expect((await api.put('/api/v1/family/modes', { pay: true, premium: true }, { auth: b.token })).status).toBe(200);
  const bOrder = await post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [bSon.personId], payMethod: 'SELF_PAY' }, b.token, { 'Idempotency-Key': 'acl-b-self-1' });
  expect(bOrder.status).toBe(201);
  B = { name: 'B (钱进)', token: b.token, personId: b.personId, orders: [bOrder.body.orderId], members: [{ ...bSon, status: 'ACTIVE' }, { ...bWife, status: 'PENDING_CONSENT' }] };
  users.B = b;
  users.A = a;
  users.M = wife; // a member of A's network (not its owner)
  users.C = await verified('acl_c', W.chen); // a verified stranger
  users.U = { token: (await api.login('acl_unverified')).accessToken }; // signed in, not verified
});
afterAll(() => x?.close());

/** A request that must be refused and must leave the database as it was. */
async function refused(label: string, send: () => Promise<Res>, ok: (r: Res) => boolean = (r) => [403, 404, 422].includes(r.status)) {
  const before = await state();
  const res = await send();
  const after = await state();
  s.check(ok(res), () => `${label}: ${res.status} ${res.text.slice(0, 160)}`);
  s.check(before === after, () => `${label}: the database changed (${res.status})`);
  return res;
}

function matrix(ownerOf: () => Owner, attackers: string[]) {
  it(`another user's requests with ${'the owner'}'s ids are refused and change nothing (attackers ${attackers.join(', ')})`, async () => {
    const owner = ownerOf();
    // control: the owner can reach every id
    for (const o of owner.orders) s.check((await x.api.get(`/api/v1/orders/${o}`, { auth: owner.token })).status === 200, () => `control: ${owner.name} cannot read own order`);
    const active = owner.members.find((m) => m.status === 'ACTIVE')!;
    s.check((await post('/api/v1/qrcodes', { personId: active.personId }, owner.token)).status === 201, () => `control: ${owner.name} cannot show own member's code`);

    for (const who of attackers) {
      const token = users[who].token;
      const tag = `${who} → ${owner.name}`;
      for (const o of owner.orders) {
        await refused(`${tag} GET /orders/${o}`, () => x.api.get(`/api/v1/orders/${o}`, { auth: token }));
        // #14 finding 4: nobody pays, confirms or cancels another user's order
        await refused(`${tag} POST /orders/${o}/payment`, () => post(`/api/v1/orders/${o}/payment`, undefined, token));
        await refused(`${tag} POST /orders/${o}/payment/confirm`, () => post(`/api/v1/orders/${o}/payment/confirm`, undefined, token, { 'Idempotency-Key': `acl-confirm-${o}` }));
        await refused(`${tag} POST /orders/${o}/cancel`, () => post(`/api/v1/orders/${o}/cancel`, undefined, token));
      }
      for (const m of owner.members) {
        if (m.invitee === token) continue; // a member may unbind herself (P-FAM-8)
        await refused(`${tag} DELETE /family/members/${m.memberId} (${m.status})`, () => x.api.delete(`/api/v1/family/members/${m.memberId}`, { auth: token }));
        for (const action of ['accept', 'decline']) {
          await refused(`${tag} POST /family/invitations/${m.memberId}/${action}`, () => post(`/api/v1/family/invitations/${m.memberId}/${action}`, undefined, token));
        }
      }
      const persons = [owner.personId, ...owner.members.map((m) => m.personId)];
      for (const p of persons) {
        if (p === users[who].personId) continue; // oneself
        await refused(`${tag} POST /qrcodes {personId: ${p}}`, () => post('/api/v1/qrcodes', { personId: p }, token));
        // #14 finding 7: what became of someone else's code (where they were checked in, their bills) is theirs
        await refused(`${tag} GET /qrcodes/current?personId=${p}`, () => x.api.get(`/api/v1/qrcodes/current?personId=${encodeURIComponent(p)}`, { auth: token }));
        await refused(
          `${tag} POST /eligibility {insured: [${p}]}`,
          () => post('/api/v1/eligibility', { productId: 'JS-YHB-2027', insured: [p] }, token),
          (r) => [403, 404, 422].includes(r.status) || (r.status === 200 && r.body.eligible === false && !/masked|王\*|钱\*|张\*|李\*/.test(r.text)),
        );
        for (const payMethod of ['PERSONAL_ACCOUNT', 'SELF_PAY']) {
          await refused(`${tag} POST /orders ${payMethod} {insured: [${p}]}`, () =>
            post('/api/v1/orders', { productId: 'JS-YHB-2027', insured: [p], payMethod }, token, { 'Idempotency-Key': `acl-${who}-${p}-${payMethod}`.slice(0, 64) }),
          );
        }
      }
      // ids of one kind used as another
      await refused(`${tag} GET /orders/{a memberId}`, () => x.api.get(`/api/v1/orders/${owner.members[0].memberId}`, { auth: token }));
      await refused(`${tag} GET /orders/{a personId}`, () => x.api.get(`/api/v1/orders/${owner.personId}`, { auth: token }));
      await refused(`${tag} DELETE /family/members/{an orderId}`, () => x.api.delete(`/api/v1/family/members/${owner.orders[0]}`, { auth: token }));
      await refused(`${tag} DELETE /family/members/{a personId}`, () => x.api.delete(`/api/v1/family/members/${owner.members[0].personId}`, { auth: token }));
      // and the attacker's own lists never show the owner's ids
      if (who !== 'U') {
        const lists = [
          await x.api.get('/api/v1/orders', { auth: token }),
          await x.api.get('/api/v1/family/members', { auth: token }),
          await x.api.get('/api/v1/family/invitations', { auth: token }),
        ];
        for (const l of lists) {
          const leaked = [...owner.orders, ...owner.members.filter((m) => m.invitee !== token).map((m) => m.memberId)].filter((id) => l.text.includes(id));
          s.check(leaked.length === 0, () => `${tag}: own lists show ${leaked}`);
        }
      }
    }
    expect(failuresOf(s)).toEqual([]);
  });
}

matrix(() => A, ['B', 'M', 'C', 'U']);
matrix(() => B, ['A', 'M', 'C', 'U']);

it('P-FAM-10: a member cannot show the organizer\'s code, nor a fellow member\'s', async () => {
  await refused('M → A POST /qrcodes {organizer}', () => post('/api/v1/qrcodes', { personId: A.personId }, users.M.token));
  await refused('M → A POST /qrcodes {son}', () => post('/api/v1/qrcodes', { personId: A.members[0].personId }, users.M.token));
  await refused('M → A GET /qrcodes/current {organizer}', () => x.api.get(`/api/v1/qrcodes/current?personId=${encodeURIComponent(A.personId)}`, { auth: users.M.token }));
  expect(failuresOf(s)).toEqual([]);
});

it("P-SET-1, P-SET-7: another hospital's check-in and settlement are 404, token kinds never cross, and no other citizen sees a bill", async () => {
  const [h1, h2] = x.t.world.hospitals;
  const one = await x.api.hospital(h1.hospitalId, h1.secret);
  const two = await x.api.hospital(h2.hospitalId, h2.secret);
  const son = A.members[0];
  const qr = await post('/api/v1/qrcodes', { personId: son.personId }, A.token);
  const checkInId = (await post('/api/v1/hospital/check-ins', { token: qr.body.token }, one)).body.checkInId as string;
  const settled = await post('/api/v1/hospital/settlements', { checkInId, billNo: 'ACL-1', totalFen: 3500, compliantFen: 3000 }, one);
  s.check(settled.status === 201 && settled.body.family.length === 1, () => `control: settlement ${settled.status} ${settled.text.slice(0, 160)}`);
  const settlementId = settled.body.settlementId as string;
  const bill = { checkInId, totalFen: 100, compliantFen: 0 };
  await refused('H2 → H1 preview', () => post('/api/v1/hospital/settlements/preview', bill, two), (r) => r.status === 404);
  await refused('H2 → H1 settle', () => post('/api/v1/hospital/settlements', { ...bill, billNo: 'ACL-2' }, two), (r) => r.status === 404);
  await refused('H2 → H1 settle with the same bill number', () => post('/api/v1/hospital/settlements', { ...bill, billNo: 'ACL-1' }, two), (r) => r.status === 404);
  await refused('H2 → H1 refund', () => post(`/api/v1/hospital/settlements/${settlementId}/refund`, undefined, two), (r) => r.status === 404);
  await refused('H2 → refund of a checkInId', () => post(`/api/v1/hospital/settlements/${checkInId}/refund`, undefined, two), (r) => r.status === 404);
  const list = await x.api.get('/api/v1/hospital/settlements', { auth: two });
  s.check(list.status === 200 && !list.text.includes(settlementId), () => `H2's list shows H1's settlement`);
  for (const who of ['A', 'B', 'M', 'C', 'U']) {
    const token = users[who].token;
    await refused(`${who} (citizen token) → preview`, () => post('/api/v1/hospital/settlements/preview', bill, token), (r) => r.status === 401);
    await refused(`${who} (citizen token) → settle`, () => post('/api/v1/hospital/settlements', { ...bill, billNo: `ACL-${who}` }, token), (r) => r.status === 401);
    await refused(`${who} (citizen token) → refund`, () => post(`/api/v1/hospital/settlements/${settlementId}/refund`, undefined, token), (r) => r.status === 401);
    s.check((await x.api.get('/api/v1/hospital/settlements', { auth: token })).status === 401, () => `${who}: hospital list with a citizen token`);
  }
  for (const path of ['/api/v1/account/ledger', '/api/v1/settlements']) {
    s.check((await x.api.get(path, { auth: one })).status === 401, () => `hospital token on ${path}`);
  }
  // the organizer sees it (P-SET-7); nobody else does
  s.check((await x.api.get('/api/v1/settlements', { auth: A.token })).text.includes(settlementId), () => 'control: A does not see the bill A paid');
  for (const who of ['B', 'M', 'C']) {
    for (const path of ['/api/v1/settlements', '/api/v1/account/ledger?limit=100']) {
      const r = await x.api.get(path, { auth: users[who].token });
      s.check(r.status === 200 && !r.text.includes(settlementId), () => `${who}: ${path} shows A's bill`);
    }
  }
  expect(failuresOf(s)).toEqual([]);
});

it('wrote no ID number, phone or token in any log line', () => {
  scanLogs(x.t.logs(), 'access-control in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
