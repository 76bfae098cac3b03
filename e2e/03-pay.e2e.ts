import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, money, open, signIn } from './support/flows';
import { journey } from './support/journey';

// Journey 3 (issue 5): buys the open 惠民保 for self, child and parent from the personal
// account; per-person prices and the total show; the confirmation is tapped twice quickly and
// one order results (P-PAY-8); the home balances fall by exactly the debit (P-PAY-5).
describe('journey 3: pay 江苏医惠保1号 for the family from the personal account', () => {
  // #14: the product data may say what it covers and its 投保须知 (optional world fields)
  const j = journey('03-pay', {
    world: (w) => {
      const p = (w as unknown as { products: { productId: string; description?: string; coverage?: string[] }[] }).products.find((x) => x.productId === 'JS-YHB-2027')!;
      p.coverage = ['医保目录内住院自付费用：免赔额1.5万元，赔付70%，最高100万元', '特定高额药品费用：赔付60%，最高100万元'];
      p.description = '江苏省基本医保参保人均可投保，不限年龄、职业和健康状况。保费一经缴纳，保障期间开始后不予退还。';
      return w;
    },
  });

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
    const info = page.locator('.page-pay .js-product-info');
    await info.waitFor();
    await expect(info.locator('.js-product-cover').textContent()).resolves.toBe('2027年1月1日 至 2027年12月31日');
    await expect(info.locator('.js-product-coverage').textContent()).resolves.toContain('住院自付费用');
    await expect(info.locator('.js-product-notice').textContent()).resolves.toContain('投保须知');
    await info.scrollIntoViewIfNeeded();
    await j.shot(page, 'product-info');
    const self = (await api(j.bff.url, 'GET', '/me', undefined, token)).body.person.personId as string;
    for (const id of [child.personId, mother.personId]) await page.click(`.page-pay #person-${id} .js-person-checkbox`);
    for (const id of [self, child.personId, mother.personId]) {
      const row = page.locator(`.page-pay #person-${id}`);
      await eventually(() => row.locator('.js-person-amount').textContent().catch(() => null), (t) => expect(money(t)).toBe(5900));
      await expect(row.locator('.js-person-cover-from').textContent()).resolves.toContain('2027');
    }
    await eventually(() => page.locator('.page-pay .js-total').textContent(), (t) => expect(money(t)).toBe(17700));
    await j.shot(page, 'prices-and-total');

    // #14 finding 3: the account payment asks first — who pays, for whom, how much, which bucket
    const confirm = page.locator('.page-pay .js-pay-confirm');
    await eventually(() => confirm.getAttribute('aria-disabled'), (v) => expect(v).toBe('false'));
    await confirm.click();
    const sheet = page.locator('.page-pay .js-confirm-account');
    await sheet.waitFor();
    expect(money(await sheet.locator('.js-sheet-amount').textContent())).toBe(17700);
    await expect(sheet.locator('.js-confirm-payer').textContent()).resolves.toContain('本人 王**');
    expect(await sheet.locator('.js-confirm-person').count()).toBe(3);
    expect(money(await sheet.locator('.js-confirm-current').textContent())).toBe(5900);
    expect(money(await sheet.locator('.js-confirm-historical').textContent())).toBe(11800);
    expect((await api(j.bff.url, 'GET', '/orders', undefined, token)).body).toHaveLength(0); // nothing moved yet
    await j.shot(page, 'confirm-sheet');

    // two quick taps on the sheet's 确认支付: one gesture, so that the second tap cannot miss a
    // button that a fast answer has already replaced with the result (two separate clicks did)
    await sheet.locator('.js-sheet-confirm').click({ clickCount: 2, delay: 0, noWaitAfter: true });
    await page.locator('.page-pay .js-pay-result-paid').waitFor();
    await page.locator('.page-pay .js-result-icon').waitFor();
    await expect(page.locator('.page-pay .js-result-title').textContent()).resolves.toBe('缴费成功');
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
    // the order's detail page: people, cover period, the 当年/历年 split, a short order number
    await page.click('.page-orders .js-order-detail');
    const detail = page.locator('.page-order-detail .js-detail');
    await detail.waitFor();
    await expect(page.locator('.page-order-detail .js-detail-no').textContent()).resolves.toMatch(/^[A-Z0-9]{8}$/);
    await eventually(() => page.locator('.page-order-detail .js-detail-cover').count(), (n) => expect(n).toBe(3));
    await expect(page.locator('.page-order-detail .js-detail-cover').first().textContent()).resolves.toBe('2027年1月1日 至 2027年12月31日');
    expect(money(await page.locator('.page-order-detail .js-detail-current').textContent())).toBe(5900);
    await j.shot(page, 'order-detail');
  });
});
