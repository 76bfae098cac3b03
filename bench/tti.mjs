// Time to interactive of the H5 home page in Chromium over loopback, cold cache each time:
// from navigation start until the home page shows its content (signed out: 未登录; signed in:
// the person's masked name, after GET /me) and the main thread has had no long task (> 50 ms)
// for 500 ms — the latest of the two, in the spirit of Lighthouse's TTI.
import fs from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const QUIET_MS = 500

/** null when no Chromium is installed (the caller prints why). */
export async function interactiveMs(base, { signedInTokens, runs = 5 } = {}) {
  if (!fs.existsSync(CHROMIUM)) return null
  const { chromium } = require('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
  try {
    const measure = async (tokens) => {
      const times = []
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
        await context.addInitScript(
          ({ tokens }) => {
            window.__longTasks = []
            try {
              new PerformanceObserver((list) => {
                for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration)
              }).observe({ type: 'longtask', buffered: true })
            } catch {
              /* no long-task API: content time only */
            }
            // Taro H5 storage format: {"data": value}
            if (tokens && !localStorage.getItem('yibao.tokens')) localStorage.setItem('yibao.tokens', JSON.stringify({ data: tokens }))
          },
          { tokens },
        )
        const page = await context.newPage()
        const selector = tokens ? '.page-home .js-person-name' : '.page-home .js-signin-state'
        await page.goto(base + '/', { waitUntil: 'commit' })
        const shown = await page.waitForFunction(
          (sel) => {
            const el = document.querySelector(sel)
            return el && el.getBoundingClientRect().height > 0 && el.textContent ? performance.now() : false
          },
          selector,
          { polling: 'raf', timeout: 30_000 },
        )
        const contentAt = await shown.jsonValue()
        await page.waitForTimeout(QUIET_MS)
        const lastLongTask = await page.evaluate(() => Math.max(0, ...window.__longTasks))
        times.push(Math.max(contentAt, lastLongTask))
        await context.close()
      }
      times.sort((a, b) => a - b)
      return { median: times[Math.floor(times.length / 2)], all: times.map((t) => Math.round(t)) }
    }
    const signedOut = await measure(null)
    const signedIn = signedInTokens ? await measure(signedInTokens) : null
    return { signedOut, signedIn }
  } finally {
    await browser.close()
  }
}
