import { demo, makeApp, TestApp, W } from '../../test/helpers';

type Auth = { Authorization: string };
const codes = (res: { body: { error: { reasons: { code: string }[] } } }) => res.body.error.reasons.map((r) => r.code).sort();
const NAMES: Record<string, string> = {};

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
  for (const c of t.world.citizens) NAMES[c.idNumber] = c.name;
});
afterAll(() => t.close());

const add = (app: TestApp, auth: Auth, idNumber: string, relation: string, name = NAMES[idNumber]) =>
  app.http().post('/api/v1/family/members').set(auth).send({ name, idNumber, relation });

describe('POST /family/members (P-FAM)', () => {
  let wang: Auth;
  beforeAll(async () => {
    wang = (await t.citizen(W.wang)).auth;
  });

  it('201 PENDING_CONSENT for an adult spouse (P-FAM-6), with no ID number in the answer', async () => {
    const res = await add(t, wang, W.wangWife, 'SPOUSE');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ memberId: expect.any(String), personId: expect.any(String), relation: 'SPOUSE', status: 'PENDING_CONSENT' });
  });

  it('201 ACTIVE at once for a minor child bound by the parent (P-FAM-6)', async () => {
    const res = await add(t, wang, W.wangSon, 'CHILD');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('ACTIVE');
  });

  it('a RESIDENT parent elsewhere in the province may be bound (P-FAM-2, P-FAM-4 PROVINCE)', async () => {
    const res = await add(t, wang, W.wangFather, 'PARENT');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('PENDING_CONSENT');
  });

  it.each([
    ['REGION_NOT_ALLOWED: a grandparent insured in Anhui (P-FAM-4)', W.wangGrandma, 'GRANDPARENT', undefined, ['REGION_NOT_ALLOWED']],
    ['RELATION_UNVERIFIED: the registry does not know it (P-FAM-5)', W.chen, 'SIBLING', undefined, ['RELATION_UNVERIFIED']],
    ['RELATION_UNVERIFIED only: the son declared a parent (P-FAM-11)', W.wangSon, 'PARENT', undefined, ['RELATION_UNVERIFIED']],
    ['MEMBER_NOT_ACTIVE: a suspended EMPLOYEE parent (P-FAM-2)', W.wangSuspendedParent, 'PARENT', undefined, ['MEMBER_NOT_ACTIVE']],
    ['SELF_BINDING (P-FAM-8)', W.wang, 'SPOUSE', undefined, ['SELF_BINDING']],
    ['DUPLICATE_MEMBER (P-FAM-8)', W.wangWife, 'SPOUSE', undefined, ['DUPLICATE_MEMBER']],
    ['RELATION_UNVERIFIED: unknown to the registry (P-FAM-11)', '11010519491231002X', 'PARENT', '张三', ['RELATION_UNVERIFIED']],
    ['RELATION_UNVERIFIED: wrong name for the ID number (P-FAM-11)', W.wangMother, 'PARENT', '李秀兰', ['RELATION_UNVERIFIED']],
  ])('422 NOT_ELIGIBLE %s', async (_l, idNumber, relation, name, expected) => {
    const res = await add(t, wang, idNumber, relation, name ?? NAMES[idNumber]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('NOT_ELIGIBLE');
    expect(codes(res)).toEqual(expected);
    for (const r of res.body.error.reasons) expect(typeof r.message).toBe('string');
  });

  it('P-FAM-11: an unknown ID, a wrong name, a stranger and a wrong relation get the same answer, nothing of their insurance', async () => {
    const ma = (await t.citizen(W.qian)).auth;
    const answers = await Promise.all([
      add(t, ma, '11010519491231002X', 'PARENT', '张三'), // unknown ID number
      add(t, ma, W.zheng, 'PARENT', '郑某'), // a real person, wrong name
      add(t, ma, W.zheng, 'SIBLING'), // a suspended employee, no relative
      add(t, ma, W.ma, 'SPOUSE'), // insured in Henan, no relative
      add(t, ma, W.qianFather, 'SIBLING'), // a relative of another relation
    ]);
    for (const res of answers) {
      expect(res.status).toBe(422);
      expect(res.body).toEqual(answers[0].body);
    }
    expect(answers[0].body.error.reasons).toEqual([{ code: 'RELATION_UNVERIFIED', message: expect.any(String) }]);
  });

  it('P-FAM-11: no member check for a caller who cannot organise (P-FAM-1), whoever they name', async () => {
    const chen = (await t.citizen(W.chen)).auth;
    expect(codes(await add(t, chen, W.zheng, 'SIBLING'))).toEqual(['ORGANIZER_NOT_EMPLOYEE']);
    expect(codes(await add(t, chen, '11010519491231002X', 'PARENT', '张三'))).toEqual(['ORGANIZER_NOT_EMPLOYEE']);
  });

  it('P-FAM-11: 10 failed attempts in 24 h, then 429 RATE_LIMITED even for a real relative; another user is not affected', async () => {
    const app = await makeApp();
    try {
      const huang = (await app.citizen(W.huang)).auth;
      for (let i = 0; i < 10; i++) expect((await add(app, huang, W.zheng, 'SIBLING')).status).toBe(422);
      const locked = await add(app, huang, W.wangWife, 'SPOUSE');
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('RATE_LIMITED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(23 * 3600);
      const other = (await app.citizen(W.wang)).auth;
      expect((await add(app, other, W.wangWife, 'SPOUSE')).status).toBe(201);
      app.clock.advance(24 * 3600_000 + 1000);
      const again = (await app.citizen(W.huang)).auth;
      expect((await add(app, again, W.zheng, 'SIBLING')).status).toBe(422);
    } finally {
      await app.close();
    }
  });

  it('P-FAM-11: successes do not count towards the limit', async () => {
    const app = await makeApp({ rateLimits: { bindingFailuresPerUser: { limit: 2, windowMs: 24 * 3600_000 } } });
    try {
      const wangA = (await app.citizen(W.wang)).auth;
      for (const [id, rel] of [[W.wangWife, 'SPOUSE'], [W.wangSon, 'CHILD'], [W.wangFather, 'PARENT']] as const) expect((await add(app, wangA, id, rel)).status).toBe(201);
      expect((await add(app, wangA, W.zheng, 'SIBLING')).status).toBe(422);
      expect((await add(app, wangA, W.zheng, 'SIBLING')).status).toBe(422);
      expect((await add(app, wangA, W.zheng, 'SIBLING')).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('422 ORGANIZER_NOT_EMPLOYEE for a resident organizer; ORGANIZER_NOT_ACTIVE for a suspended one (P-FAM-1)', async () => {
    const chen = (await t.citizen(W.chen)).auth;
    expect(codes(await add(t, chen, W.wangWife, 'SPOUSE'))).toContain('ORGANIZER_NOT_EMPLOYEE');
    const zheng = (await t.citizen(W.zheng)).auth;
    expect(codes(await add(t, zheng, W.chen, 'SIBLING'))).toEqual(['ORGANIZER_NOT_ACTIVE']);
  });

  it.each([
    [{ name: '张丽', idNumber: '123', relation: 'SPOUSE' }, ['ID_INVALID']],
    [{ name: '张丽', idNumber: W.wangWife, relation: 'COUSIN' }, ['RELATION_INVALID']],
    [{ idNumber: W.wangWife, relation: 'SPOUSE' }, ['NAME_INVALID']],
  ])('400 VALIDATION_FAILED %j', async (body, expected) => {
    const res = await t.http().post('/api/v1/family/members').set(wang).send(body);
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(expected);
  });

  it('GET /family/members lists the network, masked; a pending adult shows only name, gender and relation (API.md Family, PIPL)', async () => {
    const res = await t.http().get('/api/v1/family/members').set(wang);
    expect(res.status).toBe(200);
    expect(res.body.modes).toEqual({ pay: false, premium: false });
    expect(res.body.members).toHaveLength(3);
    const wife = res.body.members.find((m: { relation: string }) => m.relation === 'SPOUSE');
    expect(wife).toEqual({
      memberId: expect.any(String),
      personId: expect.any(String),
      relation: 'SPOUSE',
      status: 'PENDING_CONSENT',
      maskedName: '张*',
      gender: 'F',
    });
    const son = res.body.members.find((m: { relation: string }) => m.relation === 'CHILD');
    expect(son).toEqual({
      memberId: expect.any(String),
      personId: expect.any(String),
      relation: 'CHILD',
      status: 'ACTIVE',
      maskedName: '王**',
      maskedIdNumber: '320***********0151',
      gender: 'M',
      age: 11,
      insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/\d{17}[\dX]|1380000\d{4}/);
  });
});

describe('PUT /family/modes (P-FAM-7)', () => {
  it('200 {modes}, and GET shows them', async () => {
    const qian = (await t.citizen(W.qian)).auth;
    const res = await t.http().put('/api/v1/family/modes').set(qian).send({ pay: true, premium: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ modes: { pay: true, premium: false } });
    expect((await t.http().get('/api/v1/family/members').set(qian)).body.modes).toEqual({ pay: true, premium: false });
  });
  it('400 for non-boolean modes; 422 ORGANIZER_NOT_EMPLOYEE for a resident (P-FAM-1)', async () => {
    const qian = (await t.citizen(W.huang)).auth;
    expect((await t.http().put('/api/v1/family/modes').set(qian).send({ pay: 'yes', premium: true })).status).toBe(400);
    const resident = (await t.citizen(W.qianWife)).auth;
    const res = await t.http().put('/api/v1/family/modes').set(resident).send({ pay: true, premium: true });
    expect(res.status).toBe(422);
    expect(codes(res)).toEqual(['ORGANIZER_NOT_EMPLOYEE']);
  });
});

describe('Invitations and unbinding (P-FAM-6, P-FAM-8)', () => {
  let liu: Auth;
  let liuWife: Auth;
  let liuBrother: Auth;
  beforeAll(async () => {
    liu = (await t.citizen(W.liu)).auth;
    liuWife = (await t.citizen(W.liuWife)).auth;
    liuBrother = (await t.citizen(W.liuBrother)).auth;
  });

  it('the member sees the invitation with the organizer masked, accepts, and the binding is ACTIVE', async () => {
    const { body: created } = await add(t, liu, W.liuWife, 'SPOUSE');
    const inv = await t.http().get('/api/v1/family/invitations').set(liuWife);
    expect(inv.status).toBe(200);
    // API.md: relation = what the caller is to the organizer; organizer.relation = the reverse; modes = what agreeing allows
    expect(inv.body).toEqual([{ memberId: created.memberId, relation: 'SPOUSE', organizer: { maskedName: '刘**', gender: 'M', relation: 'SPOUSE' }, modes: { pay: false, premium: false } }]);
    expect((await t.http().get('/api/v1/family/memberships').set(liuWife)).body).toEqual([]);
    // nobody else can answer it
    expect((await t.http().post(`/api/v1/family/invitations/${created.memberId}/accept`).set(liuBrother)).status).toBe(404);
    expect((await t.http().post(`/api/v1/family/invitations/${created.memberId}/accept`).set(liu)).status).toBe(404);
    const acc = await t.http().post(`/api/v1/family/invitations/${created.memberId}/accept`).set(liuWife);
    expect(acc.status).toBe(200);
    expect(acc.body).toEqual({ status: 'ACTIVE' });
    expect((await t.http().post(`/api/v1/family/invitations/${created.memberId}/accept`).set(liuWife)).status).toBe(404);
    const list = await t.http().get('/api/v1/family/members').set(liu);
    expect(list.body.members.find((m: { memberId: string }) => m.memberId === created.memberId).status).toBe('ACTIVE');
    expect((await t.http().get('/api/v1/family/invitations').set(liuWife)).body).toEqual([]);
    // GET /family/memberships: the network she joined
    expect((await t.http().get('/api/v1/family/memberships').set(liuWife)).body).toEqual([
      { memberId: created.memberId, relation: 'SPOUSE', status: 'ACTIVE', organizer: { maskedName: '刘**' }, modes: { pay: false, premium: false } },
    ]);
  });

  it('API.md invitations from the invitee’s side: a son invites his father — the father is PARENT, the organizer his CHILD, with the modes', async () => {
    const app = await makeApp();
    try {
      const son = (await app.citizen(W.wang)).auth;
      const father = (await app.citizen(W.wangFather)).auth;
      await app.http().put('/api/v1/family/modes').set(son).send({ pay: true, premium: true });
      const { body: created } = await add(app, son, W.wangFather, 'PARENT');
      const inv = await app.http().get('/api/v1/family/invitations').set(father);
      expect(inv.body).toEqual([{ memberId: created.memberId, relation: 'PARENT', organizer: { maskedName: '王**', gender: 'M', relation: 'CHILD' }, modes: { pay: true, premium: true } }]);
      await app.http().post(`/api/v1/family/invitations/${created.memberId}/accept`).set(father);
      const joined = await app.http().get('/api/v1/family/memberships').set(father);
      expect(joined.body).toEqual([{ memberId: created.memberId, relation: 'PARENT', status: 'ACTIVE', organizer: { maskedName: '王**' }, modes: { pay: true, premium: true } }]);
      // the member leaves with DELETE /family/members/{memberId}
      expect((await app.http().delete(`/api/v1/family/members/${created.memberId}`).set(father)).status).toBe(204);
      expect((await app.http().get('/api/v1/family/memberships').set(father)).body).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('declining → {status:"DECLINED"} and the binding leaves the list; it can be asked again', async () => {
    const { body: created } = await add(t, liu, W.liuBrother, 'SIBLING');
    const res = await t.http().post(`/api/v1/family/invitations/${created.memberId}/decline`).set(liuBrother);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'DECLINED' });
    const list = await t.http().get('/api/v1/family/members').set(liu);
    expect(list.body.members.map((m: { memberId: string }) => m.memberId)).not.toContain(created.memberId);
    expect((await add(t, liu, W.liuBrother, 'SIBLING')).status).toBe(201);
  });

  it('#14 finding 10: the organizer is told of a decline (declined on GET /family/members) for 30 days, and not once invited again', async () => {
    const app = await makeApp();
    try {
      const son = (await app.citizen(W.wang)).auth;
      const father = (await app.citizen(W.wangFather)).auth;
      const before = await app.http().get('/api/v1/family/members').set(son);
      expect(before.body).not.toHaveProperty('declined'); // additive: absent when there is nothing to tell
      const { body: created } = await add(app, son, W.wangFather, 'PARENT');
      app.clock.advance(60_000);
      expect((await app.http().post(`/api/v1/family/invitations/${created.memberId}/decline`).set(father)).status).toBe(200);
      const told = await app.http().get('/api/v1/family/members').set(son);
      expect(told.body.members).toEqual([]);
      // only what the organizer knew when inviting, and when it was declined: no age, ID or insurance
      expect(told.body.declined).toEqual([
        { memberId: created.memberId, personId: created.personId, relation: 'PARENT', maskedName: '王**', gender: 'M', declinedAt: '2026-11-24T10:01:00+08:00' },
      ]);
      // 30 days after the answer it is still said; a moment later it is not
      // (signing in again after each clock move: tokens live by the same clock)
      const sonNow = async () => (await app.citizen(W.wang)).auth;
      app.clock.advance(30 * 24 * 3600_000);
      expect((await app.http().get('/api/v1/family/members').set(await sonNow())).body.declined).toHaveLength(1);
      app.clock.advance(1000);
      expect((await app.http().get('/api/v1/family/members').set(await sonNow())).body).not.toHaveProperty('declined');
      // invited again: the live row says where things stand, the old decline is not repeated
      app.clock.set('2026-11-24T12:00:00+08:00');
      const { body: again } = await add(app, await sonNow(), W.wangFather, 'PARENT');
      expect((await app.http().get('/api/v1/family/members').set(await sonNow())).body).not.toHaveProperty('declined');
      // nobody else's declines: the father sees none in his own (empty) network
      expect((await app.http().get('/api/v1/family/members').set((await app.citizen(W.wangFather)).auth)).body).toEqual({ modes: { pay: false, premium: false }, members: [] });
      expect(again.status).toBe('PENDING_CONSENT');
    } finally {
      await app.close();
    }
  });

  it('DELETE /family/members/{id}: 204 by the organizer or by the member; 404 for anyone else or twice', async () => {
    const { body: son } = await add(t, liu, W.liuSon, 'CHILD');
    expect(son.status).toBe('ACTIVE');
    const stranger = (await t.citizen(W.ma)).auth;
    expect((await t.http().delete(`/api/v1/family/members/${son.memberId}`).set(stranger)).status).toBe(404);
    expect((await t.http().delete(`/api/v1/family/members/${son.memberId}`).set(liu)).status).toBe(204);
    expect((await t.http().delete(`/api/v1/family/members/${son.memberId}`).set(liu)).status).toBe(404);
    const list = await t.http().get('/api/v1/family/members').set(liu);
    expect(list.body.members.map((m: { memberId: string }) => m.memberId)).not.toContain(son.memberId);

    const wifeBinding = list.body.members.find((m: { relation: string }) => m.relation === 'SPOUSE');
    expect((await t.http().delete(`/api/v1/family/members/${wifeBinding.memberId}`).set(liuWife)).status).toBe(204);
    expect((await t.http().delete('/api/v1/family/members/not*an*id').set(liu)).status).toBe(404);
  });
});

describe('Family policy is config (P-FAM-3, P-FAM-8)', () => {
  it('NARROW: a sibling → RELATION_NOT_ALLOWED; maxMembers 1 → MEMBER_LIMIT_REACHED', async () => {
    const world = demo();
    world.familyPolicy = { relations: 'NARROW', scope: 'PROVINCE', maxMembers: 1 };
    const app = await makeApp({ world });
    try {
      const wang = (await app.citizen(W.wang)).auth;
      const names = Object.fromEntries(app.world.citizens.map((c) => [c.idNumber, c.name]));
      const sib = await add(app, wang, W.wangSister, 'SIBLING', names[W.wangSister]);
      expect(sib.status).toBe(422);
      expect(codes(sib)).toEqual(['RELATION_NOT_ALLOWED']);
      expect((await add(app, wang, W.wangWife, 'SPOUSE', names[W.wangWife])).status).toBe(201);
      const full = await add(app, wang, W.wangSon, 'CHILD', names[W.wangSon]);
      expect(codes(full)).toEqual(['MEMBER_LIMIT_REACHED']);
    } finally {
      await app.close();
    }
  });

  it('concurrent adds never exceed the member limit (P-FAM-8)', async () => {
    const world = demo();
    world.familyPolicy = { relations: 'NEAR', scope: 'PROVINCE', maxMembers: 2 };
    const app = await makeApp({ world });
    try {
      const wang = (await app.citizen(W.wang)).auth;
      const names = Object.fromEntries(app.world.citizens.map((c) => [c.idNumber, c.name]));
      const results = await Promise.all(
        ([[W.wangWife, 'SPOUSE'], [W.wangSon, 'CHILD'], [W.wangFather, 'PARENT'], [W.wangMother, 'PARENT'], [W.wangSister, 'SIBLING']] as const).map(([id, rel]) =>
          add(app, wang, id, rel, names[id]),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(2);
      expect(results.filter((r) => r.status === 422)).toHaveLength(3);
    } finally {
      await app.close();
    }
  });
});
