import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, money, open, signIn } from './support/flows';
import { journey } from './support/journey';

// Journey 4 (issue 5): a balance too small for the whole order (P-PAY-5): the reason shows and
// self-pay is offered; choosing it leaves an order awaiting payment and the account untouched.
describe('journey 4: insufficient balance, then self-pay', () => {
  const j = journey('04-insufficient');

  it('explains INSUFFICIENT_BALANCE and offers self-pay', async () => {
    const qian = find(j.world as never, '钱进'); // 历年结余 150.00, 当年 0
    const token = await apiCitizen(j.bff.url, 'e2e-j4-qian', qian);
    const kids = [await bindViaApi(j.bff.url, token, find(j.world as never, '钱多多'), 'CHILD'), await bindViaApi(j.bff.url, token, find(j.world as never, '钱小雨'), 'CHILD')];
    expect((await api(j.bff.url, 'PUT', '/family/modes', { pay: false, premium: true }, token)).status).toBe(200);

    const { page } = await j.phone('钱进');
    await signIn(page, j.bff.url, 'e2e-j4-qian');
    await open(page, j.bff.url, 'pay');
    await page.click('.page-pay #product-JS-YHB-2027');
    for (const k of kids) await page.click(`.page-pay #person-${k.personId} .js-person-checkbox`);
    await eventually(() => page.locator('.page-pay .js-total').textContent(), (t) => expect(money(t)).toBe(17700));
    const reason = page.locator('.page-pay .js-payer-reason');
    await eventually(() => reason.textContent().catch(() => ''), (t) => expect(t).toContain('余额不足'));
    await expect(page.locator('.page-pay .js-pay-confirm').getAttribute('aria-disabled')).resolves.toBe('true');
    const selfPay = page.locator('.page-pay .js-pay-selfpay');
    await selfPay.waitFor();
    await j.shot(page, 'insufficient');

    await selfPay.click();
    await page.locator('.page-pay .js-pay-result-awaiting').waitFor();
    await j.shot(page, 'self-pay-awaiting');
    const orders = await api(j.bff.url, 'GET', '/orders', undefined, token);
    expect(orders.body).toHaveLength(1);
    expect(orders.body[0]).toMatchObject({ status: 'AWAITING_PAYMENT', totalFen: 17700 });
    const me = await api(j.bff.url, 'GET', '/me', undefined, token);
    expect(me.body.person.insurance.account).toEqual({ historicalFen: 15000, currentFen: 0 });
  });
});
