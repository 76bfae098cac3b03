import { phoneProofs } from '../../db/schema';
import { FakeWechat } from '../../test/fake-wechat';
import { makeApp, TestApp, W } from '../../test/helpers';

/** API.md WeChat, Phone: POST /identity/phone {code} → {maskedPhone, phoneProof, expiresIn}; /identity/verify takes the proof. */
let fake: FakeWechat;
let t: TestApp;
beforeAll(async () => {
  fake = await new FakeWechat().start();
  t = await makeApp({ wechat: fake, wechatTiming: { attemptTimeoutMs: 300, deadlineMs: 2000, backoffMs: 20 } });
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const citizen = (idNumber: string) => t.world.citizens.find((c) => c.idNumber === idNumber)!;
const signedIn = async () => ({ Authorization: `Bearer ${(await t.login()).accessToken}` });
const phone = (auth: Record<string, string>, code: string) => t.http().post('/api/v1/identity/phone').set(auth).send({ code });
const verify = (auth: Record<string, string>, body: object) => t.http().post('/api/v1/identity/verify').set(auth).send(body);
const proofFor = async (auth: Record<string, string>, idNumber: string) => {
  const res = await phone(auth, fake.phoneCode(citizen(idNumber).phone));
  expect(res.status).toBe(200);
  return res.body.phoneProof as string;
};

describe('POST /identity/phone (API.md WeChat, Phone)', () => {
  it('exchanges the code with POST /wxa/business/getuserphonenumber?access_token {code} → 200 {maskedPhone, phoneProof, expiresIn}', async () => {
    const auth = await signedIn();
    const code = fake.phoneCode(citizen(W.wang).phone);
    const res = await phone(auth, code);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ maskedPhone: '138****0001', phoneProof: expect.stringMatching(/^[A-Za-z0-9_-]{16,128}$/), expiresIn: 600 });
    const call = fake.requests.filter((r) => r.path === '/wxa/business/getuserphonenumber').at(-1)!;
    expect(call).toMatchObject({ method: 'POST', query: { access_token: expect.any(String) }, body: { code } });
  });

  it('the proof stands for the phone in /identity/verify {name, idNumber, phoneProof} → 200 verified', async () => {
    const auth = await signedIn();
    const c = citizen(W.wangWife);
    const res = await verify(auth, { name: c.name, idNumber: c.idNumber, phoneProof: await proofFor(auth, W.wangWife) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ verified: true });
    expect((await t.http().get('/api/v1/me').set(auth)).body.verified).toBe(true);
  });

  it('a proof works once, for its own user, before it expires: otherwise 400 VALIDATION_FAILED, reason PHONE_PROOF_INVALID', async () => {
    const c = citizen(W.chen);
    const body = (phoneProof: string) => ({ name: c.name, idNumber: c.idNumber, phoneProof });
    const invalid = (res: { status: number; body: { error: { code: string; reasons: { code: string; field: string }[] } } }) => {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.reasons).toEqual([expect.objectContaining({ code: 'PHONE_PROOF_INVALID', field: 'phoneProof' })]);
    };
    const owner = await signedIn();
    const other = await signedIn();
    const proof = await proofFor(owner, W.chen);
    invalid(await verify(other, body(proof))); // another user's
    invalid(await verify(owner, body('A'.repeat(32)))); // never issued
    const expiring = await proofFor(owner, W.chen);
    t.clock.advance(601_000);
    invalid(await verify(owner, body(expiring))); // expired
    t.clock.advance(-601_000);
    expect((await verify(owner, body(proof))).status).toBe(200); // the owner's, still good
    const again = await signedIn();
    const once = await proofFor(again, W.huang);
    const h = citizen(W.huang);
    expect((await verify(again, { name: '黄丽', idNumber: h.idNumber, phoneProof: once })).status).toBe(422); // wrong name: used up
    invalid(await verify(again, { name: h.name, idNumber: h.idNumber, phoneProof: once }));
  });

  it('phone and phoneProof together, or neither → 400', async () => {
    const auth = await signedIn();
    const c = citizen(W.qian);
    expect((await verify(auth, { name: c.name, idNumber: c.idNumber })).status).toBe(400);
    const both = await verify(auth, { name: c.name, idNumber: c.idNumber, phone: c.phone, phoneProof: await proofFor(auth, W.qian) });
    expect(both.status).toBe(400);
    expect(both.body.error.reasons[0].field).toBe('phoneProof');
  });

  it('a bad (40029) or used (40163) code → 422 WECHAT_CODE_INVALID; 45011 → 429; WeChat down → 503 WECHAT_UNAVAILABLE', async () => {
    const auth = await signedIn();
    const code = fake.phoneCode('13800000009');
    expect((await phone(auth, code)).status).toBe(200);
    for (const c of [code, 'never-issued']) {
      const res = await phone(auth, c);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
    }
    fake.script('/wxa/business/getuserphonenumber', { errcode: 45011 });
    expect((await phone(auth, fake.phoneCode('13800000009'))).status).toBe(429);
    fake.script('/wxa/business/getuserphonenumber', { errcode: -1 }, { errcode: -1 }, { errcode: -1 });
    const down = await phone(auth, fake.phoneCode('13800000009'));
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a body without a code → 400; no citizen token → 401', async () => {
    expect((await phone(await signedIn(), '')).status).toBe(400);
    expect((await t.http().post('/api/v1/identity/phone').send({ code: 'x' })).status).toBe(401);
  });

  it('the phone is kept sealed, never in a log line or a table in clear', async () => {
    const rows = JSON.stringify(await t.ctx.db.select().from(phoneProofs));
    expect(rows).not.toContain('13800000001');
    expect(t.logs()).not.toContain('13800000001');
  });

  it('without WECHAT_APPID a code cannot be checked: 422 WECHAT_CODE_INVALID', async () => {
    const plain = await makeApp();
    try {
      const { accessToken } = await plain.login();
      const res = await plain.http().post('/api/v1/identity/phone').set('Authorization', `Bearer ${accessToken}`).send({ code: 'abc' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
    } finally {
      await plain.close();
    }
  });
});
