import { qrDataUrl, validityMs } from './qr'

describe('QR helpers (P-QR-1)', () => {
  it('draws a GIF data URL about 600 px wide with a white quiet zone', () => {
    const url = qrDataUrl('x'.repeat(200))
    expect(url).toMatch(/^data:image\/gif;base64,/)
    const bytes = Buffer.from(url.split(',')[1], 'base64')
    const width = bytes.readUInt16LE(6)
    expect(width).toBeGreaterThanOrEqual(480)
    expect(width).toBeLessThanOrEqual(600)
  })

  it('validity from expiresAt, or from the token when the clocks disagree', () => {
    const now = Date.parse('2026-11-24T10:00:00+08:00')
    expect(validityMs('t', '2026-11-24T10:01:00+08:00', now)).toBe(60_000)
    const claims = Buffer.from(JSON.stringify({ iat: 1900000000, exp: 1900000030 })).toString('base64url')
    expect(validityMs(`h.${claims}.s`, '2030-01-01T00:00:00Z', now)).toBe(30_000)
    expect(validityMs('opaque', '2030-01-01T00:00:00Z', now)).toBe(60_000)
  })
})
