import { describe, expect, it } from '@jest/globals';
import { find, open, signIn, fillVerify, money } from './support/flows';
import { journey } from './support/journey';

// Journey 1 (issue 5): a citizen signs in and passes real-name verification (P-ID-2),
// a wrong phone first, whose error shows in plain Chinese.
describe('journey 1: sign in and real-name verification', () => {
  const j = journey('01-signin-verify');

  it('signs in, is refused with a wrong phone, then verifies and sees insurance and balances', async () => {
    const wang = find(j.world as never, '王建国');
    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j1-wang');
    await expect(page.locator('.page-home .js-realname-state').textContent()).resolves.toContain('未实名');
    await j.shot(page, 'home-signed-in');

    await open(page, j.bff.url, 'identity');
    await fillVerify(page, { ...wang, phone: '13900000009' });
    const error = page.locator('.page-identity .js-verify-error');
    await error.waitFor();
    // REAL_NAME_MISMATCH in words a citizen understands, never the bare code
    await expect(error.textContent()).resolves.toMatch(/不一致|不匹配/);
    await expect(error.textContent()).resolves.not.toContain('REAL_NAME_MISMATCH');
    await j.shot(page, 'verify-wrong-phone');

    await page.fill('.page-identity .js-verify-phone', wang.phone);
    await page.click('.page-identity .js-verify-submit');
    await page.locator('.page-identity .js-verify-success').waitFor();
    await j.shot(page, 'verify-success');

    await open(page, j.bff.url, 'home');
    await expect(page.locator('.page-home .js-realname-state').textContent()).resolves.toContain('已实名');
    await expect(page.locator('.page-home .js-insurance-scheme').textContent()).resolves.toContain('职工医保');
    await expect(page.locator('.page-home .js-insurance-status').textContent()).resolves.toContain('正常参保');
    expect(money(await page.locator('.page-home .js-balance-historical').textContent())).toBe(500000);
    expect(money(await page.locator('.page-home .js-balance-current').textContent())).toBe(20000);
    // masked only: the full ID number and phone never reach the page
    const html = await page.content();
    expect(html).not.toContain(wang.idNumber);
    expect(html).not.toContain(wang.phone);
    await j.shot(page, 'home-verified');
  });

  it('shows instant field checks before sending (ID checksum, phone)', async () => {
    const { page } = await j.phone('field checks');
    await signIn(page, j.bff.url, 'e2e-j1-fields');
    await open(page, j.bff.url, 'identity');
    await fillVerify(page, { name: '王建国', idNumber: '320102198003140114', phone: '2380000' });
    await expect(page.locator('.page-identity .js-verify-id-error').textContent()).resolves.toContain('身份证');
    await expect(page.locator('.page-identity .js-verify-phone-error').textContent()).resolves.toContain('手机号');
    await j.shot(page, 'field-errors');
  });
});
