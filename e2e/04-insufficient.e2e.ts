import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, money, open, signIn } from './support/flows';
import { journey } from './support/journey';

// Journey 4 (issue 5): a balance too small for the whole order (P-PAY-5): the reason shows and
// self-pay is offered; choosing it leaves an order awaiting payment and the account untouched;
// the sandbox cashier then pays it (#14 finding 4) and it leaves the pending list.
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
    // #14 finding 8: said once, with by how much and which choice would fit
    const short = page.locator('.page-pay .js-balance-short');
    await short.waitFor();
    expect(await short.count()).toBe(1);
    expect(money(await page.locator('.page-pay .js-balance-short-by').textContent())).toBe(2700);
    await expect(page.locator('.page-pay .js-balance-fit').textContent()).resolves.toContain('¥118.00');
    await expect(page.locator('.page-pay .js-pay-confirm').getAttribute('aria-disabled')).resolves.toBe('true');
    const selfPay = page.locator('.page-pay .js-pay-selfpay');
    await selfPay.waitFor();
    await short.scrollIntoViewIfNeeded();
    await j.shot(page, 'insufficient');

    // #14 findings 3 and 4: self-pay asks first, then the order waits for the cashier
    await selfPay.click();
    const sheet = page.locator('.page-pay .js-confirm-selfpay');
    await sheet.waitFor();
    await expect(sheet.locator('.js-confirm-bucket').textContent()).resolves.toContain('不使用个人账户');
    await j.shot(page, 'self-pay-sheet');
    await sheet.locator('.js-sheet-confirm').click();
    await page.locator('.page-pay .js-pay-result-awaiting').waitFor();
    await j.shot(page, 'self-pay-awaiting');
    const orders = await api(j.bff.url, 'GET', '/orders', undefined, token);
    expect(orders.body).toHaveLength(1);
    expect(orders.body[0]).toMatchObject({ status: 'AWAITING_PAYMENT', totalFen: 17700 });

    // 去支付: the order's page opens the sandbox cashier; 确认支付 → PAID, the success page
    await page.click('.page-pay .js-result-done');
    const cashier = page.locator('.page-order-detail .js-cashier');
    await cashier.waitFor();
    expect(money(await cashier.locator('.js-sheet-amount').textContent())).toBe(17700);
    await j.shot(page, 'cashier');
    await cashier.locator('.js-sheet-confirm').click();
    await page.locator('.page-order-detail .js-paid-result').waitFor();
    await j.shot(page, 'self-pay-paid');
    const paid = await api(j.bff.url, 'GET', '/orders', undefined, token);
    expect(paid.body[0]).toMatchObject({ status: 'PAID', totalFen: 17700, paidAt: expect.any(String) });
    const me = await api(j.bff.url, 'GET', '/me', undefined, token);
    expect(me.body.person.insurance.account).toEqual({ historicalFen: 15000, currentFen: 0 }); // self-pay: the account untouched

    // 完成 → 订单: nothing waits for payment any more
    await page.click('.page-order-detail .js-result-done');
    await page.locator('.page-orders .js-order').first().waitFor();
    await eventually(() => page.locator('.page-orders .js-orders-pending').count(), (n) => expect(n).toBe(0));
    await expect(page.locator('.page-orders .js-order-status').first().textContent()).resolves.toBe('已支付');
    await j.shot(page, 'orders-after-self-pay');
  });
});
