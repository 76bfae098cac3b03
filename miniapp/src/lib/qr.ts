import qrcode from 'qrcode-generator'
import { jwtClaims } from './jwt'
import { DEFAULT_QR_TTL_SECONDS } from './shared'

/**
 * The QR image of a token as a GIF data URL (pure JS: works on WeChat and H5), about
 * `targetPx` pixels wide including a 4-module white quiet zone.
 */
export function qrDataUrl(text: string, targetPx = 600): string {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const modules = qr.getModuleCount()
  const quiet = 4
  const cell = Math.max(2, Math.floor(targetPx / (modules + quiet * 2)))
  return qr.createDataURL(cell, cell * quiet)
}

/**
 * How long a freshly received token stays valid, in ms: the shorter of expiresAt minus
 * `receivedAt` (the BFF's clock as estimated by clock.ts; ignored when implausible) and the
 * token's own JWT exp − iat; the default validity (P-QR-1, 60 s) when neither is known.
 */
export function validityMs(token: string, expiresAt: string, receivedAt: number): number {
  const found: number[] = []
  const direct = Date.parse(expiresAt) - receivedAt
  if (Number.isFinite(direct) && direct > 0 && direct <= 15 * 60 * 1000) found.push(direct)
  const claims = jwtClaims(token)
  const exp = Number(claims?.exp)
  const iat = Number(claims?.iat)
  if (Number.isFinite(exp) && Number.isFinite(iat) && exp > iat) found.push((exp - iat) * 1000)
  // the shorter one: a code is refreshed early rather than shown after it died
  return found.length > 0 ? Math.min(...found) : DEFAULT_QR_TTL_SECONDS * 1000
}
