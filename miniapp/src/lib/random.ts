/**
 * The one source of random bytes in the mini-program.
 *
 * WeChat's app service has no Web Crypto (`crypto` is undefined, and on old iOS even
 * `globalThis` is); its random source is `wx.getRandomValues` (Taro.getRandomValues), which is
 * asynchronous. So a pool of platform bytes is filled at start-up (app.ts calls
 * `refillRandomPool`) and topped up after each use; callers stay synchronous. Order:
 * Web Crypto when the platform has it (H5), else the platform pool, else Math.random for
 * what the pool lacks (ids here are openid stand-ins and idempotency keys: uniqueness, not
 * secrecy). No global is read unguarded.
 */
import Taro from '@tarojs/taro'

type GetRandomValues = (o: { length: number; success?: (r: { randomValues: ArrayBuffer }) => void; fail?: (e: unknown) => void }) => unknown
type WebCrypto = { getRandomValues?: (a: Uint8Array) => Uint8Array }

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const POOL_SIZE = 256

let pool: number[] = []
let refilling = false

/** Web Crypto, read without touching an undeclared global. */
function webCrypto(): WebCrypto | undefined {
  const c = typeof crypto !== 'undefined' ? (crypto as WebCrypto) : undefined
  return c && typeof c.getRandomValues === 'function' ? c : undefined
}

/** Taro.getRandomValues (Taro proxies wx.getRandomValues on weapp) when the platform has one. */
function platformSource(): GetRandomValues | undefined {
  const t = Taro as unknown as { getRandomValues?: GetRandomValues }
  return typeof t.getRandomValues === 'function' ? t.getRandomValues.bind(t) : undefined
}

/** Asks the platform for a pool of random bytes; resolves when they arrived (or it has none). */
export function refillRandomPool(): Promise<void> {
  const source = platformSource()
  if (!source || refilling || pool.length >= POOL_SIZE) return Promise.resolve()
  refilling = true
  return new Promise<void>((resolve) => {
    const done = () => {
      refilling = false
      resolve()
    }
    try {
      source({
        length: POOL_SIZE,
        success: (r) => {
          const bytes = new Uint8Array(r.randomValues)
          for (let i = 0; i < bytes.length; i++) pool.push(bytes[i])
          done()
        },
        fail: done,
      })
    } catch {
      done()
    }
  })
}

/** `length` random bytes (see the module comment for the sources, in order). */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  const c = webCrypto()
  if (c && c.getRandomValues) {
    c.getRandomValues(bytes)
    return bytes
  }
  const taken = pool.splice(0, length)
  for (let i = 0; i < length; i++) bytes[i] = i < taken.length ? taken[i] : Math.floor(Math.random() * 256)
  if (pool.length < POOL_SIZE / 2) void refillRandomPool()
  return bytes
}

/** Bytes left in the platform pool (tests). */
export function pooledBytes(): number {
  return pool.length
}

/** Empties the pool (tests). */
export function resetRandomPool(): void {
  pool = []
  refilling = false
}

/** Random string of [A-Za-z0-9]. */
export function randomId(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET.charAt(bytes[i] % ALPHABET.length)
  return out
}

/** An Idempotency-Key (API.md: 8–64 of A-Za-z0-9_-). */
export function newIdempotencyKey(): string {
  return `pay-${Date.now().toString(36)}-${randomId(16)}`
}
