/**
 * The one random helper (issue 15): Web Crypto when present (H5), else the pool filled from
 * Taro.getRandomValues (wx.getRandomValues on weapp, where `crypto` does not exist), else
 * Math.random; never an unguarded global.
 */
import Taro from '@tarojs/taro'
import { newIdempotencyKey, pooledBytes, randomBytes, randomId, refillRandomPool, resetRandomPool } from './random'

const T = Taro as unknown as { getRandomValues?: unknown }
const realCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')

function withoutCrypto() {
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true })
}

afterEach(() => {
  if (realCrypto) Object.defineProperty(globalThis, 'crypto', realCrypto)
  delete T.getRandomValues
  resetRandomPool()
})

test('uses Web Crypto when the platform has it (H5)', () => {
  const spy = jest.spyOn(globalThis.crypto, 'getRandomValues')
  expect(randomBytes(8)).toHaveLength(8)
  expect(spy).toHaveBeenCalledTimes(1)
  spy.mockRestore()
})

test('weapp (no crypto): bytes come from Taro.getRandomValues through the pool', async () => {
  withoutCrypto()
  let calls = 0
  T.getRandomValues = (o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) => {
    calls++
    const b = new Uint8Array(o.length).fill(7)
    o.success({ randomValues: b.buffer })
  }
  await refillRandomPool()
  expect(calls).toBe(1)
  expect(pooledBytes()).toBe(256)
  expect(Array.from(randomBytes(4))).toEqual([7, 7, 7, 7])
  expect(pooledBytes()).toBe(252)
})

test('no crypto and no platform source: Math.random, still the right alphabet and length', async () => {
  withoutCrypto()
  await refillRandomPool()
  expect(pooledBytes()).toBe(0)
  expect(randomId(20)).toMatch(/^[A-Za-z0-9]{20}$/)
})

test('a failing platform source falls back without a throw', async () => {
  withoutCrypto()
  T.getRandomValues = (o: { fail: (e: unknown) => void }) => o.fail(new Error('no'))
  await refillRandomPool()
  expect(pooledBytes()).toBe(0)
  expect(randomBytes(3)).toHaveLength(3)
})

test('idempotency keys match API.md (8–64 of A-Za-z0-9_-) and differ', () => {
  const a = newIdempotencyKey()
  const b = newIdempotencyKey()
  expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  expect(a).not.toBe(b)
})
