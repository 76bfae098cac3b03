import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningBff, specWorld, startBff } from './bff';
import { launch, phone, shot, writeConsole } from './browser';

/** 2026-11-24 10:00 in Shanghai: inside the 2027 enrolment windows of the spec world. */
export const NOW = '2026-11-24T10:00:00+08:00';

export interface Journey {
  bff: RunningBff;
  browser: Browser;
  world: ReturnType<typeof specWorld>;
  /** A fresh phone (browser context); its console is kept and written out at the end. */
  phone(label?: string): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, step: string): Promise<string>;
}

/**
 * One BFF (own port, data folder, world file) and one Chromium per journey file. Screenshots
 * go to e2e-artifacts/<journey>/; the pages' console logs are written there too, so a failing
 * step keeps its screenshot and log.
 */
export function journey(name: string, opts: { world?: (w: ReturnType<typeof specWorld>) => unknown; now?: string; qrTtlSeconds?: number } = {}): Journey {
  const consoles: string[][] = [];
  const pages: Page[] = [];
  const j = {} as Journey;
  beforeAll(async () => {
    j.world = specWorld();
    const world = opts.world ? opts.world(j.world) : j.world;
    j.bff = await startBff({ world, now: opts.now ?? NOW, qrTtlSeconds: opts.qrTtlSeconds });
    j.browser = await launch();
    j.phone = async (label = `phone${consoles.length + 1}`) => {
      const p = await phone(j.browser);
      p.consoleLog.unshift(`--- ${label}`);
      consoles.push(p.consoleLog);
      pages.push(p.page);
      return p;
    };
    j.shot = (page, step) => shot(page, name, step);
  });
  afterAll(async () => {
    // the last state of every page, whatever happened (a failing step keeps its screenshot)
    for (const [i, page] of pages.entries()) {
      if (!page.isClosed()) await shot(page, name, `end-phone${i + 1}`).catch(() => undefined);
    }
    writeConsole(name, [...consoles.flat(), '--- BFF log', j.bff?.log() ?? '']);
    await j.browser?.close();
    await j.bff?.stop();
  });
  return j;
}
