import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { decodeQr } from './support/browser';
import { apiCitizen, bindViaApi, eventually, find, open, signIn } from './support/flows';
import { journey } from './support/journey';

const TTL = 12;

// Journey 5 (issue 5, P-QR-1..3, P-FAM-10): the child's 医保码 on the parent's phone, decoded
// from a screenshot, checks the child in at a hospital once; after the countdown a fresh code
// is shown and checks in too.
describe('journey 5: the child’s e-voucher scanned at the hospital', () => {
  const j = journey('05-qr-checkin', { qrTtlSeconds: TTL });

  it('checks in the child (not the parent), refuses a second scan, refreshes after the countdown', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j5-wang', wang);
    const child = await bindViaApi(j.bff.url, token, find(j.world as never, '王小明'), 'CHILD');
    const self = (await api(j.bff.url, 'GET', '/me', undefined, token)).body.person.personId as string;
    const hospital = await api(j.bff.url, 'POST', '/hospital/sessions', { hospitalId: 'H320102001', secret: 'demo-secret-nj' });
    expect(hospital.status).toBe(200);
    const desk = hospital.body.accessToken as string;

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j5-wang');
    await open(page, j.bff.url, 'qrcode');
    await page.click(`.page-qrcode #qr-person-${child.personId}`);
    await eventually(() => page.locator('.page-qrcode .js-qr-name').textContent(), (t) => expect(t).toContain('王**'));
    const qr = page.locator('.page-qrcode .js-qrcode');
    await qr.waitFor();
    await j.shot(page, 'child-code');
    const first = await decodeQr(qr);
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,32}$/); // P-QR-1: at most 32 characters, a coarse code

    const checkIn = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: first, department: '儿科' }, desk);
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.patient.personId).toBe(child.personId);
    expect(checkIn.body.patient.personId).not.toBe(self);
    expect(checkIn.body.patient).toMatchObject({ maskedName: '王**', maskedIdNumber: '320***********0151', gender: 'M', age: 11 });

    const again = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: first }, desk);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('QR_ALREADY_USED');

    // the countdown runs and the app shows a fresh code before the old one expires
    const seconds = page.locator('.page-qrcode .js-qr-seconds');
    const shown = Number(await seconds.textContent());
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(TTL);
    const second = await eventually(() => decodeQr(qr).catch(() => first), (text) => expect(text).not.toBe(first), (TTL + 5) * 1000);
    await j.shot(page, 'fresh-code');
    const fresh = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: second }, desk);
    expect(fresh.status).toBe(201);
    expect(fresh.body.patient.personId).toBe(child.personId);
  });
});
