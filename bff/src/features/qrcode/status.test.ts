import { bind } from '../../test/family-setup';
import { makeApp, TestApp, W } from '../../test/helpers';

/**
 * #14 finding 7: GET /qrcodes/current?personId — what became of the latest code the caller fetched
 * for that person, so the phone can say "已在 XX医院 完成签到" (and the bill once settled) and never
 * keep a used code on screen. P-QR-3: only for oneself and the ACTIVE members one organises.
 */
type Auth = { Authorization: string };
let t: TestApp;
let wang: { auth: Auth; personId: string };
let son: string;
let hospital: Auth;
beforeAll(async () => {
  t = await makeApp({ qrTtlSeconds: 60 });
  wang = await t.citizen(W.wang);
  son = (await bind(t, wang.auth, W.wangSon, 'CHILD')).personId;
  hospital = await t.hospital('H320102001');
}, 180_000);
afterAll(() => t.close());

const api = '/api/v1';
const qr = async (auth: Auth, personId: string) => (await t.http().post(`${api}/qrcodes`).set(auth).send({ personId })).body as { token: string; expiresAt: string };
const status = (auth: Auth, personId: string) => t.http().get(`${api}/qrcodes/current`).query({ personId }).set(auth);

describe('#14 finding 7: GET /qrcodes/current (what became of the code on the phone)', () => {
  it('404 before any code was fetched for that person; 400 without personId; 401 without a token', async () => {
    const chen = await t.citizen(W.chen);
    const res = await status(chen.auth, chen.personId);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await t.http().get(`${api}/qrcodes/current`).set(chen.auth)).status).toBe(400);
    expect((await t.http().get(`${api}/qrcodes/current`).query({ personId: chen.personId })).status).toBe(401);
  });

  it('VALID for the latest code, naming it by its expiresAt; a newer code replaces the older one', async () => {
    const first = await qr(wang.auth, wang.personId);
    const before = t.logs().length;
    expect((await status(wang.auth, wang.personId)).body).toEqual({ status: 'VALID', expiresAt: first.expiresAt });
    // asked once a second by every phone showing a code: its answers are not info lines
    expect(t.logs().slice(before)).not.toContain('/api/v1/qrcodes/current');
    t.clock.advance(5_000);
    const second = await qr(wang.auth, wang.personId);
    expect(second.expiresAt).not.toBe(first.expiresAt);
    expect((await status(wang.auth, wang.personId)).body).toEqual({ status: 'VALID', expiresAt: second.expiresAt });
  });

  it('P-QR-2: USED at once after the check-in, with the hospital by name, the time and the department; then the bills once settled', async () => {
    const code = await qr(wang.auth, son);
    const checkIn = await t.http().post(`${api}/hospital/check-ins`).set(hospital).send({ token: code.token, department: '儿科' });
    expect(checkIn.status).toBe(201);
    const used = await status(wang.auth, son);
    expect(used.status).toBe(200);
    expect(used.body).toEqual({
      status: 'USED',
      expiresAt: code.expiresAt,
      checkIn: { checkInId: checkIn.body.checkInId, checkedInAt: checkIn.body.checkedInAt, hospital: { hospitalId: 'H320102001', name: '南京市第一医院' }, department: '儿科' },
    });

    const settled = await t.http().post(`${api}/hospital/settlements`).set(hospital).send({ checkInId: checkIn.body.checkInId, totalFen: 3500, compliantFen: 3000, billNo: 'QRS-0001' });
    expect(settled.status).toBe(201);
    const after = (await status(wang.auth, son)).body;
    expect(after.status).toBe('USED');
    expect(after.settlements).toEqual([{ ...settled.body, hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } }]);
    // used wins over expired (P-QR-2), however late the phone asks
    t.clock.advance(120_000);
    expect((await status(wang.auth, son)).body.status).toBe('USED');
  });

  it('EXPIRED once the validity has passed unused', async () => {
    const code = await qr(wang.auth, wang.personId);
    t.clock.advance(60_000);
    expect((await status(wang.auth, wang.personId)).body).toEqual({ status: 'EXPIRED', expiresAt: code.expiresAt });
  });

  it('P-QR-3: 403 for a stranger, a pending member, or the organizer asked from the member side; codes are per user', async () => {
    const chen = await t.citizen(W.chen);
    await qr(chen.auth, chen.personId);
    expect((await status(wang.auth, chen.personId)).status).toBe(403);
    expect((await status(chen.auth, wang.personId)).status).toBe(403);
    const wife = (await t.http().post(`${api}/family/members`).set(wang.auth).send({ name: '张丽', idNumber: W.wangWife, relation: 'SPOUSE' })).body;
    expect(wife.status).toBe('PENDING_CONSENT');
    expect((await status(wang.auth, wife.personId)).status).toBe(403);
  });

  it('P-QR-3: after unbinding, the former organizer learns nothing more of the member', async () => {
    const { personId, memberId } = await bind(t, wang.auth, W.wangFather, 'PARENT');
    await qr(wang.auth, personId);
    expect((await status(wang.auth, personId)).status).toBe(200);
    expect((await t.http().delete(`${api}/family/members/${memberId}`).set(wang.auth)).status).toBe(204);
    expect((await status(wang.auth, personId)).status).toBe(403);
  });
});
