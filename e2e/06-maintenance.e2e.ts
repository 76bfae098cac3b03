import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, eventually, find, open, signIn } from './support/flows';
import { journey, NOW } from './support/journey';

// Journey 6 (issue 5, P-OPS-1): a second world file with a maintenance window around the
// sandbox clock: the home page shows the notice, the pay button explains that payment is
// suspended until the resume time, and the API refuses the order with 503 and resumesAt.
const window = { startsAt: '2026-11-24T09:00:00+08:00', endsAt: '2026-11-24T18:30:00+08:00', message: '医保信息系统停机切换' };

describe('journey 6: planned maintenance', () => {
  const j = journey('06-maintenance', { world: (w) => ({ ...w, maintenance: [window] }), now: NOW });

  it('shows the notice on the home page and suspends payment until the resume time', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j6-wang', wang); // verification keeps working
    const notices = await api(j.bff.url, 'GET', '/notices');
    expect(notices.body).toEqual({ suspended: true, maintenance: [window] });

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j6-wang');
    const banner = page.locator('.page-home .js-maintenance-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('系统维护中');
    await expect(banner.locator('.js-maintenance-resume').first().textContent()).resolves.toContain('18:30');
    await j.shot(page, 'home-notice');

    await open(page, j.bff.url, 'pay');
    const suspended = page.locator('.page-pay .js-pay-suspended');
    await suspended.waitFor();
    await expect(suspended.textContent()).resolves.toMatch(/暂停缴费.*11月24日 18:30.*恢复/);
    const confirm = page.locator('.page-pay .js-pay-confirm');
    await eventually(() => confirm.getAttribute('aria-disabled'), (v) => expect(v).toBe('true'));
    await expect(confirm.textContent()).resolves.toContain('暂停缴费');
    await j.shot(page, 'pay-suspended');

    const me = await api(j.bff.url, 'GET', '/me', undefined, token);
    const order = await fetch(`${j.bff.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'e2e-maint-0001' },
      body: JSON.stringify({ productId: 'JS-YHB-2027', insured: [me.body.person.personId], payMethod: 'PERSONAL_ACCOUNT' }),
    });
    expect(order.status).toBe(503);
    const body = await order.json();
    expect(body.error).toMatchObject({ code: 'SERVICE_SUSPENDED', resumesAt: window.endsAt });
    expect((await api(j.bff.url, 'GET', '/orders', undefined, token)).body).toEqual([]);
  });
});
