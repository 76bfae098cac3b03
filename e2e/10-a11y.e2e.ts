import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, open } from './support/flows';
import { journey } from './support/journey';

// Journey 9 (issue 19): accessibility, WCAG 2.1 AA. axe-core (from npm, injected into the page;
// the app's CSP forbids the injected script, so the context bypasses CSP) audits every page in
// both modes, normal and 大字版, with Taro's page container scrolled step by step so that content
// below the fold is audited too: no serious or critical violation, and `meta-viewport` (pinch
// zoom allowed) passes. Then a citizen signs in, verifies and pays for himself with the keyboard
// alone (Tab, Enter, Space).

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PAGES = ['home', 'qrcode', 'family', 'mine', 'pay', 'orders', 'identity', 'statement', 'settlements', 'memberships', 'account', 'login', 'legal/terms', 'legal/privacy'];

interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
  summary: string;
}

/** axe on the page as it is, at every scroll step of the visible page container; violations merged. */
async function audit(page: Page): Promise<{ violations: Violation[]; metaViewportPasses: boolean }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    type AxeNode = { target: string[]; failureSummary?: string };
    type AxeResult = { id: string; impact: string | null; nodes: AxeNode[] };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: AxeResult[]; passes: AxeResult[] }> } }).axe;
    // the scrolling element of the shown page (Taro H5 scrolls .taro_page, or the document)
    const scrollers = [...document.querySelectorAll<HTMLElement>('.taro_page, .taro_page_stationed, .taro-tabbar__panel, body, html')].filter(
      (el) => el.offsetParent !== null || el === document.body || el === document.documentElement,
    );
    const scroller = scrollers.find((el) => el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(el).overflowY)) ?? document.scrollingElement ?? document.documentElement;
    const merged = new Map<string, { id: string; impact: string | null; targets: Set<string>; summary: string }>();
    let metaViewportPasses = false;
    const step = Math.max(200, scroller.clientHeight - 80);
    for (let top = 0, n = 0; n < 8; top += step, n++) {
      scroller.scrollTop = top;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      if (r.passes.some((p) => p.id === 'meta-viewport')) metaViewportPasses = true;
      for (const v of r.violations) {
        const m = merged.get(v.id) ?? { id: v.id, impact: v.impact, targets: new Set<string>(), summary: v.nodes[0]?.failureSummary ?? '' };
        for (const node of v.nodes) m.targets.add(node.target.join(' '));
        merged.set(v.id, m);
      }
      if (top + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = 0;
    return { violations: [...merged.values()].map((m) => ({ ...m, targets: [...m.targets] })), metaViewportPasses };
  }, TAGS);
}

/** Presses Tab until the focused element matches `selector` (at most `max` presses). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  // while Taro's page slide runs, the page being left still takes focus: start once it has ended
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, { timeout: 3000 })
    .catch(() => undefined);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`Tab never reached ${selector} (focus ends on ${at})`);
}

describe('journey 10: accessibility (axe WCAG 2.1 AA, keyboard only)', () => {
  const j = journey('10-a11y');

  it('axe finds no serious or critical violation on any page, normal and 大字版, and zoom is allowed', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j9-wang', wang);
    await bindViaApi(j.bff.url, token, find(j.world as never, '王小明'), 'CHILD');
    await bindViaApi(j.bff.url, token, find(j.world as never, '李秀英'), 'PARENT', 'e2e-j9-li');
    expect((await api(j.bff.url, 'PUT', '/family/modes', { pay: true, premium: true }, token)).status).toBe(200);

    // a phone context that lets the injected axe script run despite the app's CSP
    const context = await j.browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
    const page = await context.newPage();
    await open(page, j.bff.url, 'login');
    await page.fill('.page-login .js-login-openid', 'e2e-j9-wang');
    await page.click('.page-login .js-login-agree');
    await page.click('.page-login .js-login-submit');
    await page.locator('.page-home').first().waitFor({ state: 'visible' });

    const report: { page: string; mode: string; violations: Violation[] }[] = [];
    const problems: string[] = [];
    const tabLabelPx = () => page.locator('.weui-tabbar__label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    let normalTabLabel = 0;
    for (const mode of ['normal', 'elder']) {
      if (mode === 'elder') {
        await open(page, j.bff.url, 'mine');
        normalTabLabel = await tabLabelPx();
        await page.click('.page-mine .js-elder-switch');
        await eventually(() => page.locator('.page-mine .js-elder-switch').getAttribute('aria-checked'), (v) => expect(v).toBe('true'));
        // 大字版 reaches the tab bar too (finding 7)
        expect(await tabLabelPx()).toBeGreaterThan(normalTabLabel);
        await j.shot(page, 'elder-tabbar');
      }
      for (const name of PAGES) {
        await open(page, j.bff.url, name);
        await page.waitForLoadState('networkidle');
        await page.locator(`.page-${name.split('/').pop()} .js-loading`).first().waitFor({ state: 'detached' }).catch(() => undefined);
        const r = await audit(page);
        report.push({ page: name, mode, violations: r.violations });
        if (!r.metaViewportPasses) problems.push(`${name} (${mode}): meta-viewport does not pass`);
        for (const v of r.violations) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${name} (${mode}): ${v.id} [${v.impact}] ${v.targets.slice(0, 3).join(' | ')} — ${v.summary.split('\n').slice(0, 2).join(' ')}`);
      }
    }
    await context.close();
    const distinct = new Set(report.flatMap((r) => r.violations.map((v) => v.id)));
    const byImpact: Record<string, number> = {};
    for (const r of report) for (const v of r.violations) byImpact[v.impact ?? 'none'] = (byImpact[v.impact ?? 'none'] ?? 0) + 1;
    console.log(`[a11y] ${report.length} page states, ${distinct.size} distinct violations (${[...distinct].join(', ') || 'none'}); page×rule by impact ${JSON.stringify(byImpact)}`);
    expect(problems).toEqual([]);
  });

  it('a citizen signs in, verifies and pays for himself with Tab, Enter and Space alone', async () => {
    const sun = find(j.world as never, '孙立新');
    const { page } = await j.phone('孙立新 (keyboard)');
    await open(page, j.bff.url, 'login');
    // sign in: the openid field is reached with Tab, typed into, and 登录 pressed with Enter
    await tabTo(page, '.page-login .js-login-openid');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('e2e-j9-sun');
    // #14: the consent tick, with Space
    await tabTo(page, '.page-login .js-login-agree');
    await page.keyboard.press(' ');
    await tabTo(page, '.page-login .js-login-submit');
    await page.keyboard.press('Enter');
    await page.locator('.page-home .js-home-verify').waitFor();

    // 实名认证: to the form with Enter, three fields, 提交认证 with Space
    await tabTo(page, '.page-home .js-home-verify');
    await page.keyboard.press('Enter');
    await page.locator('.page-identity .js-verify-name').waitFor();
    await tabTo(page, '.page-identity .js-verify-name');
    await page.keyboard.type(sun.name);
    await tabTo(page, '.page-identity .js-verify-id');
    await page.keyboard.type(sun.idNumber);
    await tabTo(page, '.page-identity .js-verify-phone');
    await page.keyboard.type(sun.phone);
    await tabTo(page, '.page-identity .js-verify-submit');
    await page.keyboard.press(' ');
    await expect(page.locator('.page-identity .js-verify-success').textContent({ timeout: 10_000 })).resolves.toContain('实名认证成功');
    await tabTo(page, '.page-identity .js-verify-home');
    await page.keyboard.press('Enter');

    // 医保缴费 from the home tiles; the product picked with Space, oneself is checked by default
    await page.locator('.page-home .js-shortcut-pay').waitFor();
    await tabTo(page, '.page-home .js-shortcut-pay');
    await page.keyboard.press('Enter');
    await page.locator('.page-pay #product-JS-YHB-2027').waitFor();
    await tabTo(page, '.page-pay #product-JS-YHB-2027');
    await page.keyboard.press(' ');
    await expect(page.locator('.page-pay #product-JS-YHB-2027').getAttribute('aria-checked')).resolves.toBe('true');
    const confirm = page.locator('.page-pay .js-pay-confirm');
    await eventually(() => confirm.getAttribute('aria-disabled'), (v) => expect(v).toBe('false'));
    await j.shot(page, 'keyboard-before-pay');
    await tabTo(page, '.page-pay .js-pay-confirm');
    await page.keyboard.press('Enter');
    // #14 finding 3: the confirmation sheet takes the focus (its title); Tab reaches 确认支付
    await page.locator('.page-pay .js-confirm-account').waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.classList.contains('js-sheet-title') ?? false), (v) => expect(v).toBe(true));
    await tabTo(page, '.page-pay .js-confirm-account .js-sheet-confirm');
    await page.keyboard.press('Enter');
    await page.locator('.page-pay .js-pay-result-paid').waitFor();
    await j.shot(page, 'keyboard-paid');
  });
});
