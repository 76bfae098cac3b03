import { eq } from 'drizzle-orm';
import { outbox, users } from '../db/schema';
import { enablePremium } from '../test/family-setup';
import { FakeWechat } from '../test/fake-wechat';
import { makeApp, TestApp, W } from '../test/helpers';
import { enqueueMessage } from './outbox';

/**
 * API.md WeChat, Messages: INVITATION to an invitee who has signed in before, CONSENT to the
 * organizer when a member accepts or declines, FAMILY_PAYMENT when the organizer's account pays a
 * member's premium; through a transactional outbox, once per event, within 10 s; a failure to
 * send never fails or delays the operation.
 */
const TEMPLATES = { WECHAT_TEMPLATE_INVITATION: 'tpl-invite', WECHAT_TEMPLATE_CONSENT: 'tpl-consent', WECHAT_TEMPLATE_FAMILY_PAYMENT: 'tpl-pay', WECHAT_TEMPLATE_REFUND: 'tpl-refund' };
const timing = { attemptTimeoutMs: 500, deadlineMs: 2000, backoffMs: 20 };
let fake: FakeWechat;
beforeAll(async () => {
  fake = await new FakeWechat().start();
});
afterAll(() => fake.stop());

/** A citizen of `t` whose openid the fake WeChat knows (as it would after a real wx.login). */
async function citizen(t: TestApp, idNumber: string) {
  const c = await t.citizen(idNumber);
  // the table keeps the openid sealed (its lookup column is a keyed digest)
  const [u] = await t.ctx.db.select({ sealed: users.openidSealed }).from(users).where(eq(users.userId, c.userId));
  const openid = t.ctx.pii.decrypt(u.sealed!);
  fake.openids.add(openid);
  return { ...c, openid };
}
const rows = (t: TestApp) => t.ctx.db.select().from(outbox).orderBy(outbox.id);
const sentTo = (openid: string) => fake.messages.filter((m) => m.touser === openid);
const add = (t: TestApp, auth: Record<string, string>, idNumber: string, relation: string) => {
  const c = t.world.citizens.find((x) => x.idNumber === idNumber)!;
  return t.http().post('/api/v1/family/members').set(auth).send({ name: c.name, idNumber, relation });
};
async function until(check: () => boolean, what: string, ms = 10_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('subscription messages through the outbox (API.md WeChat, Messages)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ wechat: fake, wechatTiming: timing, env: TEMPLATES });
  });
  afterAll(() => t.close());

  it('INVITATION to the invitee who has signed in before, CONSENT to the organizer on accept: each sent once, within 10 s, by the running worker', async () => {
    t.ctx.outbox.start();
    try {
      const wang = await citizen(t, W.wang);
      const wife = await citizen(t, W.wangWife);
      const added = await add(t, wang.auth, W.wangWife, 'SPOUSE');
      expect(added.body.status).toBe('PENDING_CONSENT');
      await until(() => sentTo(wife.openid).length === 1, 'INVITATION sent');
      const [invite] = sentTo(wife.openid);
      expect(invite).toEqual({
        touser: wife.openid,
        template_id: 'tpl-invite',
        page: `pages/consent/index?memberId=${added.body.memberId}`,
        data: { thing1: { value: '王**邀请您加入家庭共济' }, thing2: { value: '配偶' }, time3: { value: '2026-11-24 10:00' } },
      });
      const call = fake.requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send').at(-1)!;
      expect(call.method).toBe('POST');
      expect(call.query.access_token).toEqual(expect.any(String));
      expect((await t.http().post(`/api/v1/family/invitations/${added.body.memberId}/accept`).set(wife.auth)).status).toBe(200);
      await until(() => sentTo(wang.openid).length === 1, 'CONSENT sent');
      expect(sentTo(wang.openid)[0]).toMatchObject({ template_id: 'tpl-consent', page: 'pages/family/index', data: { thing1: { value: '张*（配偶）' }, phrase2: { value: '已同意' } } });
      // once per event: more runs send nothing more
      await t.ctx.outbox.runOnce();
      expect(sentTo(wife.openid)).toHaveLength(1);
      expect(sentTo(wang.openid)).toHaveLength(1);
      expect((await rows(t)).every((r) => r.sentAt !== null)).toBe(true);
    } finally {
      await t.ctx.outbox.stop();
    }
  });

  it('no INVITATION for an invitee who never signed in; a decline tells the organizer too', async () => {
    const before = (await rows(t)).length;
    const liu = await citizen(t, W.liu);
    const added = await add(t, liu.auth, W.liuWife, 'SPOUSE');
    expect(added.body.status).toBe('PENDING_CONSENT');
    expect((await rows(t)).length).toBe(before);
    const wife = await citizen(t, W.liuWife);
    expect((await t.http().post(`/api/v1/family/invitations/${added.body.memberId}/decline`).set(wife.auth)).status).toBe(200);
    const queued = (await rows(t)).slice(before);
    expect(queued.map((r) => [r.kind, r.userId, r.data.phrase2?.value])).toEqual([['CONSENT', liu.userId, '已拒绝']]);
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    expect(sentTo(liu.openid)).toHaveLength(1);
  });

  it('FAMILY_PAYMENT to the organizer when their account pays a member\'s premium (not for their own alone)', async () => {
    const qian = await citizen(t, W.qian);
    const son = t.world.citizens.find((c) => c.idNumber === W.qianSon)!;
    const bound = await t.http().post('/api/v1/family/members').set(qian.auth).send({ name: son.name, idNumber: son.idNumber, relation: 'CHILD' });
    expect(bound.body.status).toBe('ACTIVE');
    await enablePremium(t, qian.auth);
    const before = (await rows(t)).length;
    const own = await t.http().post('/api/v1/orders').set(qian.auth).set('Idempotency-Key', 'own-order-1').send({ productId: 'JS-YHB-2027', insured: [qian.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect(own.status).toBe(201);
    expect((await rows(t)).length).toBe(before);
    const body = { productId: 'JS-YHB-2027', insured: [bound.body.personId], payMethod: 'PERSONAL_ACCOUNT' };
    const paid = await t.http().post('/api/v1/orders').set(qian.auth).set('Idempotency-Key', 'family-order-1').send(body);
    expect(paid.status).toBe(201);
    // the same key again replays the order: no second event
    expect((await t.http().post('/api/v1/orders').set(qian.auth).set('Idempotency-Key', 'family-order-1').send(body)).status).toBe(201);
    const queued = (await rows(t)).slice(before);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'FAMILY_PAYMENT', userId: qian.userId, eventKey: `FAMILY_PAYMENT:order:${paid.body.orderId}` });
    expect(queued[0].data).toEqual({ thing1: { value: '共济缴费：钱**' }, amount2: { value: '¥59.00' }, time3: { value: '2026-11-24 10:00' } });
    await t.ctx.outbox.runOnce();
    expect(sentTo(qian.openid)).toHaveLength(1);
  });

  it('FAMILY_PAYMENT to the organizer whose 历年结余 paid a member\'s bill at the counter (共济支付), REFUND when the hospital refunds it (seed 001)', async () => {
    const wang = await citizen(t, W.wang);
    const son = t.world.citizens.find((c) => c.idNumber === W.wangSon)!;
    const bound = await t.http().post('/api/v1/family/members').set(wang.auth).send({ name: son.name, idNumber: son.idNumber, relation: 'CHILD' });
    expect((await t.http().put('/api/v1/family/modes').set(wang.auth).send({ pay: true, premium: false })).status).toBe(200);
    const qr = await t.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: bound.body.personId });
    const hospital = await t.hospital('H320102001');
    const ci = await t.http().post('/api/v1/hospital/check-ins').set(hospital).send({ token: qr.body.token });
    const before = (await rows(t)).length;
    const bill = { checkInId: ci.body.checkInId, billNo: 'msg-bill-1', totalFen: 3500, compliantFen: 3000 };
    const settled = await t.http().post('/api/v1/hospital/settlements').set(hospital).send(bill);
    expect(settled.status).toBe(201);
    expect(settled.body.family).toEqual([expect.objectContaining({ historicalFen: 1500 })]);
    expect((await t.http().post('/api/v1/hospital/settlements').set(hospital).send(bill)).status).toBe(201); // a replay: no second event
    let queued = (await rows(t)).slice(before);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'FAMILY_PAYMENT', userId: wang.userId, eventKey: `FAMILY_PAYMENT:settlement:${settled.body.settlementId}:${wang.personId}` });
    expect(queued[0].data).toEqual({ thing1: { value: '共济支付：王**' }, amount2: { value: '¥15.00' }, time3: { value: '2026-11-24 10:00' } });
    const refund = `/api/v1/hospital/settlements/${settled.body.settlementId}/refund`;
    expect((await t.http().post(refund).set(hospital)).status).toBe(200);
    expect((await t.http().post(refund).set(hospital)).status).toBe(200); // again: the same answer, no second event
    queued = (await rows(t)).slice(before);
    expect(queued).toHaveLength(2);
    expect(queued[1]).toMatchObject({ kind: 'REFUND', userId: wang.userId, eventKey: `REFUND:${settled.body.settlementId}:${wang.personId}` });
    expect(queued[1].data.amount2).toEqual({ value: '¥15.00' });
    await t.ctx.outbox.runOnce();
    expect(sentTo(wang.openid).filter((m) => m.template_id === 'tpl-pay' || m.template_id === 'tpl-refund')).toHaveLength(2);
  });

  it('WeChat answering -1: the citizen\'s answer does not wait; the message is tried again with backoff and sent once', async () => {
    const sun = await citizen(t, W.sun);
    const sister = await citizen(t, W.sunSister);
    await t.ctx.outbox.runOnce(); // nothing else due
    fake.script('/cgi-bin/message/subscribe/send', { errcode: -1 }, { errcode: -1 }, { errcode: -1 });
    const added = await add(t, sun.auth, W.sunSister, 'SIBLING');
    expect(added.status).toBe(201);
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    const [row] = (await rows(t)).filter((r) => r.eventKey === `INVITATION:${added.body.memberId}`);
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringContaining('-1') });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(await t.ctx.outbox.runOnce()).toBe(0); // not due yet
    t.clock.advance(2_000);
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    expect(sentTo(sister.openid)).toHaveLength(1);
  });

  it('two processes sending at once send each message once (rows claimed with SKIP LOCKED and a lease)', async () => {
    const other = await makeApp({ wechat: fake, wechatTiming: timing, env: TEMPLATES, shareWith: t });
    other.clock.set(t.clock.now());
    try {
      const before = fake.messages.length;
      const organizer = await citizen(t, W.liuWife);
      await t.ctx.db.transaction(async (tx) => {
        for (let i = 0; i < 30; i++) {
          await enqueueMessage(tx, t.ctx, { eventKey: `TEST:${i}`, kind: 'CONSENT', to: { userId: organizer.userId }, page: 'pages/family/index', data: { thing1: `n${i}` } });
        }
      });
      fake.delayMs = 30;
      await Promise.all([t.ctx.outbox.runOnce(), other.ctx.outbox.runOnce(), t.ctx.outbox.runOnce(), other.ctx.outbox.runOnce()]);
      fake.delayMs = 0;
      const sent = fake.messages.slice(before).map((m) => m.data.thing1.value);
      expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`).sort());
    } finally {
      fake.delayMs = 0;
      await other.close();
    }
  });

  it('a refused subscription (43101) is dropped, not tried again; the same event queued twice is one row', async () => {
    const organizer = await citizen(t, W.liuWife);
    const m = { eventKey: 'TEST:refused', kind: 'CONSENT' as const, to: { userId: organizer.userId }, page: 'pages/family/index', data: { thing1: 'x' } };
    expect(await t.ctx.db.transaction((tx) => enqueueMessage(tx, t.ctx, m))).toBe(true);
    expect(await t.ctx.db.transaction((tx) => enqueueMessage(tx, t.ctx, m))).toBe(false);
    fake.script('/cgi-bin/message/subscribe/send', { errcode: 43101 });
    const before = fake.count('/cgi-bin/message/subscribe/send');
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    t.clock.advance(3_600_000);
    expect(await t.ctx.outbox.runOnce()).toBe(0);
    expect(fake.count('/cgi-bin/message/subscribe/send') - before).toBe(1);
    const [row] = (await rows(t)).filter((r) => r.eventKey === 'TEST:refused');
    expect(row).toMatchObject({ sentAt: null, droppedAt: expect.any(Date), lastError: 'errcode 43101' });
  });

  it('a send is made once: after a cut connection (WeChat may have sent it) the client does not repeat it; the outbox tries later', async () => {
    const organizer = await citizen(t, W.liuWife);
    await t.ctx.outbox.runOnce();
    await t.ctx.db.transaction((tx) => enqueueMessage(tx, t.ctx, { eventKey: 'TEST:cut', kind: 'CONSENT', to: { userId: organizer.userId }, page: 'p', data: { thing1: 'cut' } }));
    fake.script('/cgi-bin/message/subscribe/send', 'drop');
    const before = fake.count('/cgi-bin/message/subscribe/send');
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    expect(fake.count('/cgi-bin/message/subscribe/send') - before).toBe(1);
    const [row] = (await rows(t)).filter((r) => r.eventKey === 'TEST:cut');
    expect(row).toMatchObject({ sentAt: null, droppedAt: null, attempts: 1 });
    t.clock.advance(1_000);
    expect(await t.ctx.outbox.runOnce()).toBe(1);
    expect(fake.messages.filter((m) => m.data.thing1?.value === 'cut')).toHaveLength(1);
  });

  it('sent and dropped rows are purged after 30 days, pending ones never', async () => {
    const organizer = await citizen(t, W.liuWife);
    await t.ctx.outbox.runOnce();
    await t.ctx.db.transaction((tx) => enqueueMessage(tx, t.ctx, { eventKey: 'TEST:pending-long', kind: 'CONSENT', to: { userId: organizer.userId }, page: 'p', data: {} }));
    await t.ctx.db.update(outbox).set({ nextAttemptAt: new Date(t.clock.now().getTime() + 365 * 86_400_000) }).where(eq(outbox.eventKey, 'TEST:pending-long'));
    const done = (await rows(t)).filter((r) => r.sentAt || r.droppedAt).length;
    expect(await t.ctx.outbox.purge(new Date(t.clock.now().getTime() + 29 * 86_400_000))).toBe(0);
    expect(await t.ctx.outbox.purge(new Date(t.clock.now().getTime() + 31 * 86_400_000))).toBe(done);
    expect((await rows(t)).map((r) => r.eventKey)).toEqual(['TEST:pending-long']);
    await t.ctx.db.delete(outbox).where(eq(outbox.eventKey, 'TEST:pending-long'));
  });

  it('a message rolled back with its business change is never sent', async () => {
    const organizer = await citizen(t, W.liuWife);
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await enqueueMessage(tx, t.ctx, { eventKey: 'TEST:rolled-back', kind: 'CONSENT', to: { userId: organizer.userId }, page: 'p', data: {} });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect((await rows(t)).some((r) => r.eventKey === 'TEST:rolled-back')).toBe(false);
  });
});

describe('WeChat down never fails or slows the citizen\'s operation', () => {
  it('WeChat not answering at all: accept answers 200 at once, the message waits and is sent when WeChat is back', async () => {
    const t = await makeApp({ wechat: fake, env: TEMPLATES });
    t.ctx.outbox.start();
    try {
      const huang = await citizen(t, W.huang);
      const added = await add(t, huang.auth, W.wangWife, 'SPOUSE'); // no registry relation: refused, nothing queued
      expect(added.status).toBe(422);
      const wang = await citizen(t, W.wang);
      const mother = await citizen(t, W.wangMother);
      const before = { wang: sentTo(wang.openid).length, mother: sentTo(mother.openid).length };
      await t.ctx.wechat.accessToken();
      fake.delayMs = 60_000; // every WeChat call hangs
      const invited = await add(t, wang.auth, W.wangMother, 'PARENT');
      expect(invited.status).toBe(201);
      const started = Date.now();
      const accepted = await t.http().post(`/api/v1/family/invitations/${invited.body.memberId}/accept`).set(mother.auth);
      const took = Date.now() - started;
      expect(accepted.status).toBe(200);
      // a send takes up to its 5 s deadline: the answer did not wait for it
      expect(took).toBeLessThan(t.ctx.outbox.options.sendDeadlineMs);
      fake.delayMs = 0;
      // the app's clock runs on (sends cut off by the hang fail up to 5 s later and are due again a moment after)
      await until(() => {
        t.clock.advance(1_000);
        return sentTo(wang.openid).length === before.wang + 1 && sentTo(mother.openid).length === before.mother + 1;
      }, 'both messages sent after WeChat came back', 30_000);
    } finally {
      fake.delayMs = 0;
      await t.close();
    }
  });

  it('an unset template id sends nothing and queues nothing', async () => {
    const t = await makeApp({ wechat: fake, env: { WECHAT_TEMPLATE_CONSENT: 'tpl-consent' } });
    try {
      const wang = await citizen(t, W.wang);
      await citizen(t, W.wangWife);
      const added = await add(t, wang.auth, W.wangWife, 'SPOUSE');
      expect(added.body.status).toBe('PENDING_CONSENT');
      expect(await rows(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
