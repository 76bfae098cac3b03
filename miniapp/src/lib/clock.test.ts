import { noteServerToken, resetClock, serverNow, serverOffsetMs } from './clock'
import { jwtClaims } from './jwt'

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

describe('the BFF clock (SANDBOX_NOW may differ from the phone)', () => {
  it('reads JWT claims without atob (WeChat has none)', () => {
    expect(jwtClaims(jwt({ iat: 1, sub: '王' }))).toEqual({ iat: 1, sub: '王' })
    expect(jwtClaims('opaque')).toBeNull()
  })

  it('takes the offset from the access token iat; small drifts are ignored', () => {
    const now = Date.now()
    noteServerToken(jwt({ iat: Math.floor(now / 1000) + 30 }), now)
    expect(Math.abs(serverNow() - Date.now())).toBeLessThan(1000)
    const year = 365 * 24 * 3600 * 1000
    noteServerToken(jwt({ iat: Math.floor((now + year) / 1000) }), now)
    expect(serverNow() - Date.now()).toBeGreaterThan(year - 5000)
    // the BFF's time is taken at the upper end of iat's second: never behind it
    const at = 1_800_000_000_500
    noteServerToken(jwt({ iat: Math.floor((at + year) / 1000) }), at)
    expect(serverOffsetMs()).toBe(year + 499)
    resetClock() // read back from storage
    expect(serverNow() - Date.now()).toBeGreaterThan(year - 5000)
  })
})
