import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { Browser, BrowserContext, chromium, ConsoleMessage, Locator, Page } from 'playwright-core';
import { ROOT } from './bff';

export const ARTIFACTS = join(ROOT, 'e2e-artifacts');
const shots: string[] = [];

/** Debian's Chromium; no browser download (flags as the machine's notes require). */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context (fresh profile per context) that keeps the page console for failures. */
export async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page; consoleLog: string[] }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const consoleLog: string[] = [];
  page.on('console', (m: ConsoleMessage) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
  return { context, page, consoleLog };
}

/** Saves a screenshot of a step under e2e-artifacts/<journey>/ and remembers it for the run's list. */
export async function shot(page: Page, journey: string, step: string): Promise<string> {
  const dir = join(ARTIFACTS, journey);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${String(shots.length + 1).padStart(2, '0')}-${step}.png`);
  // wait for page slides and fades to end (a spinner's endless animation does not count)
  await page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
  return file;
}

export function writeConsole(journey: string, lines: string[]): void {
  mkdirSync(join(ARTIFACTS, journey), { recursive: true });
  writeFileSync(join(ARTIFACTS, journey, 'console.log'), lines.join('\n'));
}

export function screenshotsTaken(): string[] {
  return [...shots];
}

/** Decodes the QR code shown in an element from a screenshot of that element alone. */
export async function decodeQr(el: Locator): Promise<string> {
  const png = PNG.sync.read(await el.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code could be decoded from the element screenshot');
  return code.data;
}
