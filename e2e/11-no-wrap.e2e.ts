import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { api } from './support/bff';
import { apiCitizen, bindViaApi, eventually, find, open, signIn } from './support/flows';
import { journey } from './support/journey';

/**
 * The pages with data, and what each must show at least (so that the check cannot pass on an
 * empty page): tokens measured, and the words that tell family members apart (#14 finding 1).
 */
const PAGES: { name: string; minTokens: number; ready: string; people?: RegExp[] }[] = [
  { name: 'home', minTokens: 3, ready: '.js-balance-historical' },
  { name: 'pay', minTokens: 10, ready: '.js-total', people: [/王\*\*\s*本人\s*46岁/, /王\*\*\s*儿子\s*11岁/, /王\*\*\s*父亲\s*74岁/, /李\*\*\s*母亲\s*71岁/] },
  { name: 'family', minTokens: 6, ready: '.js-member', people: [/儿子\s*\d+岁/, /父亲\s*\d+岁/, /母亲\s*\d+岁/] },
  { name: 'orders', minTokens: 8, ready: '.js-order', people: [/本人 王\*\* · \d+岁/, /儿子 王\*\* · \d+岁/, /父亲 王\*\* · \d+岁/] },
  { name: 'statement', minTokens: 6, ready: '.js-entry' },
  { name: 'settlements', minTokens: 6, ready: '.js-settlement', people: [/儿子 王\*\*/] },
  { name: 'qrcode', minTokens: 4, ready: '.js-qr-person', people: [/本人 王\*\* · \d+岁/, /儿子 王\*\* · \d+岁/, /父亲 王\*\* · \d+岁/] },
];

interface Measured {
  tokens: number;
  broken: string[];
}

/**
 * #14 finding 5, measured in the DOM of the visible page: every element marked as a token
 * (`.nw`: money, dates, ages, places) and every money / date / age run found in the page's text
 * (marked or not, buttons too) lies on one line — its boxes share one line top.
 */
async function measure(page: Page, name: string): Promise<Measured> {
  return page.evaluate((root) => {
    const scope = [...document.querySelectorAll(`.page-${root}`)].find((el) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0);
    if (!scope) return { tokens: 0, broken: [`no visible .page-${root}`] };
    const lines = (rects: DOMRectList | DOMRect[]) => {
      const tops: number[] = [];
      for (const r of Array.from(rects)) {
        if (r.width === 0 && r.height === 0) continue;
        if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
      }
      return tops.length;
    };
    const broken: string[] = [];
    let tokens = 0;
    const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.sr-only');
    for (const el of scope.querySelectorAll('.nw')) {
      if (!visible(el)) continue;
      tokens++;
      const n = lines(el.getClientRects());
      if (n !== 1) broken.push(`.nw "${el.textContent}" on ${n} lines`);
    }
    const TOKEN = /[−+-]?¥[\d,]+\.\d{2}|\d{4}年\d{1,2}月\d{1,2}日|\d+岁/g;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !visible(parent)) continue;
      for (const m of (node.textContent ?? '').matchAll(TOKEN)) {
        const range = document.createRange();
        range.setStart(node, m.index ?? 0);
        range.setEnd(node, (m.index ?? 0) + m[0].length);
        tokens++;
        const n = lines(range.getClientRects());
        if (n !== 1) broken.push(`text "${m[0]}" on ${n} lines (in "${(parent.textContent ?? '').slice(0, 40)}")`);
      }
    }
    return { tokens, broken };
  }, name);
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);
}

/** Order through the API (Idempotency-Key as the mini-program sends it). */
async function order(base: string, token: string, insured: string[]): Promise<void> {
  const r = await fetch(`${base}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ productId: 'JS-YHB-2027', insured, payMethod: 'PERSONAL_ACCOUNT' }),
  });
  expect(r.status).toBe(201);
}

// Journey 11 (#14 findings 1 and 5): at 375×667, in the normal and the 大字版 mode, no money,
// date, age or place token of the pages with data breaks over two lines, nothing scrolls
// sideways, and the family — a son and a father both "王**" — reads apart by word and age.
describe('journey 11: tokens never wrap, family members told apart (375×667, normal and 大字版)', () => {
  const j = journey('11-no-wrap');

  it('measures every money/date/age/place token on one line on home, pay, family, orders, statement, settlements and 医保码', async () => {
    const wang = find(j.world as never, '王建国');
    const token = await apiCitizen(j.bff.url, 'e2e-j11-wang', wang);
    const son = await bindViaApi(j.bff.url, token, find(j.world as never, '王小明'), 'CHILD');
    const father = await bindViaApi(j.bff.url, token, find(j.world as never, '王德福'), 'PARENT', 'e2e-j11-de');
    const mother = await bindViaApi(j.bff.url, token, find(j.world as never, '李秀英'), 'PARENT', 'e2e-j11-li');
    expect((await api(j.bff.url, 'PUT', '/family/modes', { pay: true, premium: true }, token)).status).toBe(200);
    const self = (await api(j.bff.url, 'GET', '/me', undefined, token)).body.person.personId as string;

    // data on every page: an order for three people (ledger entries), a bill for the son paid
    // partly from the father's account (共济支付), one for the organizer himself
    await order(j.bff.url, token, [self, son.personId, father.personId]);
    const desk = (await api(j.bff.url, 'POST', '/hospital/sessions', { hospitalId: 'H320102001', secret: 'demo-secret-nj' })).body.accessToken as string;
    for (const [i, personId] of [son.personId, self].entries()) {
      const qr = await api(j.bff.url, 'POST', '/qrcodes', { personId }, token);
      expect(qr.status).toBe(201);
      const checkIn = await api(j.bff.url, 'POST', '/hospital/check-ins', { token: qr.body.token, department: '内科' }, desk);
      expect(checkIn.status).toBe(201);
      const bill = await api(j.bff.url, 'POST', '/hospital/settlements', { checkInId: checkIn.body.checkInId, billNo: `J11-${i}`, totalFen: 1234567, compliantFen: 1200000 }, desk);
      expect(bill.status).toBe(201);
    }

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j11-wang');

    const problems: string[] = [];
    for (const mode of ['normal', 'elder'] as const) {
      await page.evaluate((on) => localStorage.setItem('yibao.elder', JSON.stringify({ data: on ? '1' : '0' })), mode === 'elder');
      await page.reload();
      for (const p of PAGES) {
        await open(page, j.bff.url, p.name);
        const root = page.locator(`.page-${p.name}`).first();
        await eventually(() => root.getAttribute('class'), (c) => expect(/\belder\b/.test(c ?? '')).toBe(mode === 'elder'));
        await root.locator(p.ready).first().waitFor({ timeout: 15_000 });
        if (p.name === 'pay') {
          // everyone ticked: each person's price, cover date and the total are shown
          for (const id of [son.personId, father.personId, mother.personId]) {
            const row = page.locator(`.page-pay #person-${id}`);
            if (!(await row.getAttribute('class'))?.includes('is-checked')) await row.locator('.js-person-checkbox').click();
          }
          for (const id of [self, son.personId, father.personId, mother.personId]) {
            await page.locator(`.page-pay #person-${id} .js-person-amount`).waitFor({ timeout: 15_000 });
          }
        }
        await page.waitForTimeout(400); // late loads (names, the latest 共济 payment) settle
        await j.shot(page, `${mode}-${p.name}`);
        const m = await measure(page, p.name);
        if (m.tokens < p.minTokens) problems.push(`${mode} ${p.name}: only ${m.tokens} tokens measured (expected ≥ ${p.minTokens})`);
        for (const b of m.broken) problems.push(`${mode} ${p.name}: ${b}`);
        const overflow = await sidewaysOverflow(page);
        if (overflow > 0) problems.push(`${mode} ${p.name}: scrolls sideways by ${overflow}px`);
        const text = ((await root.textContent()) ?? '').replace(/\s+/g, ' ');
        for (const re of p.people ?? []) if (!re.test(text)) problems.push(`${mode} ${p.name}: no "${re.source}" (family members told apart)`);
      }
    }
    expect(problems).toEqual([]);
  });
});
