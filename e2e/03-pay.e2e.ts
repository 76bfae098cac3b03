import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, money, open, signIn } from './support/flows';
import { journey } from './support/journey';

// Journey 3 (issue 5): buys the open 惠民保 for self, child and parent from the personal
// account; per-person prices and the total show; the confirmation is tapped twice quickly and
// one order results (P-PAY-8); the home balances fall by exactly the debit (P-PAY-5).
describe('journey 3: pay 江苏医惠保1号 for the family from the personal account', () => {
  const j = journey('03-pay');

  it('shows prices, pays once on a double tap, and the balances fall by the debit', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j3-wang', wang);
    const child = await bindViaApi(j.bff.url, token, find(j.world as never, '王小明'), 'CHILD');
    const mother = await bindViaApi(j.bff.url, token, find(j.world as never, '李秀英'), 'PARENT', 'e2e-j3-li');
    expect((await api(j.bff.url, 'PUT', '/family/modes', { pay: false, premium: true }, token)).status).toBe(200);

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j3-wang');
    const historical = page.locator('.page-home .js-balance-historical');
    const current = page.locator('.page-home .js-balance-current');
    await historical.waitFor();
    const before = { historical: money(await historical.textContent()), current: money(await current.textContent()) };
    expect(before).toEqual({ historical: 500000, current: 20000 });

    await open(page, j.bff.url, 'pay');
    await page.click('.page-pay #product-JS-YHB-2027');
    const self = (await api(j.bff.url, 'GET', '/me', undefined, token)).body.person.personId as string;
    for (const id of [child.personId, mother.personId]) await page.click(`.page-pay #person-${id} .js-person-checkbox`);
    for (const id of [self, child.personId, mother.personId]) {
      const row = page.locator(`.page-pay #person-${id}`);
      await eventually(() => row.locator('.js-person-amount').textContent().catch(() => null), (t) => expect(money(t)).toBe(5900));
      await expect(row.locator('.js-person-cover-from').textContent()).resolves.toContain('2027');
    }
    await eventually(() => page.locator('.page-pay .js-total').textContent(), (t) => expect(money(t)).toBe(17700));
    await j.shot(page, 'prices-and-total');

    // two quick taps on the confirmation: one gesture, so that the second tap cannot miss a
    // button that a fast answer has already replaced with the result (two separate clicks did)
    const confirm = page.locator('.page-pay .js-pay-confirm');
    await eventually(() => confirm.getAttribute('aria-disabled'), (v) => expect(v).toBe('false'));
    await confirm.click({ clickCount: 2, delay: 0, noWaitAfter: true });
    await page.locator('.page-pay .js-pay-result-paid').waitFor();
    const debit = await page.locator('.page-pay .js-result-debit').textContent();
    await j.shot(page, 'paid');

    const orders = await api(j.bff.url, 'GET', '/orders', undefined, token);
    expect(orders.body).toHaveLength(1);
    const order = orders.body[0];
    expect(order).toMatchObject({ status: 'PAID', totalFen: 17700, debit: { historicalFen: 11800, currentFen: 5900 } });
    expect(money(debit)).toBeGreaterThan(0);

    await open(page, j.bff.url, 'home');
    await eventually(
      async () => ({ historical: money(await historical.textContent()), current: money(await current.textContent()) }),
      (after) => expect(after).toEqual({ historical: before.historical - order.debit.historicalFen, current: before.current - order.debit.currentFen }),
    );
    await j.shot(page, 'home-after');

    await open(page, j.bff.url, 'orders');
    await eventually(() => page.locator('.page-orders .js-order').count(), (n) => expect(n).toBe(1));
    await expect(page.locator('.page-orders .js-order-total').textContent()).resolves.toContain('177.00');
    await j.shot(page, 'orders');
  });
});
