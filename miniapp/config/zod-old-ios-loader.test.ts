/**
 * Issue 15: zod in the weapp must load on iOS JavaScriptCore without BigInt (before 14) and
 * without globalThis (before 12.2), and never reach the Function constructor (WeChat forbids it).
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import zodOldIosLoader from './zod-old-ios-loader'

// the package root (zod's exports map hides its files from require.resolve)
const zodRoot = path.dirname(require.resolve('zod'))

const oldIos = () => {
  const ctx = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } })
  vm.runInContext('delete this.BigInt; delete this.globalThis;', ctx)
  return ctx
}

test('the shapes zod uses at module load run without BigInt/globalThis after the rewrite', () => {
  const src = [
    'var _a;',
    '(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});',
    'var globalConfig = globalThis.__zod_globalConfig;',
    'var ranges = { int64: [BigInt("-9223372036854775808"), BigInt("9223372036854775807")] };',
    'var probe = (function () { try { const F = Function; new F(""); return true } catch (e) { return false } })();',
    '({ globalConfig, ranges, probe })',
  ].join('\n')
  expect(() => vm.runInContext(src, oldIos())).toThrow(/globalThis is not defined|BigInt is not defined/)
  const out = vm.runInContext(zodOldIosLoader(src), oldIos())
  expect(out.globalConfig).toEqual({})
  expect(out.ranges.int64[1]).toBe(9223372036854775807)
  expect(out.probe).toBe(false) // zod takes its jitless path
})

test('with BigInt and globalThis present, they are used as they are', () => {
  const out = vm.runInContext(zodOldIosLoader('({ g: globalThis === this, b: typeof BigInt("1") })'), vm.createContext({}))
  expect(out).toEqual({ g: true, b: 'bigint' })
})

test("zod's own files that use these names are rewritten to guarded forms", () => {
  for (const f of ['core.js', 'registries.js', 'util.js']) {
    const out = zodOldIosLoader(fs.readFileSync(path.join(zodRoot, 'v4', 'core', f), 'utf8'))
    const body = out.split('\n').slice(1).join('\n').replace(/^var __yibao.*$/gm, '')
    expect(body).not.toMatch(/\bglobalThis\b|\bBigInt\s*\(|=\s*Function\s*;/)
  }
})

test('a file without those names is left alone', () => {
  expect(zodOldIosLoader('export const a = 1')).toBe('export const a = 1')
})
