import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Browser, chromium, Page } from 'playwright-core';
import { api, RunningBff, specWorld, startBff } from './support/bff';
import { ARTIFACTS, launch, phone, shot, writeConsole } from './support/browser';
import { apiCitizen, bindViaApi, eventually, find, money, open, signIn, yuan } from './support/flows';
import { NOW } from './support/journey';

// Journey 8 (issue 13): the hospital desk (医保窗口) at /desk/ in a desktop Chromium whose camera
// is a fake device playing a video of the child's 医保码, screenshotted from the father's phone.
// Sign-in, check-in by camera and by the keyboard path (a USB scanner types like a keyboard), a
// refused second scan, the patient card, three screen sizes; then, once the counter-settlement
// endpoints answer (API.md P-SET), preview, settle from the father's 历年结余, the receipt (print
// emulation and PDFs on A5 and 80 mm paper), today's list, 退费 and the balance coming back.
const NAME = '08-desk';
const HOSPITAL = { hospitalId: 'H320102001', secret: 'demo-secret-nj' };

describe('journey 8: the hospital desk', () => {
  let bff: RunningBff;
  let phoneBrowser: Browser;
  let deskBrowser: Browser | undefined;
  let work: string;
  const consoles: string[] = [];
  const world = specWorld();
  let fatherToken: string;
  let child: { memberId: string; personId: string };
  let y4m: string;
  // the father's phone stays on the child's code: it must show the desk's check-in within 2 s (#14 finding 7)
  let father: Awaited<ReturnType<typeof phone>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'yibao-desk-e2e-'));
    bff = await startBff({ world, now: NOW, qrTtlSeconds: 120 });
    phoneBrowser = await launch();
    const wang = find(world as never, '王建国');
    fatherToken = await apiCitizen(bff.url, 'e2e-j8-wang', wang);
    child = await bindViaApi(bff.url, fatherToken, find(world as never, '王小明'), 'CHILD');
    // the grandmother joins too (with her own account): her 我加入的家庭 shows the father's network
    await bindViaApi(bff.url, fatherToken, find(world as never, '李秀英'), 'PARENT', 'e2e-j8-li');
    expect((await api(bff.url, 'PUT', '/family/modes', { pay: true, premium: true }, fatherToken)).status).toBe(200);

    // the father's phone shows the child's code; its screenshot becomes the desk camera's video
    const p = await phone(phoneBrowser);
    p.consoleLog.unshift('--- phone 王建国');
    await signIn(p.page, bff.url, 'e2e-j8-wang');
    await open(p.page, bff.url, 'qrcode');
    await p.page.click(`.page-qrcode #qr-person-${child.personId}`);
    await eventually(() => p.page.locator('.page-qrcode .js-qr-name').textContent(), (t) => expect(t).toContain('王**'));
    const qr = p.page.locator('.page-qrcode .js-qrcode');
    await qr.waitFor();
    await shot(p.page, NAME, 'phone-child-code');
    consoles.push(...p.consoleLog);
    y4m = cameraVideo(PNG.sync.read(await qr.screenshot()), work);
    father = p;

    deskBrowser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    });
  });

  afterAll(async () => {
    writeConsole(NAME, [...consoles, '--- BFF log', bff?.log() ?? '']);
    await deskBrowser?.close();
    await father?.context.close().catch(() => undefined);
    await phoneBrowser?.close();
    await bff?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('signs in, checks the child in by camera and by keyboard, settles, prints and refunds', async () => {
    const context = await deskBrowser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['camera'] });
    // the desk reads "today" and dates its bill numbers by the browser's clock: the sandbox's
    await context.clock.setFixedTime(new Date(NOW));
    const page = await context.newPage();
    page.on('console', (m) => consoles.push(`[desk ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoles.push(`[desk pageerror] ${e.message}`));
    const cspViolations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));

    // sign-in
    const res = await page.goto(`${bff.url}/desk/`);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('医院编号').fill(HOSPITAL.hospitalId);
    await page.getByLabel('终端密钥').fill(HOSPITAL.secret);
    await shot(page, NAME, 'desk-signin');
    await page.getByRole('button', { name: '登录' }).click();
    const code = page.getByLabel('医保码');
    await code.waitFor();
    expect(page.url()).toBe(`${bff.url}/desk/`); // no token in the URL
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['yibao.desk.session']);
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await shot(page, NAME, 'desk-ready');

    // camera path: the fake camera plays the phone's code
    const checkInAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/hospital/check-ins') && r.request().method() === 'POST', { timeout: 30_000 });
    await page.getByRole('button', { name: '扫码' }).click();
    expect((await checkInAnswer).status()).toBe(201);
    const scannedAt = Date.now();
    // #14 finding 7: the father's phone says where the child was checked in, within 2 s of the desk's scan
    const done = father.page.locator('.page-qrcode .js-qr-done-title');
    await done.waitFor({ timeout: 2000 });
    const seenAfterMs = Date.now() - scannedAt;
    console.log(`[e2e] 08-desk: the phone showed the check-in ${seenAfterMs} ms after the desk's scan`);
    expect(seenAfterMs).toBeLessThanOrEqual(2000);
    expect(await done.textContent()).toBe('已在 南京市第一医院 完成签到');
    expect(await father.page.locator('.page-qrcode .js-qrcode').count()).toBe(0);
    await shot(father.page, NAME, 'phone-checked-in');
    const card = page.getByRole('article', { name: '患者信息' });
    await card.waitFor({ timeout: 30_000 });
    const cardText = await card.textContent();
    for (const t of ['王**', '320***********0151', '男', '11岁', '江苏省南京市']) expect(cardText).toContain(t);
    await shot(page, NAME, 'desk-camera-checked-in');

    // the same code again, by the keyboard path: refused with what to do
    await page.keyboard.press('Escape');
    await eventually(() => code.evaluate((el) => el === document.activeElement), (v) => expect(v).toBe(true));
    await page.keyboard.type(cameraToken);
    await page.keyboard.press('Enter');
    await page.getByText(/该医保码已(于.*)?使用，请患者刷新医保码后重新出示/).waitFor();
    await shot(page, NAME, 'desk-refused-already-used');

    // keyboard path with a fresh code (a USB scanner types it and presses Enter)
    const fresh = await api(bff.url, 'POST', '/qrcodes', { personId: child.personId }, fatherToken);
    expect(fresh.status).toBe(201);
    await page.keyboard.type(fresh.body.token);
    await page.keyboard.press('Enter');
    await card.waitFor();
    await eventually(() => page.getByLabel('总金额').evaluate((el) => el === document.activeElement), (v) => expect(v).toBe(true));
    await shot(page, NAME, 'desk-keyboard-checked-in');

    // the three screens of the issue: nothing wider than the window
    for (const [w, h] of [[1280, 800], [1024, 768], [1366, 768]] as const) {
      await page.setViewportSize({ width: w, height: h });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (w !== 1366) await shot(page, NAME, `desk-${w}x${h}`);
    }

    // counter settlement: runs once the P-SET endpoints answer
    const desk = (await api(bff.url, 'POST', '/hospital/sessions', HOSPITAL)).body.accessToken as string;
    const probe = await api(bff.url, 'GET', `/hospital/settlements?since=${encodeURIComponent('2026-11-24T00:00:00+08:00')}`, undefined, desk);
    if (probe.status === 404) {
      console.log('[e2e] 08-desk: SKIPPED preview / settle / receipt / refund — the counter-settlement endpoints (API.md P-SET) answer 404 on this BFF');
    } else {
      expect(probe.status).toBe(200);
      await settleAndRefund(page);
    }

    expect(cspViolations).toEqual([]);
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
  });

  async function settleAndRefund(page: Page) {
    const meBefore = (await api(bff.url, 'GET', '/me', undefined, fatherToken)).body.person.insurance.account;
    await page.getByLabel('总金额').fill('320.00');
    await page.keyboard.press('Enter');
    await page.getByLabel('合规金额').fill('300.00');
    const preview = page.getByRole('region', { name: '预结算' });
    await preview.getByText('家庭共济（王**）').waitFor();
    for (const t of ['统筹基金', '个人账户(当年)', '个人账户(历年)', '现金', '本次计入起付线']) await preview.getByText(t).first().waitFor();
    await shot(page, NAME, 'desk-preview');
    const family = money(await preview.locator('tr', { hasText: '家庭共济（王**）' }).locator('td').textContent());
    expect(family).toBeGreaterThan(0);

    await page.keyboard.press('Control+Enter');
    const receipt = page.getByRole('article', { name: '结算收据' });
    await receipt.waitFor();
    const billNo = (await receipt.locator('dd').nth(2).textContent())!;
    expect(await receipt.locator('dd').nth(0).textContent()).toBe('南京市第一医院（H320102001）');
    await shot(page, NAME, 'desk-receipt');
    await page.emulateMedia({ media: 'print' });
    await shot(page, NAME, 'desk-receipt-print');
    mkdirSync(join(ARTIFACTS, NAME), { recursive: true });
    await page.pdf({ path: join(ARTIFACTS, NAME, 'receipt-A5.pdf'), format: 'A5', printBackground: false });
    await page.pdf({ path: join(ARTIFACTS, NAME, 'receipt-80mm.pdf'), width: '80mm', height: '200mm', printBackground: false });
    await page.emulateMedia({ media: 'screen' });

    // the father's 历年结余 paid the family part
    const meAfter = (await api(bff.url, 'GET', '/me', undefined, fatherToken)).body.person.insurance.account;
    expect(meBefore.historicalFen - meAfter.historicalFen).toBe(family);
    const ledger = await api(bff.url, 'GET', '/account/ledger', undefined, fatherToken);
    expect(ledger.status).toBe(200);
    const entry = ledger.body.entries[0];
    expect(entry).toMatchObject({ kind: 'FAMILY_SETTLEMENT', amountFen: -family, bucket: 'HISTORICAL', person: { maskedName: '王**' }, hospital: { hospitalId: HOSPITAL.hospitalId } });

    // the father's phone (P-SET-7): 账户明细 shows the payment with the child (儿子, masked: #14 finding 1) and the hospital
    const father = await phone(phoneBrowser);
    father.page.on('console', (m) => consoles.push(`[father ${m.type()}] ${m.text()}`));
    await signIn(father.page, bff.url, 'e2e-j8-wang');
    await father.page.locator('.page-home .js-home-family-payment').waitFor();
    expect(await father.page.locator('.page-home .js-home-family-payment').textContent()).toContain(`为子女 王**在南京市第一医院支付 ${yuanText(family)}`);
    await still(father.page); await shot(father.page, NAME, 'phone-home-family-payment');
    await open(father.page, bff.url, 'statement');
    const first = father.page.locator('.page-statement .js-entry').first();
    await first.waitFor();
    expect(await first.locator('.js-entry-title').textContent()).toBe('为家人共济支付 · 儿子 王**');
    expect(await first.locator('.js-entry-detail').textContent()).toContain('南京市第一医院');
    expect(await first.locator('.js-entry-amount').textContent()).toBe(`−${yuanText(family)}`);
    expect(money(await father.page.locator('.page-statement .js-statement-historical').textContent())).toBe(meAfter.historicalFen);
    await still(father.page); await shot(father.page, NAME, 'phone-statement');
    await open(father.page, bff.url, 'settlements');
    const bill = father.page.locator('.page-settlements .js-settlement').first();
    await bill.waitFor();
    expect(await bill.locator('.js-settlement-patient').textContent()).toBe('儿子 王**');
    expect(await bill.locator('.js-settlement-status').textContent()).toBe('已结算');
    await bill.getByText('家庭共济（王**，我的账户）').waitFor();
    await still(father.page); await shot(father.page, NAME, 'phone-settlements');

    // today: the row, 退费 behind a confirmation
    const row = page.locator(`tr[data-bill="${billNo}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: '退费' }).click();
    await page.getByRole('dialog').waitFor();
    await shot(page, NAME, 'desk-refund-confirm');
    await page.getByRole('button', { name: '确认退费' }).click();
    await row.getByText(/已退费/).waitFor();
    await shot(page, NAME, 'desk-refunded');
    const meBack = (await api(bff.url, 'GET', '/me', undefined, fatherToken)).body.person.insurance.account;
    expect(meBack).toEqual(meBefore);

    // the father's 账户明细 after the refund: the refund as its own entry, the balance back
    await open(father.page, bff.url, 'statement');
    const refund = father.page.locator('.page-statement .js-entry').first();
    await refund.waitFor();
    expect(await refund.locator('.js-entry-title').textContent()).toBe('退费');
    expect(await refund.locator('.js-entry-detail').textContent()).toContain('为家人 儿子 王** 共济支付的费用退回');
    expect(await refund.locator('.js-entry-amount').textContent()).toBe(`+${yuanText(family)}`);
    expect(await father.page.locator('.page-statement .js-entry').nth(1).locator('.js-entry-title').textContent()).toBe('为家人共济支付 · 儿子 王**');
    await eventually(() => father.page.locator('.page-statement .js-statement-historical').textContent(), (t) => expect(money(t)).toBe(meBefore.historicalFen));
    await still(father.page); await shot(father.page, NAME, 'phone-statement-refunded');
    await open(father.page, bff.url, 'settlements');
    await father.page.locator('.page-settlements .js-settlement .js-settlement-refunded').first().waitFor();
    await still(father.page); await shot(father.page, NAME, 'phone-settlements-refunded');
    await open(father.page, bff.url, 'home');
    await eventually(() => father.page.locator('.page-home .js-balance-historical').textContent(), (t) => expect(money(t)).toBe(meBefore.historicalFen));
    await eventually(() => father.page.locator('.page-home .js-home-family-payment').textContent(), (t) => expect(t).toContain('（已退费）'));
    await still(father.page); await shot(father.page, NAME, 'phone-home-refunded');

    // 大字版 (switched on 我的): the same pages, larger
    await open(father.page, bff.url, 'mine');
    await father.page.click('.page-mine .js-elder-switch');
    for (const name of ['statement', 'settlements', 'memberships']) {
      await open(father.page, bff.url, name);
      await father.page.locator(`.page-${name}.elder`).first().waitFor();
      await father.page.locator(`.page-${name} .js-entry, .page-${name} .js-settlement, .page-${name} .js-empty`).first().waitFor();
      await still(father.page); await shot(father.page, NAME, `phone-${name}-elder`);
    }
    await father.context.close();

    // the grandmother's 我加入的家庭: the father's network, what leaving does before it is done
    const li = await phone(phoneBrowser);
    li.page.on('console', (m) => consoles.push(`[li ${m.type()}] ${m.text()}`));
    await signIn(li.page, bff.url, 'e2e-j8-li');
    await open(li.page, bff.url, 'memberships');
    const joined = li.page.locator('.page-memberships .js-membership').first();
    await joined.waitFor();
    expect(await joined.locator('.js-membership-organizer').textContent()).toBe('王** 的家庭');
    expect(await joined.locator('.js-membership-relation').textContent()).toBe('母亲'); // #14 finding 1: what she is to him, by her gender
    expect(await joined.locator('.js-membership-pay').textContent()).toContain('已开启');
    await still(li.page); await shot(li.page, NAME, 'phone-memberships');
    await joined.locator('.js-membership-leave').click();
    const leaveText = li.page.getByText(/退出后，王\*\*的个人账户将不再为您共济支付就医费用、代缴医保，已完成的支付和缴费不受影响/);
    await leaveText.waitFor({ state: 'visible' });
    await still(li.page); await shot(li.page, NAME, 'phone-memberships-leave-confirm');
    await li.page.locator('.taro-model__cancel').filter({ visible: true }).click();
    await leaveText.waitFor({ state: 'hidden' });
    expect(await li.page.locator('.page-memberships .js-membership').count()).toBe(1);
    await li.context.close();
  }
});

/** Waits until no CSS transition or animation runs (Taro H5's page slide, the modal's fade). */
async function still(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/** "¥15.00" as the app writes fen (the ledger's amounts, signed by the page). */
function yuanText(fen: number): string {
  return `¥${yuan(fen)}`;
}

/** The token in the camera's picture (decoded from the phone's screenshot). */
let cameraToken = '';

/** A 640×480 white frame with the code in the middle, as a 4-second y4m for Chromium's fake camera. */
function cameraVideo(code: PNG, dir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsQR = require('jsqr') as typeof import('jsqr').default;
  const decoded = jsQR(new Uint8ClampedArray(code.data.buffer, code.data.byteOffset, code.data.length), code.width, code.height);
  if (!decoded) throw new Error('the phone’s code did not decode');
  cameraToken = decoded.data;
  const frame = new PNG({ width: 640, height: 480 });
  frame.data.fill(255);
  const scale = Math.min(1, 420 / Math.max(code.width, code.height));
  const w = Math.round(code.width * scale);
  const h = Math.round(code.height * scale);
  const x0 = Math.round((640 - w) / 2);
  const y0 = Math.round((480 - h) / 2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(code.width - 1, Math.floor(x / scale));
      const sy = Math.min(code.height - 1, Math.floor(y / scale));
      const s = (sy * code.width + sx) * 4;
      const d = ((y0 + y) * 640 + x0 + x) * 4;
      frame.data[d] = code.data[s];
      frame.data[d + 1] = code.data[s + 1];
      frame.data[d + 2] = code.data[s + 2];
      frame.data[d + 3] = 255;
    }
  }
  const png = join(dir, 'qr.png');
  writeFileSync(png, PNG.sync.write(frame));
  mkdirSync(join(ARTIFACTS, NAME), { recursive: true });
  writeFileSync(join(ARTIFACTS, NAME, 'camera-frame.png'), PNG.sync.write(frame));
  const out = join(dir, 'qr.y4m');
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '4', '-r', '10', '-pix_fmt', 'yuv420p', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed (apt-get install ffmpeg): ${r.stderr || r.error}`);
  return out;
}
