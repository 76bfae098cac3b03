import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { api } from './bff';

/** A citizen of the world file, as the journeys use them. */
export interface Citizen {
  name: string;
  idNumber: string;
  phone: string;
}

export function find(world: { citizens: Citizen[] }, name: string): Citizen {
  const c = world.citizens.find((x) => x.name === name);
  if (!c) throw new Error(`no citizen ${name} in the world`);
  return c;
}

/** Opens an H5 page by its Taro route (hash router) and waits for its root. */
export async function open(page: Page, base: string, name: string): Promise<void> {
  // 'legal/terms': a subpackage of several pages (root class page-terms)
  const route = name.includes('/') ? `pages/${name}` : `pages/${name}/index`;
  await page.goto(`${base}/#/${route}`);
  await page.locator(`.page-${name.split('/').pop()}`).first().waitFor({ state: 'visible' });
}

/** Signs in on the 登录 page with a sandbox openid (what `sandbox:<openid>` is in the BFF). */
export async function signIn(page: Page, base: string, openid: string): Promise<void> {
  await open(page, base, 'login');
  await page.fill('.page-login .js-login-openid', openid);
  await page.click('.page-login .js-login-agree'); // #14: 《用户服务协议》《隐私政策》 ticked first
  await page.click('.page-login .js-login-submit');
  await page.locator('.page-home').first().waitFor({ state: 'visible' });
}

export async function fillVerify(page: Page, c: Citizen): Promise<void> {
  await page.fill('.page-identity .js-verify-name', c.name);
  await page.fill('.page-identity .js-verify-id', c.idNumber);
  await page.fill('.page-identity .js-verify-phone', c.phone);
  await page.click('.page-identity .js-verify-submit');
}

/** 实名认证 through the UI, asserting success. */
export async function verifyInUi(page: Page, base: string, c: Citizen): Promise<void> {
  await open(page, base, 'identity');
  await fillVerify(page, c);
  await expect(page.locator('.page-identity .js-verify-success').textContent({ timeout: 10_000 })).resolves.toContain('实名认证成功');
}

/** The same citizen's session on the API side (for setup and for checks the UI cannot show). */
export async function apiCitizen(base: string, openid: string, c?: Citizen): Promise<string> {
  const login = await api(base, 'POST', '/auth/login', { code: `sandbox:${openid}` });
  expect(login.status).toBe(200);
  const token = login.body.accessToken as string;
  if (c) {
    const v = await api(base, 'POST', '/identity/verify', c, token);
    expect([200, 409]).toContain(v.status);
    if (v.status === 409) throw new Error(`identity of ${c.name} is held by another account`);
  }
  return token;
}

/** Binds a member through the API; accepts with the member's own account when consent is needed. */
export async function bindViaApi(base: string, organizer: string, member: Citizen, relation: string, memberOpenid?: string): Promise<{ memberId: string; personId: string }> {
  const r = await api(base, 'POST', '/family/members', { name: member.name, idNumber: member.idNumber, relation }, organizer);
  expect(r.status).toBe(201);
  if (r.body.status === 'PENDING_CONSENT') {
    if (!memberOpenid) throw new Error(`${member.name} needs to consent`);
    const token = await apiCitizen(base, memberOpenid, member);
    expect((await api(base, 'POST', `/family/invitations/${r.body.memberId}/accept`, undefined, token)).status).toBe(200);
  }
  return { memberId: r.body.memberId, personId: r.body.personId };
}

/** Yuan with two decimals, as the app shows fen. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** The number in a money text like "¥4,882.00" or "4882.00 元". */
export function money(text: string | null): number {
  const m = /(-?[\d,]+\.\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return Math.round(Number(m[1].replace(/,/g, '')) * 100);
}

/** Polls `read` until it passes `check` (or 10 s pass), then asserts on the last value. */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => void, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
