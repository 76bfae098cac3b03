import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { epochSeconds } from '../../clock';
import { bind } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';
import { ISSUER } from '../auth/tokens';

type Auth = { Authorization: string };
let t: TestApp;
let wang: { auth: Auth; personId: string };
let son: string;
let hospital: Auth;
beforeAll(async () => {
  t = await makeApp({ qrTtlSeconds: 60, rateLimits: { hospitalSessionFailuresPerAddress: { limit: 3, windowMs: 15 * 60_000 } } });
  wang = await t.citizen(W.wang);
  son = (await bind(t, wang.auth, W.wangSon, 'CHILD')).personId;
  hospital = await t.hospital('H320102001');
});
afterAll(() => t.close());

const qr = (auth: Auth, personId: string) => t.http().post('/api/v1/qrcodes').set(auth).send({ personId });
const checkIn = (auth: Auth, body: object) => t.http().post('/api/v1/hospital/check-ins').set(auth).send(body);

describe('POST /qrcodes (P-QR-1, P-QR-3)', () => {
  it('P-QR-1: the token is at most 32 characters of base64url (24: 144 random bits), new every time, and the database keeps only a keyed digest of it', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await qr(wang.auth, wang.personId);
      expect(res.status).toBe(201);
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(res.body.token.length).toBeLessThanOrEqual(32);
      tokens.add(res.body.token);
    }
    expect(tokens.size).toBe(20);
    const rows = await t.ctx.db.query.qrTokens.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const dump = JSON.stringify(rows);
    for (const token of tokens) expect(dump).not.toContain(token);
    expect(rows.filter((r) => r.personId === wang.personId && r.memberId === null).length).toBeGreaterThanOrEqual(20);
  });


  it('201 {token, expiresAt} for self, valid for QR_TTL_SECONDS', async () => {
    const res = await qr(wang.auth, wang.personId);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(res.body.expiresAt) - t.clock.now().getTime()).toBe(60_000);
    expect(res.body.expiresAt).toMatch(/\+08:00$/);
  });

  it('201 for an ACTIVE member the caller organises (亲情账户)', async () => {
    expect((await qr(wang.auth, son)).status).toBe(201);
  });

  it('403 FORBIDDEN for a pending member, a stranger, or the organizer from the member side', async () => {
    const wife = (await t.http().post('/api/v1/family/members').set(wang.auth).send({ name: '张丽', idNumber: W.wangWife, relation: 'SPOUSE' })).body;
    expect(wife.status).toBe('PENDING_CONSENT');
    expect((await qr(wang.auth, wife.personId)).status).toBe(403);
    const chen = await t.citizen(W.chen);
    const res = await qr(wang.auth, chen.personId);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await qr(chen.auth, wang.personId)).status).toBe(403);
    expect((await qr(wang.auth, 'p_unknown')).status).toBe(403);
  });

  it('400 for a malformed body; 401 without a token', async () => {
    expect((await t.http().post('/api/v1/qrcodes').set(wang.auth).send({ personId: 5 })).status).toBe(400);
    expect((await t.http().post('/api/v1/qrcodes').send({ personId: wang.personId })).status).toBe(401);
  });
});

describe('POST /hospital/sessions', () => {
  it('200 {accessToken} for the right secret', async () => {
    const res = await t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H370303001', secret: 'demo-secret-zb' });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    // addition (README): the desk names the hospital on its receipt
    expect(res.body.hospital).toEqual({ hospitalId: 'H370303001', name: '淄博市中心医院' });
  });

  it('401 for a wrong secret or unknown hospital; 400 for a malformed body', async () => {
    expect((await t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H370303001', secret: 'nope' })).status).toBe(401);
    expect((await t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H999', secret: 'nope' })).status).toBe(401);
    expect((await t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H370303001' })).status).toBe(400);
  });

  it('429 RATE_LIMITED after repeated failures for a hospital (kept in the database)', async () => {
    const attempt = (secret: string) => t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H320102001', secret });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong')).status).toBe(401);
    const res = await attempt('demo-secret-nj');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt('demo-secret-nj')).status).toBe(200);
    hospital = await t.hospital('H320102001');
    wang = await t.citizen(W.wang);
  });

  it('API.md Hospitals: wrong secrets from one address never lock out the right secret from another; the guessing address is logged, never the secret', async () => {
    t.clock.advance(15 * 60_000 + 1000);
    const from = (ip: string, secret: string) => t.http().post('/api/v1/hospital/sessions').set('X-Forwarded-For', ip).send({ hospitalId: 'H320102001', secret });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.77', `wrong-guess-${i}`)).status).toBe(401);
    // the guesser's address is locked, even with the right secret
    const locked = await from('203.0.113.77', 'demo-secret-nj');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    // a terminal elsewhere signs in, again and again, while the guesser keeps guessing
    for (let i = 0; i < 5; i++) {
      expect((await from('198.51.100.20', 'demo-secret-nj')).status).toBe(200);
      expect((await from('203.0.113.77', `wrong-again-${i}`)).status).toBe(429);
    }
    // and so does one on this host, with no proxy in front (the socket's own address)
    expect((await t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H320102001', secret: 'demo-secret-nj' })).status).toBe(200);
    const logs = t.logs();
    expect(logs).toContain('"ip":"203.0.113.77"');
    expect(logs).toMatch(/wrong secret/);
    expect(logs).not.toContain('wrong-guess-');
    expect(logs).not.toContain('demo-secret-nj');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await from('203.0.113.77', 'demo-secret-nj')).status).toBe(200);
    hospital = await t.hospital('H320102001');
    wang = await t.citizen(W.wang);
  });

  it('a parallel burst of wrong secrets gets no more checked than the failure limit; terminals signing in together are all let in', async () => {
    // regression (reliability suite): the failure count used to be read before any failure of
    // the burst was recorded, so a burst of guesses went far past the limit (seen on PostgreSQL)
    const attempt = (secret: string) => t.http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H370303001', secret });
    t.clock.advance(15 * 60_000 + 1000);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(`guess-${i}`)));
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(3);
    expect(burst.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    t.clock.advance(15 * 60_000 + 1000);
    const together = await Promise.all(Array.from({ length: 12 }, () => attempt('demo-secret-zb')));
    expect(together.map((r) => r.status)).toEqual(Array(12).fill(200));
    hospital = await t.hospital('H320102001');
    wang = await t.citizen(W.wang);
  });
});

describe('POST /hospital/check-ins (P-QR-2)', () => {
  it('201 with the masked patient and the check-in recorded (hospital, department, time)', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    const res = await checkIn(hospital, { token: body.token, department: '心内科' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      checkInId: expect.any(String),
      checkedInAt: expect.stringMatching(/\+08:00$/),
      patient: {
        personId: wang.personId,
        maskedName: '王**',
        maskedIdNumber: '320***********0113',
        gender: 'M',
        age: 46,
        insurance: { scheme: 'EMPLOYEE', status: 'ACTIVE', region: '320102' },
      },
    });
    const rows = await t.ctx.db.query.checkIns.findMany();
    expect(rows.find((r) => r.checkInId === res.body.checkInId)).toMatchObject({ hospitalId: 'H320102001', department: '心内科', personId: wang.personId });
  });

  it('a member code checks in the member, never the organizer (P-FAM-10, P-QR-3)', async () => {
    const { body } = await qr(wang.auth, son);
    const res = await checkIn(hospital, { token: body.token });
    expect(res.status).toBe(201);
    expect(res.body.patient.personId).toBe(son);
    expect(res.body.patient.maskedName).toBe('王**');
    expect(res.body.patient.age).toBe(11);
  });

  it('P-QR-3: a code fetched for a member before unbinding is refused once the binding is no longer ACTIVE (422 QR_INVALID), from either side; a new binding does not revive it', async () => {
    const sister = await bind(t, wang.auth, W.wangSister, 'SIBLING'); // an adult: she accepts (ACTIVE)
    const sisterUser = await t.citizen(W.wangSister);
    const before = [(await qr(wang.auth, sister.personId)).body.token, (await qr(wang.auth, sister.personId)).body.token];
    const own = (await qr(sisterUser.auth, sister.personId)).body.token; // her own code is not tied to the binding
    expect((await t.http().delete(`/api/v1/family/members/${sister.memberId}`).set(sisterUser.auth)).status).toBe(204);
    const res = await checkIn(hospital, { token: before[0] });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('QR_INVALID');
    expect((await checkIn(hospital, { token: own })).status).toBe(201);
    // bound again (a new binding): the old codes stay void, the new one works
    const again = await bind(t, wang.auth, W.wangSister, 'SIBLING');
    expect((await checkIn(hospital, { token: before[1] })).status).toBe(422);
    const fresh = (await qr(wang.auth, sister.personId)).body.token;
    expect((await checkIn(hospital, { token: fresh })).status).toBe(201);
    // unbinding by the organizer voids it alike
    const later = (await qr(wang.auth, sister.personId)).body.token;
    expect((await t.http().delete(`/api/v1/family/members/${again.memberId}`).set(wang.auth)).status).toBe(204);
    expect((await checkIn(hospital, { token: later })).body.error.code).toBe('QR_INVALID');
  });

  it('409 QR_ALREADY_USED the second time, with when it was used (also from another hospital)', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    const first = await checkIn(hospital, { token: body.token });
    expect(first.status).toBe(201);
    t.clock.advance(5_000);
    const again = await checkIn(hospital, { token: body.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('QR_ALREADY_USED');
    expect(again.body.error.usedAt).toBe(first.body.checkedInAt);
    const other = await t.hospital('H370303001');
    expect((await checkIn(other, { token: body.token })).status).toBe(409);
  });

  it('parallel redemptions of one token: exactly one succeeds', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkIn(hospital, { token: body.token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
  });

  it('422 QR_EXPIRED after QR_TTL_SECONDS', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    t.clock.advance(60_000);
    hospital = await t.hospital('H320102001');
    const res = await checkIn(hospital, { token: body.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('QR_EXPIRED');
    wang = await t.citizen(W.wang);
  });

  it('422 QR_INVALID for a forged, altered or foreign token (anything the server did not issue)', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const altered = [flip(body.token[0]) + body.token.slice(1), body.token.slice(0, -1) + flip(body.token.slice(-1)), body.token.slice(0, -1), `${body.token}A`];
    const iat = epochSeconds(t.clock.now());
    // the old format: a JWT naming the person, even one signed with a key of ours
    const oldStyle = jwt.sign({ sub: wang.personId, jti: 'x', iat, exp: iat + 60 }, t.keys.qr, { algorithm: 'HS256', issuer: ISSUER, audience: 'yibao-qr' });
    const citizenToken = wang.auth.Authorization.slice(7); // signed by us, but an access token
    const random = crypto.randomBytes(18).toString('base64url');
    for (const token of [...altered, oldStyle, citizenToken, random, 'not-a-token', 'x'.repeat(2048)]) {
      const res = await checkIn(hospital, { token });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('QR_INVALID');
    }
    expect((await checkIn(hospital, { token: body.token })).status).toBe(201); // the real one still works
  });

  it('P-QR-2: used wins over expired: a used token stays 409 QR_ALREADY_USED after expiry', async () => {
    const { body } = await qr(wang.auth, wang.personId);
    expect((await checkIn(hospital, { token: body.token })).status).toBe(201);
    t.clock.advance(61_000);
    hospital = await t.hospital('H320102001');
    wang = await t.citizen(W.wang);
    expect((await checkIn(hospital, { token: body.token })).status).toBe(409);
  });

  it('401 without a hospital token; 400 for a malformed body', async () => {
    expect((await t.http().post('/api/v1/hospital/check-ins').send({ token: 'x' })).status).toBe(401);
    expect((await checkIn(hospital, { token: '' })).status).toBe(400);
    expect((await checkIn(hospital, { token: 'x', department: 'x'.repeat(51) })).status).toBe(400);
  });
});
