import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, open, signIn } from './support/flows';
import { journey } from './support/journey';

const PAGES = ['home', 'qrcode', 'family', 'mine', 'pay', 'orders', 'identity', 'statement', 'settlements', 'memberships', 'login', 'legal/privacy'];
const MIN_TAP_PX = 44;

/** What a finger can tap on the visible page, with its rendered height. */
async function tapTargets(page: Page, name: string): Promise<{ what: string; height: number }[]> {
  return page.evaluate((root) => {
    const scope = document.querySelector(`.page-${root}`);
    const selectors = 'button, .taro-button-core, [role=button], [role=switch], [role=checkbox], [role=radio], [role=tab], input, a[href], .weui-tabbar__item, .taro-tabbar__tabbar-item';
    const all = [...(scope?.querySelectorAll(selectors) ?? []), ...document.querySelectorAll('.weui-tabbar__item, .taro-tabbar__tabbar-item')];
    return [...new Set(all)]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
      })
      .map((el) => ({ what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}"`, height: Math.round(el.getBoundingClientRect().height) }));
  }, name);
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);
}

// Journey 7 (issue 5): 大字版 (适老化). Switched on 我的 and remembered; at 375×667 no page
// scrolls sideways and every tap target is at least 44 px high, measured from the DOM.
describe('journey 7: 大字版 elderly mode at 375×667', () => {
  const j = journey('07-elderly');

  it('enlarges the home page, no sideways scroll, every tap target ≥ 44 px on every page', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j7-wang', wang);
    await bindViaApi(j.bff.url, token, find(j.world as never, '王小明'), 'CHILD');
    await bindViaApi(j.bff.url, token, find(j.world as never, '李秀英'), 'PARENT', 'e2e-j7-li');
    expect((await api(j.bff.url, 'PUT', '/family/modes', { pay: true, premium: true }, token)).status).toBe(200);

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j7-wang');
    const titleSize = () => page.locator('.page-home .js-balance-historical').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.locator('.page-home .js-balance-historical').waitFor();
    const normal = await titleSize();
    await j.shot(page, 'home-normal');

    await open(page, j.bff.url, 'mine');
    const toggle = page.locator('.page-mine .js-elder-switch');
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('false');
    await toggle.click();
    await eventually(() => toggle.getAttribute('aria-checked'), (v) => expect(v).toBe('true'));

    // remembered on the device: a reload keeps it
    await page.reload();
    await open(page, j.bff.url, 'home');
    await eventually(() => page.locator('.page-home').first().getAttribute('class'), (c) => expect(c).toContain('elder'));
    await page.locator('.page-home .js-balance-historical').waitFor();
    expect(await titleSize()).toBeGreaterThan(normal);
    await j.shot(page, 'home-elder');

    const problems: string[] = [];
    for (const name of PAGES) {
      await open(page, j.bff.url, name);
      await page.waitForTimeout(600); // data loads; measure the settled page
      await j.shot(page, `elder-${name.replace('/', '-')}`);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow}px`);
      const targets = await tapTargets(page, name.split('/').pop()!);
      if (targets.length === 0) problems.push(`${name}: no tap targets found`);
      for (const t of targets) if (t.height < MIN_TAP_PX) problems.push(`${name}: ${t.what} is ${t.height}px high`);
    }
    expect(problems).toEqual([]);
  });
});
