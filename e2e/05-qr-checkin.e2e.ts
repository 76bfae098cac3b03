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
    const scannedAt = Date.now();
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.patient.personId).toBe(child.personId);
    expect(checkIn.body.patient.personId).not.toBe(self);
    expect(checkIn.body.patient).toMatchObject({ maskedName: '王**', maskedIdNumber: '320***********0151', gender: 'M', age: 11 });

    // #14 finding 7: the phone says where it was checked in within 2 s, and the used code leaves the screen
    const done = page.locator('.page-qrcode .js-qr-done-title');
    await done.waitFor({ timeout: 2000 });
    const seenAfterMs = Date.now() - scannedAt;
    console.log(`[e2e] 05-qr-checkin: the phone showed the check-in ${seenAfterMs} ms after the hospital's scan`);
    expect(seenAfterMs).toBeLessThanOrEqual(2000);
    expect(await done.textContent()).toBe('已在 南京市第一医院 完成签到');
    expect(await page.locator('.page-qrcode .js-qr-done-time').textContent()).toContain('儿科');
    expect(await page.locator('.page-qrcode .js-qrcode').count()).toBe(0);
    expect(await page.locator('.page-qrcode .js-qr-countdown').count()).toBe(0);
    await j.shot(page, 'checked-in-on-phone');

    // once the hospital settles the bill, the phone shows its split (the child's: fund, then cash; no family payment set up)
    const bill = await api(j.bff.url, 'POST', '/hospital/settlements', { checkInId: checkIn.body.checkInId, totalFen: 3500, compliantFen: 3000, billNo: 'E2E-J5-0001' }, desk);
    expect(bill.status).toBe(201);
    const phoneBill = page.locator('.page-qrcode .js-qr-bill');
    await phoneBill.waitFor({ timeout: 5000 });
    expect(await page.locator('.page-qrcode .js-qr-bill-total').textContent()).toBe('¥35.00');
    expect(await phoneBill.textContent()).toContain(`医保统筹支付¥${(bill.body.fundFen / 100).toFixed(2)}`);
    await j.shot(page, 'bill-on-phone');

    const again = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: first }, desk);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('QR_ALREADY_USED');

    // 生成新码: a fresh code on request; its countdown runs and the app shows a fresh one before it expires
    await page.click('.page-qrcode .js-qr-new');
    await qr.waitFor();
    const second = await decodeQr(qr);
    expect(second).not.toBe(first);
    const seconds = page.locator('.page-qrcode .js-qr-seconds');
    const shown = Number(await seconds.textContent());
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(TTL);
    const third = await eventually(() => decodeQr(qr).catch(() => second), (text) => expect(text).not.toBe(second), (TTL + 5) * 1000);
    await j.shot(page, 'fresh-code');
    const fresh = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: third }, desk);
    expect(fresh.status).toBe(201);
    expect(fresh.body.patient.personId).toBe(child.personId);
    await done.waitFor({ timeout: 2000 });
  });

  it('#14 conventions and finding 6: the code page and home in both text modes; someone suspended is told so', async () => {
    const zheng = find(j.world as never, '郑伟'); // EMPLOYEE SUSPENDED
    await apiCitizen(j.bff.url, 'e2e-j5-zheng', zheng);
    const { page } = await j.phone('郑伟');
    await signIn(page, j.bff.url, 'e2e-j5-zheng');
    await page.locator('.page-home .js-signin-state').waitFor();
    await eventually(() => page.locator('.page-home .js-signin-state').textContent(), (t) => expect(t).toBe('您好，郑*'));
    await j.shot(page, 'home-normal');
    await open(page, j.bff.url, 'qrcode');
    await page.locator('.page-qrcode .js-qrcode').waitFor();
    const notice = page.locator('.page-qrcode .js-qr-insurance');
    expect(await notice.textContent()).toContain('您的医保已暂停');
    expect(await page.locator('.page-qrcode .js-qr-region').textContent()).toBe('参保地 江苏省南京市');
    // a desk scanner at arm's length: the code at least 200 px wide
    const box = await page.locator('.page-qrcode .js-qrcode').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(200);
    await j.shot(page, 'code-suspended-normal');

    // 大字版 from the home page's own switch
    await open(page, j.bff.url, 'home');
    await page.click('.page-home .js-home-elder-switch');
    await page.locator('.page-home.elder').waitFor();
    await j.shot(page, 'home-elder');
    await open(page, j.bff.url, 'qrcode');
    await page.locator('.page-qrcode.elder .js-qrcode').waitFor();
    await j.shot(page, 'code-suspended-elder');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
