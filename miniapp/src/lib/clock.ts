/**
 * The BFF's clock as seen from the phone. The sandbox BFF may run on another date
 * (SANDBOX_NOW); its tokens carry `iat` in its time, so each sign-in/refresh measures the
 * offset. Used for "open now" products, maintenance windows and QR countdowns. Offsets
 * under 2 minutes are ignored (normal phone clock drift and second-rounded iat).
 */
import { jwtClaims } from './jwt'
import { KEYS, readItem, writeItem } from './storage'

let offsetMs: number | undefined

export function noteServerToken(accessToken: string, receivedAt = Date.now()): void {
  const iat = Number(jwtClaims(accessToken)?.iat)
  if (!Number.isFinite(iat)) return
  // iat is whole seconds, so the BFF's time at issue lay in [iat, iat + 1 s): take the upper end,
  // so that a QR countdown ends early rather than late (a 12 s code never shows 13)
  const off = iat * 1000 + 999 - receivedAt
  offsetMs = Math.abs(off) > 120_000 ? off : 0
  writeItem(KEYS.clockOffset, offsetMs)
}

export function serverOffsetMs(): number {
  if (offsetMs === undefined) {
    const v = readItem<number>(KEYS.clockOffset)
    offsetMs = typeof v === 'number' && Number.isFinite(v) ? v : 0
  }
  return offsetMs
}

/** Now on the BFF's clock (ms). */
export function serverNow(): number {
  return Date.now() + serverOffsetMs()
}

/** Tests only. */
export function resetClock(): void {
  offsetMs = undefined
}
